-- 0002_indexes.sql -- indexes for correlation and membership resolution
CREATE INDEX account_login ON account (system_id, lower(login));
CREATE INDEX account_email ON account (system_id, lower(email));
CREATE INDEX person_email ON person (snapshot_id, lower(email));
CREATE INDEX person_uid ON person (snapshot_id, lower(uid));
CREATE INDEX person_employee_number ON person (snapshot_id, employee_number);
CREATE INDEX grant_entitlement ON access_grant (entitlement_id);
CREATE INDEX grant_account ON access_grant (account_id);
