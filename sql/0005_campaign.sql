-- 0005_campaign.sql -- review campaigns: items, decisions, the audit log
-- A campaign freezes one snapshot into review items.  Items copy what the
-- reviewer saw (names, entitlements, findings, MFA) so that a later prune
-- of the snapshot cannot change what was decided on.  Times are ISO 8601
-- UTC text; due dates are YYYY-MM-DD.

CREATE TABLE campaign (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('period', 'event')),
	period TEXT,                 -- 2026-Q4 for a quarterly campaign
	reason TEXT,                 -- why an event campaign was opened
	snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
	opened_at TEXT NOT NULL,
	opened_by TEXT NOT NULL,
	due TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open'
		CHECK (state IN ('open', 'closed')),
	closed_at TEXT,
	closed_by TEXT,
	forced INTEGER NOT NULL DEFAULT 0,
	force_reason TEXT,
	reopens INTEGER REFERENCES campaign(id)
);
-- one open-or-closed campaign per period, except an explicit reopen
CREATE INDEX campaign_period ON campaign (period);

-- The systems in scope, with who reviews them (frozen at open).
CREATE TABLE campaign_system (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	system TEXT NOT NULL,
	category TEXT NOT NULL,
	owner TEXT,
	reviewer_rule TEXT NOT NULL DEFAULT 'owner',
	PRIMARY KEY (campaign_id, system)
);

-- Who may decide for an assigned reviewer in one system.
CREATE TABLE campaign_delegate (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	system TEXT NOT NULL,
	delegate TEXT NOT NULL,
	PRIMARY KEY (campaign_id, system, delegate)
);

-- One account of a system, or one privileged grant of it.
CREATE TABLE review_item (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	kind TEXT NOT NULL CHECK (kind IN ('account', 'grant')),
	system TEXT NOT NULL,
	account TEXT NOT NULL,       -- login, else the external id
	account_id TEXT NOT NULL,    -- the system's id of the account
	person TEXT,                 -- email or uid; NULL for an orphan
	person_name TEXT,
	entitlement TEXT,            -- the grant; the account's list for 'account'
	privileged INTEGER NOT NULL DEFAULT 0,
	findings TEXT NOT NULL DEFAULT '',
	mfa TEXT NOT NULL,
	last_login INTEGER NOT NULL DEFAULT 0,
	reviewer TEXT NOT NULL,
	reviewer_role TEXT NOT NULL
		CHECK (reviewer_role IN ('owner', 'manager', 'fallback')),
	version INTEGER NOT NULL DEFAULT 1,
	decision TEXT CHECK (decision IN ('keep', 'revoke', 'exception')),
	expires TEXT,
	comment TEXT,
	decided_by TEXT,
	decided_at TEXT,
	-- the version the decision was made on: a re-import of the same
	-- worksheet is recognised as no change, not as a stale row
	decided_on_version INTEGER,
	import_id INTEGER REFERENCES decision_import(id)
);
CREATE INDEX review_item_campaign ON review_item (campaign_id, reviewer);

-- Accounts shown for context only (inactive, leavers): never decided.
CREATE TABLE review_context (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	system TEXT NOT NULL,
	account TEXT NOT NULL,
	person TEXT,
	note TEXT NOT NULL
);

-- Every accepted decision file, with its hash and signature.
CREATE TABLE decision_import (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	reviewer TEXT NOT NULL,
	file_name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	signature TEXT,              -- the armored SSH signature, verbatim
	signer_fingerprint TEXT,
	imported_at TEXT NOT NULL,
	rows INTEGER NOT NULL,
	changed INTEGER NOT NULL
);

-- Append-only; hash = SHA-256 of previous_hash and the canonical form of
-- the row (src/review/audit.c), so any change, deletion or reordering
-- breaks the chain at that row.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	campaign_id INTEGER,
	event TEXT NOT NULL,
	actor TEXT NOT NULL,
	item_id INTEGER,
	detail TEXT NOT NULL,
	previous_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_item ON audit_log (item_id);

-- Items list each account's open findings.
CREATE INDEX finding_account ON finding (snapshot_id, system, account);
