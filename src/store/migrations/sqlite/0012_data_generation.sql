-- 0012: a number every committed write transaction raises (the store's commit does, once per
-- transaction, whichever process or server commits it), so that what a server keeps from the
-- database — the answers to GETs, the accounts API tokens name — is known to be current by
-- reading this one row at the snapshot a request reads (issue 7).
-- One row, made here and only ever updated.
CREATE TABLE data_generation (n INTEGER NOT NULL) STRICT;
INSERT INTO data_generation (n) VALUES (1);
