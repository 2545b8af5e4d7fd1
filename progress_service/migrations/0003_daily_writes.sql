-- How many writes each person has made today (Swedish date), for the daily cap
-- (progress_service/write_limits.py). One row per person, reset on their first write of a day.
CREATE TABLE daily_writes (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    writes INTEGER NOT NULL
);
