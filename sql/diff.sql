-- diff.sql -- what changed between two snapshots (accessreview diff)
-- Accounts are the same account when system name and external id match;
-- grants when the entitlement's source key matches too.

-- name: diff_accounts
SELECT 'added' AS change, s.name AS system, a.external_id AS id,
	coalesce(a.login, a.external_id) AS login, '' AS detail
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :new AND NOT EXISTS (
	SELECT 1 FROM account o JOIN system os ON os.id = o.system_id
	WHERE o.snapshot_id = :old AND os.name = s.name
	AND o.external_id = a.external_id)
UNION ALL
SELECT 'removed', s.name, a.external_id, coalesce(a.login, a.external_id), ''
FROM account a JOIN system s ON s.id = a.system_id
WHERE a.snapshot_id = :old AND NOT EXISTS (
	SELECT 1 FROM account n JOIN system ns ON ns.id = n.system_id
	WHERE n.snapshot_id = :new AND ns.name = s.name
	AND n.external_id = a.external_id)
UNION ALL
SELECT 'changed', s.name, n.external_id, coalesce(n.login, n.external_id),
	trim(CASE WHEN n.active <> o.active THEN
		CASE WHEN n.active THEN 'reactivated ' ELSE 'deactivated ' END
		ELSE '' END ||
	CASE WHEN n.mfa <> o.mfa THEN 'mfa ' || o.mfa || ' -> ' || n.mfa
		ELSE '' END)
FROM account n JOIN system s ON s.id = n.system_id
JOIN system os ON os.snapshot_id = :old AND os.name = s.name
JOIN account o ON o.system_id = os.id AND o.external_id = n.external_id
WHERE n.snapshot_id = :new AND (n.active <> o.active OR n.mfa <> o.mfa)
ORDER BY 2, 4, 1;

-- name: diff_grants
SELECT 'granted' AS change, s.name AS system, a.external_id AS id,
	coalesce(a.login, a.external_id) AS login, e.name AS detail
FROM access_grant g JOIN account a ON a.id = g.account_id
JOIN entitlement e ON e.id = g.entitlement_id
JOIN system s ON s.id = a.system_id
WHERE g.snapshot_id = :new AND NOT EXISTS (
	SELECT 1 FROM access_grant og JOIN account o ON o.id = og.account_id
	JOIN entitlement oe ON oe.id = og.entitlement_id
	JOIN system os ON os.id = o.system_id
	WHERE og.snapshot_id = :old AND os.name = s.name
	AND o.external_id = a.external_id AND oe.source_key = e.source_key)
UNION ALL
SELECT 'revoked', s.name, a.external_id, coalesce(a.login, a.external_id),
	e.name
FROM access_grant g JOIN account a ON a.id = g.account_id
JOIN entitlement e ON e.id = g.entitlement_id
JOIN system s ON s.id = a.system_id
WHERE g.snapshot_id = :old AND NOT EXISTS (
	SELECT 1 FROM access_grant ng JOIN account n ON n.id = ng.account_id
	JOIN entitlement ne ON ne.id = ng.entitlement_id
	JOIN system ns ON ns.id = n.system_id
	WHERE ng.snapshot_id = :new AND ns.name = s.name
	AND n.external_id = a.external_id AND ne.source_key = e.source_key)
ORDER BY 2, 4, 5, 1;
