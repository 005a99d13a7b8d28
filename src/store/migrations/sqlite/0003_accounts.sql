-- 0003: accounts. Passwords are argon2id strings (libsodium); sessions and API tokens are
-- stored only as hashes of the secrets handed out.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT,
  role TEXT NOT NULL,
  organization_id INTEGER REFERENCES organizations(id) ON DELETE RESTRICT,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX users_organization ON users(organization_id);
