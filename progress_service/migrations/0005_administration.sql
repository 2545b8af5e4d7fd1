-- Running it in a municipality: people who have left, erased people, attendance registrations,
-- one-time passwords, and an idle timeout for staff sessions.

-- The day a person left (NULL: still employed). They keep their history and cannot sign in.
ALTER TABLE staff ADD COLUMN left_on TEXT;
-- Set when the person was erased on request: the row then only holds what the counts need.
ALTER TABLE staff ADD COLUMN erased_at TEXT;

-- A password set by an administrator is one-time: it must be changed at the next sign-in.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- Staff sessions end after an idle time too (shared break-room tablets).
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
UPDATE sessions SET last_seen_at = created_at;

-- One registration of attendance: its id (from the form or the script) makes a resubmission
-- answer the same without recording anything twice.
CREATE TABLE attendance_registrations (
    id TEXT PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    course TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
