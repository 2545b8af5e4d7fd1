-- One word for one thing: the catalogue says training, so the service does too. RENAME COLUMN
-- keeps every row and carries the UNIQUE (staff_id, training, completed_on) rule with it; it is
-- standard SQL that SQLite (3.25+) and PostgreSQL both run as written.
ALTER TABLE completions RENAME COLUMN course TO training;
ALTER TABLE completions RENAME COLUMN course_title TO training_title;
ALTER TABLE attendance_registrations RENAME COLUMN course TO training;
