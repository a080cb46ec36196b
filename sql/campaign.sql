-- campaign.sql -- review campaigns: opening, status, closing
-- Parameters: :campaign, :snapshot, :system, :period, :at (ISO 8601 UTC
-- text), :actor, :fallback (the fallback reviewer, NULL when unset).

-- name: campaign_of_period
SELECT id, state, closed_at FROM campaign WHERE period = :period
ORDER BY id DESC LIMIT 1;

-- name: campaign_insert
INSERT INTO campaign (kind, period, reason, snapshot_id, opened_at,
	opened_by, due, reopens)
VALUES (:kind, :period, :reason, :snapshot, :at, :actor, :due,
	nullif(:reopens, 0));

-- name: campaign_latest
SELECT coalesce(max(id), 0) FROM campaign;

-- name: campaign_get
SELECT id, kind, period, reason, snapshot_id, opened_at, opened_by, due,
	state, closed_at, closed_by, forced, force_reason, reopens
FROM campaign WHERE id = :campaign;

-- The snapshot's systems, for the scope of a campaign.
-- name: campaign_snapshot_systems
SELECT name, category, owner FROM system WHERE snapshot_id = :snapshot
ORDER BY name;

-- name: campaign_system_insert
INSERT INTO campaign_system (campaign_id, system, category, owner,
	reviewer_rule)
VALUES (:campaign, :system, :category, :owner, :rule);

-- name: campaign_delegate_insert
INSERT OR IGNORE INTO campaign_delegate (campaign_id, system, delegate)
VALUES (:campaign, :system, :delegate);

-- One item per active account of the system.  The reviewer is the owner,
-- or with :rule = 'manager' the manager of the account's person (their
-- manager attribute names the manager's entry, uid or address), else the
-- owner (:owner, the configuration's, which may be newer than the
-- snapshot's).  Nobody reviews their own account: the item then goes to the
-- fallback reviewer, and to nobody ('') when there is none or it is the
-- fallback's own account, which campaign_open refuses.
-- name: campaign_insert_account_items
INSERT INTO review_item (campaign_id, kind, system, account, account_id,
	person, person_name, entitlement, privileged, findings, mfa,
	last_login, reviewer, reviewer_role)
SELECT :campaign, 'account', c.system, c.account, c.account_id,
	c.person, c.person_name, c.entitlements, c.privileged, c.findings,
	c.mfa, c.last_login,
	CASE WHEN lower(coalesce(c.assigned, '')) IN (c.self_email,
		c.self_login, c.self_person, c.self_uid)
	THEN CASE WHEN lower(coalesce(:fallback, '')) IN (c.self_email,
			c.self_login, c.self_person, c.self_uid)
		THEN '' ELSE coalesce(:fallback, '') END
	ELSE coalesce(c.assigned, '') END,
	CASE WHEN lower(coalesce(c.assigned, '')) IN (c.self_email,
		c.self_login, c.self_person, c.self_uid)
	THEN 'fallback' ELSE c.assigned_role END
FROM (SELECT s.name AS system,
	coalesce(a.login, a.email, a.external_id) AS account,
	a.external_id AS account_id,
	coalesce(p.email, p.uid) AS person, p.display_name AS person_name,
	(SELECT group_concat(name, '; ') FROM (SELECT e.name
		FROM access_grant g JOIN entitlement e ON e.id = g.entitlement_id
		WHERE g.account_id = a.id ORDER BY e.name)) AS entitlements,
	EXISTS (SELECT 1 FROM access_grant g
		JOIN entitlement e ON e.id = g.entitlement_id
		WHERE g.account_id = a.id AND e.privileged = 1) AS privileged,
	coalesce((SELECT group_concat(code, ' ') FROM (SELECT DISTINCT f.code
		FROM finding f WHERE f.snapshot_id = :snapshot
		AND f.system = s.name AND f.account = a.external_id
		ORDER BY f.code)), '') AS findings,
	a.mfa, a.last_login,
	CASE WHEN :rule = 'manager' AND manager.email IS NOT NULL
		THEN manager.email ELSE :owner END AS assigned,
	CASE WHEN :rule = 'manager' AND manager.email IS NOT NULL
		THEN 'manager' ELSE 'owner' END AS assigned_role,
	lower(coalesce(a.email, '-')) AS self_email,
	lower(coalesce(a.login, '-')) AS self_login,
	lower(coalesce(p.email, '-')) AS self_person,
	lower(coalesce(p.uid, '-')) AS self_uid
	FROM account a JOIN system s ON s.id = a.system_id
	LEFT JOIN person p ON p.id = a.person_id
	LEFT JOIN person manager ON manager.id = (SELECT min(m.id)
		FROM person m WHERE m.snapshot_id = :snapshot
		AND p.manager IS NOT NULL AND m.disabled = 0
		AND (lower(m.source_key) = lower(p.manager)
			OR lower(m.uid) = lower(p.manager)
			OR lower(m.email) = lower(p.manager)))
	WHERE s.snapshot_id = :snapshot AND s.name = :system
		AND a.active = 1
	ORDER BY account, a.external_id) AS c;

-- One item per privileged grant of an account item, with its reviewer:
-- a reviewer can keep the account and revoke the admin role.
-- name: campaign_insert_grant_items
INSERT INTO review_item (campaign_id, kind, system, account, account_id,
	person, person_name, entitlement, privileged, findings, mfa,
	last_login, reviewer, reviewer_role)
SELECT i.campaign_id, 'grant', i.system, i.account, i.account_id,
	i.person, i.person_name, e.name, 1, i.findings, i.mfa, i.last_login,
	i.reviewer, i.reviewer_role
FROM review_item i
JOIN system s ON s.snapshot_id = :snapshot AND s.name = i.system
JOIN account a ON a.system_id = s.id AND a.external_id = i.account_id
JOIN access_grant g ON g.account_id = a.id
JOIN entitlement e ON e.id = g.entitlement_id AND e.privileged = 1
WHERE i.campaign_id = :campaign AND i.kind = 'account'
ORDER BY i.id, e.name;

-- What the last campaign that decided the same access decided, for the
-- reviewer to see: "exception until 2026-10-31 in campaign 1 (2026-Q3)
-- by amara.okafor@example.com".
-- name: campaign_set_history
UPDATE review_item AS i SET history = (SELECT j.decision ||
		CASE WHEN j.decision = 'exception'
			THEN ' until ' || coalesce(j.expires, '?') ELSE '' END ||
		' in campaign ' || j.campaign_id ||
		coalesce(' (' || c.period || ')', '') || ' by ' ||
		coalesce(j.decided_by, j.reviewer)
	FROM review_item j JOIN campaign c ON c.id = j.campaign_id
	WHERE j.system = i.system AND j.account_id = i.account_id
		AND j.kind = i.kind AND j.campaign_id < i.campaign_id
		AND j.decision IS NOT NULL
		AND (i.kind = 'account' OR j.entitlement = i.entitlement)
	ORDER BY j.campaign_id DESC LIMIT 1)
WHERE i.campaign_id = :campaign;

-- Inactive accounts are context for the reviewer, not items.
-- name: campaign_insert_context
INSERT INTO review_context (campaign_id, system, account, person, note)
SELECT :campaign, s.name, coalesce(a.login, a.email, a.external_id),
	coalesce(p.email, p.uid),
	CASE WHEN p.disabled = 1 THEN 'inactive account of a leaver'
		ELSE 'inactive account' END
FROM account a JOIN system s ON s.id = a.system_id
LEFT JOIN person p ON p.id = a.person_id
WHERE s.snapshot_id = :snapshot AND s.name = :system AND a.active = 0
ORDER BY 3;

-- Items nobody may review (no owner, or own account without fallback).
-- name: campaign_unassigned_items
SELECT id, kind, system, account, person, entitlement FROM review_item
WHERE campaign_id = :campaign AND reviewer = '' ORDER BY id;

-- name: campaign_counts
SELECT count(*) AS items, count(DISTINCT reviewer) AS reviewers,
	coalesce(sum(kind = 'grant'), 0) AS grants,
	coalesce(sum(reviewer_role = 'fallback'), 0) AS fallback,
	coalesce(sum(decision IS NOT NULL), 0) AS decided,
	coalesce(sum(privileged = 1 AND decision IS NULL), 0)
		AS undecided_privileged,
	(SELECT count(*) FROM review_context x
		WHERE x.campaign_id = :campaign) AS context
FROM review_item WHERE campaign_id = :campaign;

-- Per reviewer: what they were given and what they decided.
-- name: campaign_reviewers
SELECT reviewer,
	(SELECT group_concat(role, ',') FROM (SELECT DISTINCT
		x.reviewer_role AS role FROM review_item x
		WHERE x.campaign_id = :campaign AND x.reviewer = i.reviewer
		ORDER BY 1)) AS roles,
	count(*) AS items, sum(decision IS NOT NULL) AS decided,
	sum(privileged = 1 AND decision IS NULL) AS undecided_privileged,
	sum(kind = 'grant') AS grants
FROM review_item i WHERE campaign_id = :campaign
GROUP BY reviewer ORDER BY reviewer;

-- When each reviewer was last reminded: the audit log's 'remind' events
-- (campaign remind), one scan of the log for all reviewers.
-- name: campaign_reminders
SELECT json_extract(detail, '$.reviewer') AS reviewer, max(at) AS at
FROM audit_log WHERE event = 'remind' AND campaign_id = :campaign
GROUP BY 1 ORDER BY 1;

-- The frozen assignment of one reviewer, in a stable order, for the
-- audit log's digest of it.
-- name: campaign_items_of_reviewer
SELECT id, kind, system, account, account_id, person, person_name,
	entitlement, privileged, findings, mfa, last_login, reviewer,
	reviewer_role, version, decision, expires, comment, decided_by,
	decided_at
FROM review_item WHERE campaign_id = :campaign AND reviewer = :reviewer
ORDER BY system, account, kind, entitlement, id;

-- name: campaign_close_update
UPDATE campaign SET state = 'closed', closed_at = :at, closed_by = :actor,
	forced = :forced, force_reason = :reason
WHERE id = :campaign AND state = 'open';

-- name: campaign_undecided_items
SELECT id, system, account, kind, entitlement, reviewer FROM review_item
WHERE campaign_id = :campaign AND decision IS NULL ORDER BY id;

-- What the operators apply: every revoked account or grant.
-- name: campaign_revocations
SELECT id, system, account, account_id, person, person_name, kind,
	entitlement, reviewer, decided_by, decided_at, comment
FROM review_item WHERE campaign_id = :campaign AND decision = 'revoke'
ORDER BY system, account, kind, entitlement, id;
