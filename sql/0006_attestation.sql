-- 0006_attestation.sql -- MFA attestations, the exception register, the
-- history of an access across campaigns

-- An owner's attestation of MFA for one system of a campaign, or of one
-- account whose export does not tell (kind 'account').  The figures are
-- the campaign snapshot's, frozen when attested (JSON).
CREATE TABLE mfa_attestation (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	system TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('system', 'account')),
	account_id TEXT,             -- for 'account'
	account TEXT,
	mfa TEXT CHECK (mfa IN ('enabled', 'not-applicable')),
	enforced INTEGER,            -- for 'system': 1 yes, 0 no
	statement TEXT NOT NULL,
	figures TEXT NOT NULL,
	attested_by TEXT NOT NULL,
	attested_at TEXT NOT NULL,
	signature TEXT,              -- the armored SSH signature, verbatim
	signer_fingerprint TEXT
);
CREATE INDEX mfa_attestation_campaign ON mfa_attestation (campaign_id,
	system);

-- The same access across campaigns: exceptions, revocations, history.
CREATE INDEX review_item_access ON review_item (system, account_id, kind);

-- What the last campaign before decided on the same access, shown to the
-- reviewer ("exception until 2026-10-31 (2026-Q3, ...)"); set at open.
ALTER TABLE review_item ADD COLUMN history TEXT;

-- Every exception decision with whether a later decision on the same
-- access (a later campaign's) has replaced it.  An account item's access
-- is the account; a grant item's is the account and the entitlement.
CREATE VIEW exception_register AS
SELECT i.id AS item_id, i.campaign_id, c.period, i.system, i.kind,
	i.account, i.account_id, i.person, i.person_name,
	CASE WHEN i.kind = 'grant' THEN i.entitlement END AS entitlement,
	i.reviewer, i.decided_by, i.comment AS justification,
	i.decided_at AS granted_at, i.expires,
	(SELECT j.id FROM review_item j
		WHERE j.system = i.system AND j.account_id = i.account_id
		AND j.kind = i.kind AND j.campaign_id > i.campaign_id
		AND j.decision IS NOT NULL
		AND (i.kind = 'account' OR j.entitlement = i.entitlement)
		ORDER BY j.campaign_id DESC LIMIT 1) AS replaced_by
FROM review_item i JOIN campaign c ON c.id = i.campaign_id
WHERE i.decision = 'exception';
