-- Swedish alphabetical order for people lists and reports: ORDER BY swedish_order(name).
-- SQLite has no such function of its own: the service registers catalogue/alphabet.py's on every
-- connection it opens (progress_service/db.py `with_functions`). PostgreSQL's is in
-- 0009_swedish_order.postgresql.sql.
SELECT 1;
