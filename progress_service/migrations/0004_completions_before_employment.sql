-- A training completed before the person started here (an earlier job, school) is recorded as
-- such: its date may lie before the start date, and reports can tell it from training done here.
ALTER TABLE completions ADD COLUMN before_employment INTEGER NOT NULL DEFAULT 0
    CHECK (before_employment IN (0, 1));
