-- store.sql -- named queries used by src/store/ to write snapshots
-- Each query starts at a "-- name:" line; parameters are bound by name.

-- name: schema_table_exists
SELECT count(*) FROM sqlite_master
WHERE type = 'table' AND name = 'schema_version';

-- name: schema_version_get
SELECT max(version) FROM schema_version;

-- name: schema_version_set
INSERT INTO schema_version (version) VALUES (:version);

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
INSERT INTO membership (entitlement_key, system_id, ref, ref_type)
VALUES (:group_key, :system, :ref, :ref_type);

-- name: mfa_set
UPDATE account SET mfa = :mfa
WHERE system_id = :system AND (external_id = :ref OR lower(login) = lower(:ref));

-- name: mfa_set_all
UPDATE account SET mfa = :mfa WHERE system_id = :system;

-- name: warning_insert
INSERT INTO warning (snapshot_id, system_id, message)
VALUES (:snapshot, nullif(:system, 0), :message);

-- Memberships become grants once every source of a system is read.
-- Members naming a group that no source defined get a placeholder
-- entitlement so their grants are not lost.
-- name: grant_resolve_by_id
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id)
SELECT :snapshot, a.id, e.id
FROM membership m
JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
JOIN account a ON a.system_id = m.system_id AND a.external_id = m.ref
WHERE m.system_id = :system AND m.ref_type = 'account';

-- name: grant_resolve_by_login
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id)
SELECT :snapshot, a.id, e.id
FROM membership m
JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
JOIN account a ON a.system_id = m.system_id
	AND lower(a.login) = lower(m.ref)
WHERE m.system_id = :system AND m.ref_type = 'account';

-- Nested groups: an account in a group inside G is granted G "via" the
-- inner group (the closure is the view group_nesting, 0003).
-- name: grant_resolve_nested
INSERT OR IGNORE INTO access_grant (snapshot_id, account_id, entitlement_id,
	via)
SELECT :snapshot, g.account_id, outer_group.id, inner_group.name
FROM group_nesting n
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
FROM group_nesting n JOIN entitlement e ON e.system_id = :system
	AND e.source_key = n.outer_key
WHERE n.system_id = :system AND n.outer_key = n.inner_key
ORDER BY e.name;

-- name: warn_dangling_members
INSERT INTO warning (snapshot_id, system_id, message)
SELECT :snapshot, :system, 'group ''' || coalesce(e.name, m.entitlement_key)
	|| ''': member ''' || m.ref || ''' matches no ' || m.ref_type
FROM membership m
LEFT JOIN entitlement e ON e.system_id = m.system_id
	AND e.source_key = m.entitlement_key
WHERE m.system_id = :system
	AND ((m.ref_type = 'account' AND NOT EXISTS (
		SELECT 1 FROM account a WHERE a.system_id = m.system_id
		AND (a.external_id = m.ref OR lower(a.login) = lower(m.ref))))
	OR (m.ref_type = 'group' AND NOT EXISTS (
		SELECT 1 FROM entitlement g WHERE g.system_id = m.system_id
		AND g.source_key = m.ref)))
ORDER BY 3;

-- The raw memberships are only needed while the snapshot is written.
-- name: membership_clear
DELETE FROM membership WHERE system_id = :system;

-- name: snapshot_latest
SELECT max(id) FROM snapshot;

-- name: snapshot_previous
SELECT max(id) FROM snapshot WHERE id < :snapshot;

-- name: snapshot_exists
SELECT count(*) FROM snapshot WHERE id = :snapshot;
