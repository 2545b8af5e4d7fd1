-- Each person's record version, counted up by every change to their completions, ratings and
-- self-assessments, whichever code, instance or tool makes it: a kept /api/me answer
-- (progress_service/record_cache.py) is known to be current from one indexed read. A counter per
-- staff id, nothing personal; move-to leaves it out and the target's triggers count afresh.
CREATE TABLE record_versions (
    staff_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

CREATE TRIGGER completions_inserted_version AFTER INSERT ON completions BEGIN
    INSERT INTO record_versions VALUES (NEW.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER completions_updated_version AFTER UPDATE ON completions BEGIN
    INSERT INTO record_versions VALUES (NEW.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER completions_deleted_version AFTER DELETE ON completions BEGIN
    INSERT INTO record_versions VALUES (OLD.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;

-- A rating belongs to a person through its completion. `WHERE` is there for SQLite's parser too:
-- an INSERT … SELECT needs one before ON CONFLICT.
CREATE TRIGGER ratings_inserted_version AFTER INSERT ON ratings BEGIN
    INSERT INTO record_versions SELECT staff_id, 1 FROM completions WHERE id = NEW.completion_id
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER ratings_updated_version AFTER UPDATE ON ratings BEGIN
    INSERT INTO record_versions SELECT staff_id, 1 FROM completions WHERE id = NEW.completion_id
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER ratings_deleted_version AFTER DELETE ON ratings BEGIN
    INSERT INTO record_versions SELECT staff_id, 1 FROM completions WHERE id = OLD.completion_id
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER self_assessments_inserted_version AFTER INSERT ON self_assessments BEGIN
    INSERT INTO record_versions VALUES (NEW.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER self_assessments_updated_version AFTER UPDATE ON self_assessments BEGIN
    INSERT INTO record_versions VALUES (NEW.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER self_assessments_deleted_version AFTER DELETE ON self_assessments BEGIN
    INSERT INTO record_versions VALUES (OLD.staff_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET version = version + 1;
END;
