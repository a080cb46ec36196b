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

-- name: report_campaign_items
SELECT id, kind, system, account, account_id, person, person_name,
	entitlement, privileged, findings, mfa, reviewer, reviewer_role,
	version, decision, expires, comment, decided_by, decided_at
FROM review_item WHERE campaign_id = :campaign
ORDER BY system, account, kind, entitlement, id;

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
