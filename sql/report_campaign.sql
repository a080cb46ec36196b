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

-- name: report_campaign_imports
SELECT id, reviewer, file_name, sha256, signer_fingerprint, imported_at,
	rows, changed
FROM decision_import WHERE campaign_id = :campaign ORDER BY id;

-- name: report_campaign_audit
SELECT count(*) AS entries,
	(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS head
FROM audit_log WHERE campaign_id = :campaign;

-- name: report_campaign_context_count
SELECT count(*) FROM review_context WHERE campaign_id = :campaign;
