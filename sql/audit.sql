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
