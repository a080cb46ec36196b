-- store.sql -- named queries used by src/store/ to write snapshots
-- Each query starts at a "-- name:" line; parameters are bound by name.

-- name: schema_table_exists
SELECT count(*) FROM sqlite_master
WHERE type = 'table' AND name = 'schema_version';

-- name: schema_version_get
SELECT max(version) FROM schema_version;

-- name: schema_version_set
INSERT INTO schema_version (version) VALUES (:version);

-- Every connection: SQLite's default page cache (2 MB) is far smaller
-- than what one collect or report touches, and pages that do not fit are
-- read again and again.  32 MiB each for the database and the temporary
-- tables; raising it further gains nothing measurable (docs/PERFORMANCE.md).
-- name: connection_setup
PRAGMA cache_size = -32768;
PRAGMA temp.cache_size = -32768;

-- The staging area of a collect, in the connection's temporary database
-- (0004_staging.sql): the raw memberships of the system being read, and
-- the transitive closure of its nested groups.  UNION (not UNION ALL)
-- makes loops terminate: a group reached twice is not expanded again.
-- name: staging_create
CREATE TEMP TABLE IF NOT EXISTS membership (
	entitlement_key TEXT NOT NULL,
	system_id INTEGER NOT NULL,
	ref TEXT NOT NULL,
	ref_type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS temp.membership_system
	ON membership (system_id, entitlement_key);
CREATE TEMP VIEW IF NOT EXISTS group_nesting (system_id, outer_key,
	inner_key) AS
WITH RECURSIVE nest (system_id, outer_key, inner_key) AS (
	SELECT system_id, entitlement_key, ref FROM temp.membership
	WHERE ref_type = 'group'
	UNION
	SELECT n.system_id, n.outer_key, m.ref FROM nest n
	JOIN temp.membership m ON m.system_id = n.system_id
		AND m.entitlement_key = n.inner_key AND m.ref_type = 'group'
)
SELECT system_id, outer_key, inner_key FROM nest;

-- name: snapshot_insert
INSERT INTO snapshot (taken_at, tool_version) VALUES (:taken_at, :version);

-- name: system_insert
INSERT INTO system (snapshot_id, name, category, owner, mfa_supported,
	match_key)
VALUES (:snapshot, :name, :category, :owner, :mfa_supported, :match_key);

-- name: source_insert
INSERT INTO source (snapshot_id, system_id, role, format, preset, location,
	sha256, bytes, records, declared, incomplete, read_at)
VALUES (:snapshot, nullif(:system, 0), :role, :format, :preset, :location,
	:sha256, :bytes, :records, nullif(:declared, -1), nullif(:incomplete, ''),
	:read_at);

-- name: person_insert
INSERT INTO person (snapshot_id, source_key, uid, email, display_name,
	employee_number, manager, disabled, mfa, last_login)
VALUES (:snapshot, :key, :uid, :email, :display_name, :employee_number,
	:manager, :disabled, :mfa, :last_login);

-- name: account_insert
INSERT OR IGNORE INTO account (snapshot_id, system_id, external_id, login,
	email, display_name, employee_number, active, mfa, last_login,
	is_service)
VALUES (:snapshot, :system, :id, :login, :email, :display_name,
	:employee_number, :active, :mfa, :last_login, :is_service);

-- name: entitlement_insert
INSERT INTO entitlement (snapshot_id, system_id, source_key, name, privileged,
	members_known)
VALUES (:snapshot, :system, :key, :name, :privileged, :members_known)
ON CONFLICT (system_id, source_key) DO UPDATE SET
	privileged = max(privileged, excluded.privileged),
	members_known = min(members_known, excluded.members_known);

-- name: membership_insert
INSERT INTO temp.membership (entitlement_key, system_id, ref, ref_type)
VALUES (:group_key, :system, :ref, :ref_type);

-- Two index lookups (id, then login): with OR the planner scans the
-- system's accounts once per list entry.
-- name: mfa_set
UPDATE account SET mfa = :mfa
WHERE id IN (SELECT id FROM account
		WHERE system_id = :system AND external_id = :ref
	UNION ALL
	SELECT id FROM account
		WHERE system_id = :system AND lower(login) = lower(:ref));

-- name: mfa_set_all
UPDATE account SET mfa = :mfa WHERE system_id = :system;

-- name: warning_insert
INSERT INTO warning (snapshot_id, system_id, message)
VALUES (:snapshot, nullif(:system, 0), :message);

-- Memberships become grants once every source of a system is read.
-- Members naming a group that no source defined get a placeholder
-- entitlement so their grants are not lost.
-- Grants are inserted in (account, entitlement) order: the table and its
-- UNIQUE index then grow at their ends instead of taking a million inserts
-- at random places (half the time of a million-account system).
-- name: grant_resolve_by_id
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id)
SELECT :snapshot, a.id, e.id
FROM temp.membership m
JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
JOIN account a ON a.system_id = m.system_id AND a.external_id = m.ref
WHERE m.system_id = :system AND m.ref_type = 'account'
ORDER BY a.id, e.id;

-- name: grant_resolve_by_login
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id)
SELECT :snapshot, a.id, e.id
FROM temp.membership m
JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
JOIN account a ON a.system_id = m.system_id
	AND lower(a.login) = lower(m.ref)
WHERE m.system_id = :system AND m.ref_type = 'account'
ORDER BY a.id, e.id;

-- Nested groups: an account in a group inside G is granted G "via" the
-- inner group (the closure is the view group_nesting, staging_create).
-- name: grant_resolve_nested
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id,
	via)
SELECT :snapshot, g.account_id, outer_group.id, inner_group.name
FROM temp.group_nesting n
JOIN entitlement outer_group ON outer_group.system_id = :system
	AND outer_group.source_key = n.outer_key
JOIN entitlement inner_group ON inner_group.system_id = :system
	AND inner_group.source_key = n.inner_key
JOIN access_grant g ON g.entitlement_id = inner_group.id AND g.via IS NULL
WHERE n.system_id = :system AND n.outer_key <> n.inner_key;

-- name: warn_group_loops
INSERT INTO warning (snapshot_id, system_id, message)
SELECT :snapshot, :system, 'group ''' || e.name ||
	''' contains itself through nested groups (loop ignored)'
FROM temp.group_nesting n JOIN entitlement e ON e.system_id = :system
	AND e.source_key = n.outer_key
WHERE n.system_id = :system AND n.outer_key = n.inner_key
ORDER BY e.name;

-- name: warn_dangling_members
INSERT INTO warning (snapshot_id, system_id, message)
SELECT :snapshot, :system, 'group ''' || coalesce(e.name, m.entitlement_key)
	|| ''': member ''' || m.ref || ''' matches no ' || m.ref_type
FROM temp.membership m
LEFT JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
WHERE m.system_id = :system
	AND ((m.ref_type = 'account' AND NOT EXISTS (
		SELECT 1 FROM account a WHERE a.system_id = m.system_id
		AND a.external_id = m.ref) AND NOT EXISTS (
		SELECT 1 FROM account a WHERE a.system_id = m.system_id
		AND lower(a.login) = lower(m.ref)))
	OR (m.ref_type = 'group' AND NOT EXISTS (
		SELECT 1 FROM entitlement g WHERE g.system_id = m.system_id
		AND g.source_key = m.ref)))
ORDER BY 3;

-- The raw memberships are only needed while the snapshot is written.
-- name: membership_clear
DELETE FROM temp.membership WHERE system_id = :system;

-- Pruned snapshots (0007_retention.sql) are never the latest, the
-- previous or one that exists.
-- name: snapshot_latest
SELECT max(id) FROM snapshot WHERE pruned_at IS NULL;

-- name: snapshot_previous
SELECT max(id) FROM snapshot WHERE id < :snapshot AND pruned_at IS NULL;

-- name: snapshot_exists
SELECT count(*) FROM snapshot WHERE id = :snapshot AND pruned_at IS NULL;

-- name: snapshot_pruned_at
SELECT pruned_at FROM snapshot WHERE id = :snapshot;
