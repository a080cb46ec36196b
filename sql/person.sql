-- person.sql -- one person's accounts in every system (accessreview person)
-- Parameters: :snapshot, :person (a uid or an email, any case).

-- The directory entries the operand names: by uid or by mail.
-- name: person_find
SELECT source_key, uid, email, display_name, disabled FROM person
WHERE snapshot_id = :snapshot AND (lower(uid) = lower(:person)
	OR lower(email) = lower(:person))
ORDER BY id;

-- The accounts linked to that person, and the accounts linked to nobody
-- whose login or email is the operand: a leaver whose entry is gone from
-- the directory still has them.  A system without MFA (mfa-supported = no)
-- shows not-supported.  Entitlements and finding codes are JSON
-- arrays, so a name with a comma stays one name.
-- name: person_accounts
SELECT s.name AS system, a.external_id, a.login, a.email, a.active,
	CASE WHEN s.mfa_supported = 0 THEN 'not-supported'
		ELSE a.mfa END AS mfa,
	CASE WHEN a.last_login < 0 THEN 'never'
		WHEN a.last_login = 0 THEN NULL
		ELSE strftime('%Y-%m-%d', a.last_login, 'unixepoch')
	END AS last_login,
	(SELECT json_group_array(name) FROM (SELECT e.name FROM access_grant g
		JOIN entitlement e ON e.id = g.entitlement_id
		WHERE g.account_id = a.id ORDER BY e.name)) AS entitlements,
	(SELECT json_group_array(code) FROM (SELECT DISTINCT f.code
		FROM finding f WHERE f.snapshot_id = :snapshot
		AND f.system = s.name AND f.account = a.external_id
		ORDER BY f.code)) AS findings
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :snapshot AND (a.person_id IN (SELECT p.id
		FROM person p WHERE p.snapshot_id = :snapshot
		AND (lower(p.uid) = lower(:person)
		OR lower(p.email) = lower(:person)))
	OR (a.person_id IS NULL AND (lower(a.login) = lower(:person)
		OR lower(a.email) = lower(:person))))
ORDER BY s.name, a.external_id;
