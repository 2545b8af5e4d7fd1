-- PostgreSQL's version of 0008_record_versions.sql: the same counter, counted once per statement.
-- Row by row, a move-to or an import of one person's 100,000 completions would write the same
-- counter row 100,000 times in one transaction, each version of it kept until the commit: the
-- move of 100,000 completions took over 300 s that way, against 15 s before the counter.
CREATE TABLE record_versions (
    staff_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

-- `changed` is the statement's rows (its transition table); a rating belongs to a person through
-- its completion. PL/pgSQL plans a trigger function apart for each table it is attached to.
CREATE FUNCTION count_record_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'ratings' THEN
        INSERT INTO record_versions
        SELECT DISTINCT c.staff_id, 1 FROM changed r JOIN completions c ON c.id = r.completion_id
        ON CONFLICT (staff_id) DO UPDATE SET version = record_versions.version + 1;
    ELSE
        INSERT INTO record_versions SELECT DISTINCT staff_id, 1 FROM changed
        ON CONFLICT (staff_id) DO UPDATE SET version = record_versions.version + 1;
    END IF;
    RETURN NULL;
END;
$$;

-- A trigger with a transition table answers one kind of change, hence three per table.
CREATE TRIGGER completions_inserted_version AFTER INSERT ON completions
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER completions_updated_version AFTER UPDATE ON completions
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER completions_deleted_version AFTER DELETE ON completions
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER ratings_inserted_version AFTER INSERT ON ratings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER ratings_updated_version AFTER UPDATE ON ratings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER ratings_deleted_version AFTER DELETE ON ratings
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER self_assessments_inserted_version AFTER INSERT ON self_assessments
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER self_assessments_updated_version AFTER UPDATE ON self_assessments
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
CREATE TRIGGER self_assessments_deleted_version AFTER DELETE ON self_assessments
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_record_versions();
