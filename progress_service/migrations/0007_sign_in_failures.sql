-- Failed sign-ins per key (client address, code prefix, account name) within the limit's window,
-- for instances sharing a PostgreSQL database (progress_service/ratelimit.py); one process on
-- SQLite keeps them in memory and leaves this table empty. `failures` is a JSON list of times.
-- Numbered 0007: 0006 is the rename of course to training.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures TEXT NOT NULL,
    last_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (last_at);
