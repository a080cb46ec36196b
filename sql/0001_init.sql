-- 0001_init.sql -- the first schema: snapshots and everything they hold
-- Times are ISO 8601 UTC text ("2026-11-20T00:00:00Z"); login times are
-- Unix seconds (0 = unknown, -1 = never).

CREATE TABLE schema_version (
	version INTEGER NOT NULL
);

-- One row per collect; written inside the collect's transaction.
CREATE TABLE snapshot (
	id INTEGER PRIMARY KEY,
	taken_at TEXT NOT NULL,
	tool_version TEXT NOT NULL
);

CREATE TABLE system (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	owner TEXT,
	mfa_supported INTEGER NOT NULL DEFAULT 1,
	match_key TEXT NOT NULL DEFAULT 'email',
	UNIQUE (snapshot_id, name)
);

-- Every input of a snapshot, so each number traces back to a file.
CREATE TABLE source (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	system_id INTEGER REFERENCES system(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	format TEXT NOT NULL,
	preset TEXT,
	location TEXT NOT NULL,
	sha256 TEXT,
	bytes INTEGER,
	records INTEGER NOT NULL,
	declared INTEGER,
	incomplete TEXT,
	read_at TEXT NOT NULL
);

CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	source_key TEXT NOT NULL,
	uid TEXT,
	email TEXT,
	display_name TEXT,
	employee_number TEXT,
	manager TEXT,
	disabled INTEGER NOT NULL DEFAULT 0,
	mfa TEXT NOT NULL DEFAULT 'unknown',
	last_login INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
	external_id TEXT NOT NULL,
	login TEXT,
	email TEXT,
	display_name TEXT,
	employee_number TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	mfa TEXT NOT NULL DEFAULT 'unknown',
	last_login INTEGER NOT NULL DEFAULT 0,
	is_service INTEGER NOT NULL DEFAULT 0,
	person_id INTEGER REFERENCES person(id),
	match_count INTEGER NOT NULL DEFAULT 0,
	UNIQUE (system_id, external_id)
);

-- Groups and roles: what an account can be granted.
CREATE TABLE entitlement (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
	source_key TEXT NOT NULL,
	name TEXT NOT NULL,
	privileged INTEGER NOT NULL DEFAULT 0,
	members_known INTEGER NOT NULL DEFAULT 1,
	UNIQUE (system_id, source_key)
);

-- Raw membership as the source gave it; resolved into access_grant.
CREATE TABLE membership (
	entitlement_key TEXT NOT NULL,
	system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
	ref TEXT NOT NULL,
	ref_type TEXT NOT NULL
);

CREATE TABLE access_grant (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	entitlement_id INTEGER NOT NULL REFERENCES entitlement(id)
		ON DELETE CASCADE,
	via TEXT,
	UNIQUE (account_id, entitlement_id)
);

CREATE TABLE finding (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	severity TEXT NOT NULL,
	system TEXT,
	account TEXT,
	person TEXT,
	detail TEXT NOT NULL
);

CREATE TABLE warning (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	system_id INTEGER REFERENCES system(id) ON DELETE CASCADE,
	message TEXT NOT NULL
);

CREATE INDEX person_snapshot ON person (snapshot_id);
CREATE INDEX account_snapshot ON account (snapshot_id, system_id);
CREATE INDEX membership_system ON membership (system_id, entitlement_key);
CREATE INDEX grant_snapshot ON access_grant (snapshot_id);
CREATE INDEX finding_snapshot ON finding (snapshot_id);
