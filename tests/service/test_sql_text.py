"""SQLite's words in PostgreSQL's: the same rule whether a statement goes through psycopg or libpq."""

from progress_service.sql_text import numbered, translate

STATEMENT = "SELECT ? FROM staff WHERE name LIKE ? AND note = 'why? 100%' AND code = ?"


def test_psycopg_gets_percent_placeholders_and_ilike_outside_quoted_text() -> None:
    expected = "SELECT %s FROM staff WHERE name ILIKE %s AND note = 'why? 100%' AND code = %s"
    assert translate(STATEMENT) == expected


def test_a_statement_without_parameters_keeps_its_percent_signs() -> None:
    sent = translate("SELECT 5 % 3 WHERE x LIKE 'a%'", placeholders=False)
    assert sent == "SELECT 5 % 3 WHERE x ILIKE 'a%'"


def test_libpq_gets_numbered_placeholders_and_the_same_ilike() -> None:
    expected = b"SELECT $1 FROM staff WHERE name ILIKE $2 AND note = 'why? 100%' AND code = $3"
    assert numbered(STATEMENT) == expected
