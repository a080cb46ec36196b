-- review.sql -- correlation of accounts with people, and the findings
-- Parameters: :snapshot (being reviewed), :previous (0 = none), :system,
-- :now and :dormant_before (Unix seconds), :code, :severity.

-- Correlation, step 1: the system's configured match key.  match_count
-- keeps how many people matched, so a clash (two people with one address)
-- is flagged instead of silently picking one.
-- name: correlate_email
UPDATE account SET
	match_count = (SELECT count(*) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND lower(p.email) = lower(account.email)),
	person_id = (SELECT min(p.id) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND lower(p.email) = lower(account.email))
WHERE system_id = :system AND email IS NOT NULL AND email <> '';

-- name: correlate_uid
UPDATE account SET
	match_count = (SELECT count(*) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND lower(p.uid) = lower(account.login)),
	person_id = (SELECT min(p.id) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND lower(p.uid) = lower(account.login))
WHERE system_id = :system AND login IS NOT NULL AND login <> '';

-- name: correlate_employee_number
UPDATE account SET
	match_count = (SELECT count(*) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND p.employee_number = account.employee_number),
	person_id = (SELECT min(p.id) FROM person p
		WHERE p.snapshot_id = :snapshot
		AND p.employee_number = account.employee_number)
WHERE system_id = :system AND employee_number IS NOT NULL
	AND employee_number <> '';

-- Step 2, for accounts the key did not link: the login against the
-- directory's uid, then the login or email against the directory's mail.
-- name: correlate_fallback
UPDATE account SET
	match_count = coalesce(
		nullif((SELECT count(*) FROM person p
			WHERE p.snapshot_id = :snapshot
			AND lower(p.uid) = lower(account.login)), 0),
		(SELECT count(*) FROM person p
			WHERE p.snapshot_id = :snapshot
			AND (lower(p.email) = lower(account.login)
			OR lower(p.email) = lower(account.email)))),
	person_id = coalesce(
		(SELECT min(p.id) FROM person p
			WHERE p.snapshot_id = :snapshot
			AND lower(p.uid) = lower(account.login)),
		(SELECT min(p.id) FROM person p
			WHERE p.snapshot_id = :snapshot
			AND (lower(p.email) = lower(account.login)
			OR lower(p.email) = lower(account.email))))
WHERE system_id = :system AND match_count = 0;

-- A link is only a link when it is unambiguous.
-- name: correlate_unlink_ambiguous
UPDATE account SET person_id = NULL
WHERE system_id = :system AND match_count > 1;

-- name: systems_of_snapshot
SELECT id, name, match_key FROM system WHERE snapshot_id = :snapshot
ORDER BY name;

-- finding: terminated-with-access (a leaver removed from the directory)
-- An active account that links to nobody now but whose person was in the
-- previous snapshot's directory, matched as correlation matches (the
-- system's key, then the fallback), and whose entry is gone now.  Only an
-- unambiguous match (one earlier person) counts.  Each way of matching is
-- its own indexed lookup (person_email, person_uid, ...): an OR of them
-- would scan the earlier directory once per unlinked account.  Runs
-- before the orphan-account rule, which then leaves these accounts out.
-- name: finding_removed_from_directory
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id,
	min(old.source_key),
	coalesce(min(old.display_name), min(old.uid), min(old.email)) ||
	' was removed from the directory between snapshot ' || :previous ||
	' (' || (SELECT substr(taken_at, 1, 10) FROM snapshot
		WHERE id = :previous) ||
	') and ' || :snapshot || ' (' || (SELECT substr(taken_at, 1, 10)
		FROM snapshot WHERE id = :snapshot) ||
	') but account ' || quote(coalesce(a.login, a.external_id)) ||
	' is still active'
FROM (SELECT a.id AS account_id, old.id AS person_id
	FROM account a JOIN person old ON old.snapshot_id = :previous
		AND lower(old.email) = lower(a.email)
	WHERE a.snapshot_id = :snapshot AND a.match_count = 0
	UNION SELECT a.id, old.id
	FROM account a JOIN person old ON old.snapshot_id = :previous
		AND lower(old.email) = lower(a.login)
	WHERE a.snapshot_id = :snapshot AND a.match_count = 0
	UNION SELECT a.id, old.id
	FROM account a JOIN person old ON old.snapshot_id = :previous
		AND lower(old.uid) = lower(a.login)
	WHERE a.snapshot_id = :snapshot AND a.match_count = 0
	UNION SELECT a.id, old.id
	FROM account a JOIN system key_system ON key_system.id = a.system_id
		AND key_system.match_key = 'employeeNumber'
	JOIN person old ON old.snapshot_id = :previous
		AND old.employee_number = a.employee_number
	WHERE a.snapshot_id = :snapshot AND a.match_count = 0) candidate
JOIN account a ON a.id = candidate.account_id
JOIN system s ON s.id = a.system_id
JOIN person old ON old.id = candidate.person_id
WHERE :previous > 0 AND a.active = 1
	AND NOT EXISTS (SELECT 1 FROM person now_person
		WHERE now_person.snapshot_id = :snapshot
		AND now_person.source_key = old.source_key)
GROUP BY a.id HAVING count(*) = 1;

-- finding: orphan-account
-- name: finding_orphan_account
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, NULL,
	CASE WHEN a.is_service THEN 'service account ' ELSE 'account ' END ||
	quote(coalesce(a.login, a.external_id)) ||
	' matches no person in the directory (' ||
	coalesce('email ' || a.email, 'no email') || ')'
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND a.match_count = 0
	AND NOT EXISTS (SELECT 1 FROM finding leaver
		WHERE leaver.snapshot_id = :snapshot
		AND leaver.code = 'terminated-with-access'
		AND leaver.system = s.name
		AND leaver.account = a.external_id);

-- finding: terminated-with-access
-- name: finding_terminated_with_access
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	coalesce(p.display_name, p.uid, p.email) ||
	' is disabled in the directory but account ' ||
	quote(coalesce(a.login, a.external_id)) || ' is still active'
FROM account a JOIN system s ON s.id = a.system_id
JOIN person p ON p.id = a.person_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND p.disabled = 1;

-- finding: mfa-disabled
-- name: finding_mfa_disabled
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	'MFA is not enabled on active account ' ||
	quote(coalesce(a.login, a.external_id))
FROM account a JOIN system s ON s.id = a.system_id
LEFT JOIN person p ON p.id = a.person_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND s.mfa_supported = 1
	AND a.mfa = 'disabled';

-- finding: mfa-unknown
-- One finding per account when the system's sources do give MFA (an `mfa =`
-- source, or some account's MFA enabled or disabled) but not for this one.
-- The systems without any MFA data are found once each (a NOT EXISTS per
-- account would scan the system's accounts once per account).
-- name: finding_mfa_unknown
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
WITH system_without_mfa AS (SELECT s.id FROM system s
	WHERE s.snapshot_id = :snapshot
	AND NOT EXISTS (SELECT 1 FROM source src WHERE src.system_id = s.id
		AND src.role = 'mfa')
	AND NOT EXISTS (SELECT 1 FROM account known
		WHERE known.system_id = s.id
		AND known.mfa IN ('enabled', 'disabled')))
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	'the export does not tell whether ' ||
	quote(coalesce(a.login, a.external_id)) || ' uses MFA'
FROM account a JOIN system s ON s.id = a.system_id
LEFT JOIN person p ON p.id = a.person_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND s.mfa_supported = 1
	AND a.mfa = 'unknown' AND a.is_service = 0
	AND s.id NOT IN (SELECT id FROM system_without_mfa);

-- finding: mfa-unknown (the whole system: its sources carry no MFA at all)
-- One finding for the system instead of one per account: the fix is one
-- change to the configuration, not a question about each person.
-- name: finding_mfa_unknown_system
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
WITH system_without_mfa AS (SELECT s.id FROM system s
	WHERE s.snapshot_id = :snapshot
	AND NOT EXISTS (SELECT 1 FROM source src WHERE src.system_id = s.id
		AND src.role = 'mfa')
	AND NOT EXISTS (SELECT 1 FROM account known
		WHERE known.system_id = s.id
		AND known.mfa IN ('enabled', 'disabled')))
SELECT :snapshot, :code, :severity, s.name, NULL, NULL,
	'the export has no MFA status for its ' || count(*) ||
	' active accounts: add an mfa = source or attest MFA with ' ||
	'accessreview attest-mfa'
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND s.mfa_supported = 1
	AND a.mfa = 'unknown' AND a.is_service = 0
	AND s.id IN (SELECT id FROM system_without_mfa)
GROUP BY s.id;

-- finding: privileged-access
-- From the few privileged entitlements to their grants, not through every
-- grant of the snapshot.
-- name: finding_privileged_access
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	quote(coalesce(a.login, a.external_id)) || ' holds privileged ' ||
	quote(e.name) ||
	CASE WHEN g.via IS NULL THEN '' ELSE ' via ' || quote(g.via) END
FROM system s JOIN entitlement e ON e.system_id = s.id
JOIN access_grant g ON g.entitlement_id = e.id
JOIN account a ON a.id = g.account_id
LEFT JOIN person p ON p.id = a.person_id
WHERE s.snapshot_id = :snapshot AND e.privileged = 1 AND a.active = 1;

-- finding: dormant-account
-- name: finding_dormant_account
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	CASE WHEN a.last_login < 0 THEN
		quote(coalesce(a.login, a.external_id)) ||
		' has never logged in'
	ELSE
		quote(coalesce(a.login, a.external_id)) ||
		' last logged in ' ||
		strftime('%Y-%m-%d', a.last_login, 'unixepoch') || ', ' ||
		CAST((:now - a.last_login) / 86400 AS INTEGER) || ' days ago'
	END
FROM account a JOIN system s ON s.id = a.system_id
LEFT JOIN person p ON p.id = a.person_id
WHERE a.snapshot_id = :snapshot AND a.active = 1
	AND (a.last_login < 0
	OR (a.last_login > 0 AND a.last_login < :dormant_before));

-- New access is found by key in the previous snapshot: its system by
-- name, then the account by (system, external id), the grant by (account,
-- entitlement), all unique indexes.  The accounts are walked in external
-- id order (the UNIQUE (system_id, external_id) index, named for SQLite's
-- planner, which would pick another index of system_id): the lookups in
-- the previous snapshot then go through its index in the same order,
-- which keeps a million-account diff in the page cache.

-- finding: new-access (a whole account new since the previous snapshot)
-- name: finding_new_account
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	'new account ' || quote(coalesce(a.login, a.external_id)) ||
	' since snapshot ' || :previous
FROM system s
JOIN account a INDEXED BY sqlite_autoindex_account_1 ON a.system_id = s.id
LEFT JOIN person p ON p.id = a.person_id
WHERE s.snapshot_id = :snapshot AND :previous > 0 AND NOT EXISTS (
	SELECT 1 FROM system old_system JOIN account old
		ON old.system_id = old_system.id
		AND old.external_id = a.external_id
	WHERE old_system.snapshot_id = :previous
	AND old_system.name = s.name);

-- finding: new-access (a new grant on an account that existed before)
-- name: finding_new_grant
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	quote(coalesce(a.login, a.external_id)) || ' newly holds ' ||
	quote(e.name)
FROM system s
JOIN system old_system ON old_system.snapshot_id = :previous
	AND old_system.name = s.name
JOIN account a INDEXED BY sqlite_autoindex_account_1 ON a.system_id = s.id
JOIN account old ON old.system_id = old_system.id
	AND old.external_id = a.external_id
JOIN access_grant g ON g.account_id = a.id
JOIN entitlement e ON e.id = g.entitlement_id
LEFT JOIN person p ON p.id = a.person_id
WHERE s.snapshot_id = :snapshot AND :previous > 0
	AND NOT EXISTS (SELECT 1 FROM entitlement old_entitlement
		JOIN access_grant old_grant
			ON old_grant.entitlement_id = old_entitlement.id
			AND old_grant.account_id = old.id
		WHERE old_entitlement.system_id = old_system.id
		AND old_entitlement.source_key = e.source_key);

-- finding: duplicate-account
-- name: finding_duplicate_account
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	coalesce(p.display_name, p.uid, p.email) || ' has ' || d.total ||
	' active accounts in ' || s.name || '; this is ' ||
	quote(coalesce(a.login, a.external_id))
FROM account a JOIN system s ON s.id = a.system_id
JOIN person p ON p.id = a.person_id
JOIN (SELECT system_id, person_id, count(*) AS total FROM account
	WHERE snapshot_id = :snapshot AND active = 1
	AND person_id IS NOT NULL
	GROUP BY system_id, person_id HAVING count(*) > 1) d
	ON d.system_id = a.system_id AND d.person_id = a.person_id
WHERE a.snapshot_id = :snapshot AND a.active = 1;

-- finding: shared-account (several people, or a generic mailbox name)
-- name: finding_shared_account
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, NULL,
	CASE WHEN a.match_count > 1 THEN
		quote(coalesce(a.login, a.external_id)) || ' matches ' ||
		a.match_count || ' people in the directory'
	ELSE
		quote(coalesce(a.login, a.external_id)) ||
		' looks like a shared or generic account'
	END
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :snapshot AND a.active = 1 AND (a.match_count > 1
	OR lower(substr(coalesce(a.email, a.login, ''), 1,
		instr(coalesce(a.email, a.login, '') || '@', '@') - 1)) IN (
		'admin', 'administrator', 'support', 'help', 'helpdesk',
		'info', 'team', 'shared', 'ops', 'it', 'office', 'security',
		'noreply', 'no-reply', 'sales', 'billing', 'contact')
	OR lower(coalesce(a.email, a.login, '')) LIKE '%-team@%'
	OR lower(coalesce(a.email, a.login, '')) LIKE '%shared%');

-- finding: incomplete-export
-- name: finding_incomplete_export
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, coalesce(s.name, 'directory'), NULL,
	NULL, src.location || ': ' || src.incomplete
FROM source src LEFT JOIN system s ON s.id = src.system_id
WHERE src.snapshot_id = :snapshot AND src.incomplete IS NOT NULL;

-- finding: revocation-not-applied
-- The revocations of the latest campaign closed before this snapshot that
-- reviewed the system: the account is still active, or for a grant the
-- active account still holds it.  An inactive account counts as applied.
-- name: finding_revocation_not_applied
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	CASE WHEN r.kind = 'grant'
		THEN quote(coalesce(a.login, a.external_id)) ||
			' still holds ' || quote(r.entitlement)
		ELSE 'account ' || quote(coalesce(a.login, a.external_id)) ||
			' is still active'
	END || ', revoked in campaign ' || r.campaign_id ||
	coalesce(' (' || c.period || ')', '') || ' by ' ||
	coalesce(r.decided_by, r.reviewer) || ' on ' ||
	substr(r.decided_at, 1, 10)
FROM review_item r JOIN campaign c ON c.id = r.campaign_id
JOIN system s ON s.snapshot_id = :snapshot AND s.name = r.system
JOIN account a ON a.system_id = s.id AND a.external_id = r.account_id
LEFT JOIN person p ON p.id = a.person_id
WHERE r.decision = 'revoke' AND a.active = 1
	AND c.id = (SELECT max(later.id) FROM campaign later
		JOIN campaign_system cs ON cs.campaign_id = later.id
		WHERE cs.system = r.system AND later.state = 'closed'
		AND CAST(strftime('%s', later.closed_at) AS INTEGER) <= :now)
	AND (r.kind = 'account' OR EXISTS (SELECT 1 FROM access_grant g
		JOIN entitlement e ON e.id = g.entitlement_id
		WHERE g.account_id = a.id AND e.name = r.entitlement));

-- finding: exception-expired
-- An exception no later decision replaced, expired on or before the
-- snapshot's day, while the access it covered is still active.
-- name: finding_exception_expired
INSERT INTO finding (snapshot_id, code, severity, system, account, person,
	detail)
SELECT :snapshot, :code, :severity, s.name, a.external_id, p.source_key,
	'the exception for ' ||
	CASE WHEN x.kind = 'grant'
		THEN quote(coalesce(a.login, a.external_id)) || ' holding ' ||
			quote(x.entitlement)
		ELSE 'account ' || quote(coalesce(a.login, a.external_id))
	END || ' expired on ' || x.expires || ' and the access is still ' ||
	'active (granted by ' || coalesce(x.decided_by, x.reviewer) ||
	' in campaign ' || x.campaign_id ||
	coalesce(' (' || x.period || ')', '') || ': ' ||
	coalesce(x.justification, '') || ')'
FROM exception_register x
JOIN system s ON s.snapshot_id = :snapshot AND s.name = x.system
JOIN account a ON a.system_id = s.id AND a.external_id = x.account_id
LEFT JOIN person p ON p.id = a.person_id
WHERE x.replaced_by IS NULL AND a.active = 1
	AND x.expires <= strftime('%Y-%m-%d', :now, 'unixepoch')
	AND (x.kind = 'account' OR EXISTS (SELECT 1 FROM access_grant g
		JOIN entitlement e ON e.id = g.entitlement_id
		WHERE g.account_id = a.id AND e.name = x.entitlement));

-- name: findings_clear
DELETE FROM finding WHERE snapshot_id = :snapshot;

-- The findings of one snapshot, filtered (accessreview findings).  NULL
-- filters match everything; :rank is the least severity rank (0 = all).
-- With :other > 0 only findings absent from snapshot :other are listed:
-- the new ones (other = the previous snapshot) or, run on the previous
-- snapshot with other = the current one, the resolved ones.  A finding
-- is the same finding when code, system, account and person match.
-- name: findings_filtered
SELECT f.code, f.severity, f.system, f.account,
	coalesce(a.login, a.email, f.account) AS login, f.person,
	coalesce(p.uid, p.email, f.person) AS person_name, f.detail
FROM finding f
LEFT JOIN system s ON s.snapshot_id = f.snapshot_id AND s.name = f.system
LEFT JOIN account a ON a.system_id = s.id AND a.external_id = f.account
LEFT JOIN person p ON p.snapshot_id = f.snapshot_id
	AND p.source_key = f.person
WHERE f.snapshot_id = :snapshot
	AND (:system IS NULL OR f.system = :system)
	AND (:code IS NULL OR f.code = :code)
	AND CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
		WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END >= :rank
	AND (:person IS NULL OR lower(p.uid) = lower(:person)
		OR lower(p.email) = lower(:person)
		OR lower(a.email) = lower(:person)
		OR lower(a.login) = lower(:person))
	AND (:other = 0 OR NOT EXISTS (SELECT 1 FROM finding o
		WHERE o.snapshot_id = :other AND o.code = f.code
		AND o.system IS f.system AND o.account IS f.account
		AND o.person IS f.person))
ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
	WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,
	f.code, f.system, f.account, f.detail;

-- name: findings_at_or_above
SELECT count(*) FROM finding
WHERE snapshot_id = :snapshot AND CASE severity WHEN 'critical' THEN 4
	WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1
	ELSE 0 END >= :rank;
