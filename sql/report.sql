-- report.sql -- read-only queries behind the XML report (src/report/)
-- Every query orders by stable keys so two reports of one snapshot are
-- byte-identical.  Rows are streamed into the XML writer; none of these
-- queries runs once per account.

-- name: report_snapshot
SELECT id, taken_at, tool_version FROM snapshot WHERE id = :snapshot;

-- name: report_totals
SELECT
	(SELECT count(*) FROM system WHERE snapshot_id = :snapshot) AS systems,
	(SELECT count(*) FROM person WHERE snapshot_id = :snapshot) AS people,
	(SELECT count(*) FROM account WHERE snapshot_id = :snapshot)
		AS accounts,
	(SELECT count(*) FROM access_grant WHERE snapshot_id = :snapshot)
		AS grants,
	(SELECT count(*) FROM finding WHERE snapshot_id = :snapshot)
		AS findings,
	(SELECT count(*) FROM warning WHERE snapshot_id = :snapshot)
		AS warnings;

-- All five severities, most severe first, zeros included.
-- name: report_findings_by_severity
WITH severity (name, rank) AS (
	VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1),
		('info', 0)
)
SELECT severity.name AS severity, count(f.id) AS count
FROM severity
LEFT JOIN finding f ON f.snapshot_id = :snapshot AND f.severity = severity.name
GROUP BY severity.name, severity.rank
ORDER BY severity.rank DESC;

-- name: report_findings_by_code
SELECT code, severity, count(*) AS count
FROM finding
WHERE snapshot_id = :snapshot
GROUP BY code, severity
ORDER BY code, severity;

-- The directory first, then systems by name.
-- name: report_sources
SELECT s.name AS system, src.role, src.format, src.preset, src.location,
	src.sha256, src.bytes, src.records, src.declared, src.incomplete,
	src.read_at
FROM source src
LEFT JOIN system s ON s.id = src.system_id
WHERE src.snapshot_id = :snapshot
ORDER BY src.system_id IS NOT NULL, s.name, src.role, src.location, src.id;

-- Per-system counts.  MFA counts add up to accounts: on a system without
-- MFA support every account is not-applicable, and a status the store
-- does not know counts as unknown.  privileged: accounts holding at least
-- one privileged entitlement.
-- name: report_systems
SELECT s.id, s.name, s.category, s.owner, s.mfa_supported,
	count(a.id) AS accounts,
	coalesce(sum(a.active != 0), 0) AS active,
	coalesce(sum(a.privileged), 0) AS privileged,
	coalesce(sum(s.mfa_supported != 0 AND a.mfa = 'enabled'), 0)
		AS mfa_enabled,
	coalesce(sum(s.mfa_supported != 0 AND a.mfa = 'disabled'), 0)
		AS mfa_disabled,
	coalesce(sum(s.mfa_supported != 0 AND a.mfa NOT IN
		('enabled', 'disabled', 'not-applicable')), 0) AS mfa_unknown,
	coalesce(sum(s.mfa_supported = 0 OR a.mfa = 'not-applicable'), 0)
		AS mfa_not_applicable,
	(SELECT count(*) FROM finding f
	 WHERE f.snapshot_id = s.snapshot_id AND f.system = s.name)
		AS findings
FROM system s
LEFT JOIN (
	SELECT acc.id, acc.system_id, acc.active, acc.mfa,
		EXISTS (SELECT 1 FROM access_grant g
			JOIN entitlement e ON e.id = g.entitlement_id
			WHERE g.account_id = acc.id AND e.privileged != 0)
			AS privileged
	FROM account acc
	WHERE acc.snapshot_id = :snapshot
) a ON a.system_id = s.id
WHERE s.snapshot_id = :snapshot
GROUP BY s.id
ORDER BY s.name;

-- name: report_system_names
SELECT id, name FROM system WHERE snapshot_id = :snapshot ORDER BY name;

-- Every account of one system with its person and grants: one row per
-- grant (or one row for an account without grants), grouped by account
-- in the caller.  UNIQUE (system_id, external_id) gives the order.
-- `privileged` is a lookup in the set of the system's privileged holders,
-- built once (an uncorrelated IN), not a search of the account's grants
-- repeated on each of its rows.
-- name: report_accounts
SELECT a.id AS account_row, a.external_id, a.login, a.email,
	a.display_name, a.employee_number, a.active, a.mfa, a.last_login,
	a.is_service, a.match_count,
	a.id IN (SELECT pg.account_id FROM entitlement pe
		JOIN access_grant pg ON pg.entitlement_id = pe.id
		WHERE pe.system_id = :system AND pe.privileged != 0)
		AS privileged,
	p.source_key AS person_key, p.uid AS person_uid,
	p.email AS person_email, p.display_name AS person_name,
	p.disabled AS person_disabled,
	e.name AS entitlement_name, e.source_key AS entitlement_key,
	e.privileged AS entitlement_privileged, g.via
FROM account a
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN access_grant g ON g.account_id = a.id
LEFT JOIN entitlement e ON e.id = g.entitlement_id
WHERE a.system_id = :system
ORDER BY a.external_id, a.id, e.name, e.source_key, g.id;

-- Most severe first, then code, system, account; the rest only breaks
-- ties.  The account's login and the person's name are looked up for
-- readers (through the account, so each lookup is by key).
-- name: report_findings
SELECT f.code, f.severity, f.system, f.account, f.person, f.detail,
	a.login AS account_login,
	coalesce(p.display_name, p.email, p.uid) AS person_name
FROM finding f
LEFT JOIN system s ON s.snapshot_id = f.snapshot_id AND s.name = f.system
LEFT JOIN account a ON a.system_id = s.id AND a.external_id = f.account
LEFT JOIN person p ON p.id = a.person_id AND p.source_key = f.person
WHERE f.snapshot_id = :snapshot
ORDER BY CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
	WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END DESC,
	f.code, f.system, f.account, f.person, f.detail, f.id;

-- Warnings of the directory first, then by system, each in the order
-- the collect raised them.
-- name: report_warnings
SELECT s.name AS system, w.message
FROM warning w
LEFT JOIN system s ON s.id = w.system_id
WHERE w.snapshot_id = :snapshot
ORDER BY w.system_id IS NOT NULL, s.name, w.id;
