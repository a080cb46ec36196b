-- audit.sql -- the hash-chained audit log of campaign events
-- Rows are only ever appended (src/review/audit.c computes the hashes).

-- name: audit_head
SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- name: audit_insert
INSERT INTO audit_log (at, campaign_id, event, actor, item_id, detail,
	previous_hash, hash)
VALUES (:at, nullif(:campaign, 0), :event, :actor, nullif(:item, 0),
	:detail, :previous, :hash);

-- name: audit_rows
SELECT id, at, campaign_id, event, actor, item_id, detail, previous_hash,
	hash
FROM audit_log ORDER BY id;

-- Each decided item against the latest decision the log records for it:
-- a decision changed in the table but not in the log shows here.
-- name: audit_decisions_unlogged
SELECT i.id, i.decision, i.version,
	(SELECT l.detail FROM audit_log l WHERE l.item_id = i.id
		AND l.event = 'decision' ORDER BY l.id DESC LIMIT 1) AS logged
FROM review_item i WHERE i.decision IS NOT NULL ORDER BY i.id;

-- Every campaign has its 'open' row: an emptied log does not verify.
-- name: audit_campaigns_unlogged
SELECT id FROM campaign WHERE id NOT IN (SELECT campaign_id FROM audit_log
	WHERE event = 'open' AND campaign_id IS NOT NULL) ORDER BY id;

-- Each reviewer's frozen assignment as logged when the campaign opened.
-- name: audit_assignments
SELECT id, campaign_id, json_extract(detail, '$.reviewer') AS reviewer,
	json_extract(detail, '$.items') AS items,
	json_extract(detail, '$.items_sha256') AS items_sha256
FROM audit_log WHERE event = 'assignment' ORDER BY id;

-- Items of a reviewer the log never assigned: added after the opening.
-- name: audit_reviewers_unassigned
SELECT DISTINCT i.campaign_id, i.reviewer FROM review_item i
WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.event = 'assignment'
	AND l.campaign_id = i.campaign_id
	AND json_extract(l.detail, '$.reviewer') = i.reviewer)
ORDER BY 1, 2;
