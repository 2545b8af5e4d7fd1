-- Managers: accounts with a scope, their sessions and read-only API keys, participation targets,
-- how a completion was recorded, and an append-only audit log.

-- One table for everyone who signs in with a name and password. An administrator sees
-- everything; a manager only the municipalities and units in account_scopes.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'manager')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
INSERT INTO accounts (id, name, role, password_hash, created_at)
    SELECT id, username, 'administrator', password_hash, created_at FROM admins;
DROP TABLE admins;

-- Exactly one of municipality_id and unit_id: a whole municipality, or one unit.
CREATE TABLE account_scopes (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    municipality_id TEXT REFERENCES municipalities(id),
    unit_id INTEGER REFERENCES units(id),
    CHECK ((municipality_id IS NULL) <> (unit_id IS NULL)),
    UNIQUE (account_id, municipality_id, unit_id)
);

-- Like staff sessions, only a hash of the token. A session ends at expires_at (absolute) or when
-- last_seen_at is older than the idle timeout, whichever comes first.
CREATE TABLE account_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX account_sessions_by_account ON account_sessions (account_id);

-- Read-only keys for scheduled pulls; shown once, only a keyed hash is kept. The prefix lets a
-- manager tell keys apart without the key.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    revoked_at TEXT
);

-- A municipality's participation target for a period (Äldreomsorgslyftet, ESF projects).
CREATE TABLE participation_targets (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target > 0),
    PRIMARY KEY (municipality_id, period_from, period_to)
);

-- Who recorded a completion: the person, a manager registering attendance, or an import.
ALTER TABLE completions ADD COLUMN recorded_by TEXT NOT NULL DEFAULT 'self'
    CHECK (recorded_by IN ('self', 'attendance', 'import'));
CREATE INDEX completions_by_day ON completions (completed_on);
CREATE INDEX staff_by_unit ON staff (unit_id);

-- Append-only: who did what, when, within which scope. Never a password, code or key.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    account_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
