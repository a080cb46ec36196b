-- report_campaign.sql -- a campaign's sections of the XML report
-- (src/report/campaign_xml.c); every list in a stable order.

-- name: report_campaign_scope
SELECT system, category, owner, reviewer_rule FROM campaign_system
WHERE campaign_id = :campaign ORDER BY system;

-- Per reviewer, sorted as campaign_reviewers sorts them.
-- name: report_campaign_reviewers
SELECT reviewer,
	(SELECT group_concat(role, ',') FROM (SELECT DISTINCT
		x.reviewer_role AS role FROM review_item x
		WHERE x.campaign_id = :campaign AND x.reviewer = i.reviewer
		ORDER BY 1)) AS roles,
	count(*) AS items,
	sum(decision IS NOT NULL) AS decided,
	sum(decision = 'keep') AS kept,
	sum(decision = 'revoke') AS revoked,
	sum(decision = 'exception') AS exceptions,
	sum(decision IS NOT NULL AND reviewer_role = 'fallback')
		AS fallback_decided,
	sum(decision IS NOT NULL AND decided_by <> reviewer)
		AS delegate_decided
FROM review_item i WHERE campaign_id = :campaign
GROUP BY reviewer ORDER BY reviewer;

-- With the owner's word on an account whose export does not tell its
-- MFA status (its latest attestation in this campaign).
-- name: report_campaign_items
SELECT i.id, i.kind, i.system, i.account, i.account_id, i.person,
	i.person_name, i.entitlement, i.privileged, i.findings, i.mfa,
	i.reviewer, i.reviewer_role, i.version, i.decision, i.expires,
	i.comment, i.decided_by, i.decided_at, i.history,
	t.mfa AS mfa_attested, t.attested_by AS mfa_attested_by,
	t.attested_at AS mfa_attested_at
FROM review_item i
LEFT JOIN mfa_attestation t ON t.id = (SELECT max(x.id)
	FROM mfa_attestation x WHERE x.campaign_id = i.campaign_id
	AND x.system = i.system AND x.kind = 'account'
	AND x.account_id = i.account_id)
WHERE i.campaign_id = :campaign
ORDER BY i.system, i.account, i.kind, i.entitlement, i.id;

-- name: report_campaign_context
SELECT system, account, person, note FROM review_context
WHERE campaign_id = :campaign ORDER BY system, account;

-- With the seconds since the campaign's last worksheets were issued
-- before it (NULL when none were): decisions arrive in files, so that
-- is the only measure of how long a reviewer took.
-- name: report_campaign_imports
SELECT d.id, d.reviewer, d.file_name, d.sha256, d.signer_fingerprint,
	d.imported_at, d.rows, d.changed,
	CAST(strftime('%s', d.imported_at) AS INTEGER) -
		CAST(strftime('%s', (SELECT max(l.at) FROM audit_log l
			WHERE l.campaign_id = d.campaign_id
			AND l.event = 'worksheet' AND l.at <= d.imported_at))
			AS INTEGER) AS seconds_after_worksheets
FROM decision_import d WHERE d.campaign_id = :campaign ORDER BY d.id;

-- name: report_campaign_audit
SELECT count(*) AS entries,
	(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS head
FROM audit_log WHERE campaign_id = :campaign;

-- name: report_campaign_context_count
SELECT count(*) FROM review_context WHERE campaign_id = :campaign;

-- The exceptions that matter to this campaign: granted in it, or granted
-- earlier for a system in its scope and not replaced before it; expired
-- when the campaign's snapshot was taken on or after the expiry day.
-- name: report_campaign_exceptions
SELECT x.item_id, x.campaign_id, x.period, x.system, x.kind, x.account,
	x.account_id, x.person, x.entitlement, x.reviewer, x.decided_by,
	x.justification, x.granted_at, x.expires, x.replaced_by,
	x.expires <= substr(snap.taken_at, 1, 10) AS expired
FROM exception_register x
JOIN campaign c ON c.id = :campaign
JOIN snapshot snap ON snap.id = c.snapshot_id
WHERE x.system IN (SELECT cs.system FROM campaign_system cs
		WHERE cs.campaign_id = :campaign)
	AND (x.campaign_id = :campaign OR (x.campaign_id < :campaign
		AND (x.replaced_by IS NULL OR x.replaced_by IN (SELECT r.id
			FROM review_item r WHERE r.campaign_id = :campaign))))
ORDER BY x.expires, x.system, x.account, x.entitlement, x.item_id;

-- The revocations of the last campaign closed before this campaign's
-- snapshot, judged against that snapshot: applied (the account is
-- inactive, or no longer holds the grant), not applied, or the account
-- is gone from the export.
-- name: report_campaign_previous_revocations
SELECT r.id, r.campaign_id, r.kind, r.system, r.account, r.account_id,
	r.person, CASE WHEN r.kind = 'grant' THEN r.entitlement END
		AS entitlement,
	r.reviewer, r.decided_by, r.decided_at,
	CASE WHEN a.id IS NULL THEN 'account-gone'
		WHEN a.active = 0 THEN 'applied'
		WHEN r.kind = 'grant' AND NOT EXISTS (SELECT 1
			FROM access_grant g JOIN entitlement e
				ON e.id = g.entitlement_id
			WHERE g.account_id = a.id AND e.name = r.entitlement)
			THEN 'applied'
		ELSE 'not-applied' END AS outcome
FROM campaign c JOIN snapshot snap ON snap.id = c.snapshot_id
JOIN review_item r ON r.campaign_id = (SELECT max(p.id) FROM campaign p
	WHERE p.id < c.id AND p.state = 'closed'
	AND CAST(strftime('%s', p.closed_at) AS INTEGER) <=
		CAST(strftime('%s', snap.taken_at) AS INTEGER))
LEFT JOIN system s ON s.snapshot_id = c.snapshot_id AND s.name = r.system
LEFT JOIN account a ON a.system_id = s.id AND a.external_id = r.account_id
WHERE c.id = :campaign AND r.decision = 'revoke'
ORDER BY r.system, r.account, r.kind, r.entitlement, r.id;
