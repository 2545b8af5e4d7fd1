-- People, sign-in, and what staff record. Dates are ISO text (YYYY-MM-DD), times ISO UTC text.
CREATE TABLE municipalities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    UNIQUE (municipality_id, name)
);

-- Minimal personal data: what a manager needs to recognise a person and what progress needs.
-- code_hash is HMAC-SHA256(server secret, personal code); NULL when no code is issued.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    employee_number TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    start_date TEXT NOT NULL,
    code_hash TEXT UNIQUE,
    code_issued_at TEXT,
    UNIQUE (municipality_id, employee_number)
);

-- Only a hash of the session token is kept: a copy of the database cannot sign anyone in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_staff ON sessions (staff_id);

-- Title, hours and renewal are copied at completion time so the record stays readable after
-- the training is archived or removed from the catalogue.
CREATE TABLE completions (
    id TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    course TEXT NOT NULL,
    course_title TEXT NOT NULL,
    hours REAL NOT NULL,
    renewal_months INTEGER,
    completed_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (staff_id, course, completed_on)
);

CREATE TABLE ratings (
    completion_id TEXT PRIMARY KEY REFERENCES completions(id) ON DELETE CASCADE,
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment TEXT,
    rated_at TEXT NOT NULL
);

-- Ids of withdrawn completions, so a late retry from an offline queue cannot bring one back.
-- Only the random client id and the time are kept: nothing that points at a person.
CREATE TABLE withdrawn_completions (
    id TEXT PRIMARY KEY,
    withdrawn_at TEXT NOT NULL
);

CREATE TABLE self_assessments (
    id TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    assessment TEXT NOT NULL,
    assessment_title TEXT NOT NULL,
    answers TEXT NOT NULL,
    area_means TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);
CREATE INDEX self_assessments_by_staff ON self_assessments (staff_id);

CREATE TABLE admins (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
