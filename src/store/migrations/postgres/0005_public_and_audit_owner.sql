-- 0005: what a published trip shows (budget, outcome), and whose each audit entry is.
ALTER TABLE delegations ADD COLUMN budget BIGINT;
ALTER TABLE delegations ADD COLUMN budget_currency TEXT COLLATE "C";
ALTER TABLE delegations ADD COLUMN outcome_ko TEXT COLLATE "C";
ALTER TABLE delegations ADD COLUMN outcome_en TEXT COLLATE "C";
UPDATE delegations SET budget_currency = 'KRW' WHERE budget_currency IS NULL;

-- owner: the host organization that owns the changed row (its organizers read the entry);
-- NULL for shared reference data every account reads; 0 for rows nobody but an
-- administrator reads (accounts, rows whose owner reference is empty).
ALTER TABLE audit_log ADD COLUMN owner BIGINT;
CREATE INDEX audit_log_owner ON audit_log(owner, id);
