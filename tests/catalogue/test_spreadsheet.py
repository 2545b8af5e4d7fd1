"""What Swedish Excel receives from every CSV download."""

import csv
import datetime
import io
import random

import openpyxl
import pytest

from catalogue.spreadsheet import Column, Format, TooManyRows, excel_csv, neutralise, table_bytes


def rows_as_excel_reads_them(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "without a BOM Excel reads UTF-8 as Windows-1252"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_bom_semicolons_and_no_sep_line() -> None:
    text = "".join(excel_csv(["Utbildning", "Timmar"], [["Basal hygien", 1.5]]))
    assert not text.removeprefix("\ufeff").startswith("sep=")
    assert rows_as_excel_reads_them(text) == [["Utbildning", "Timmar"], ["Basal hygien", "1,5"]]


def test_values_are_written_as_swedish_excel_expects() -> None:
    row = [2.0, 0.25, 12, True, False, None, datetime.date(2026, 11, 26)]
    text = "".join(excel_csv(list("abcdefg"), [row]))
    assert rows_as_excel_reads_them(text)[1] == ["2", "0,25", "12", "Ja", "Nej", "", "2026-11-26"]


def test_formula_cells_are_neutralised_but_text_with_separators_survives() -> None:
    dangerous = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
    safe = ["Åsele; Dorotea", 'Citat "så här"', "rad ett\nrad två"]
    text = "".join(excel_csv(["x"], [[value] for value in dangerous + safe]))
    cells = [row[0] for row in rows_as_excel_reads_them(text)[1:]]
    assert cells == ["'" + value for value in dangerous] + safe


def test_rows_stream_one_chunk_per_line() -> None:
    chunks = list(excel_csv(["a"], ([str(i)] for i in range(3))))
    assert chunks == ["\ufeffa\r\n", "0\r\n", "1\r\n", "2\r\n"]


COLUMNS = [Column("Namn"), Column("Timmar", "decimal"), Column("Klar", "yes_no"), Column("Dag", "date")]


def test_typed_tables_in_the_three_formats() -> None:
    rows = [("Anna; Ek", 1.5, True, "2026-01-02"), ('=HYPERLINK("x")', None, False, None)]
    excel = b"".join(table_bytes("excel", COLUMNS, rows)).decode("utf-8")
    assert rows_as_excel_reads_them(excel) == [
        ["Namn", "Timmar", "Klar", "Dag"],
        ["Anna; Ek", "1,5", "Ja", "2026-01-02"],
        ['\'=HYPERLINK("x")', "", "Nej", ""],
    ]
    machine = b"".join(table_bytes("csv", COLUMNS, rows)).decode("utf-8")
    assert (
        machine == 'Namn,Timmar,Klar,Dag\r\nAnna; Ek,1.5,true,2026-01-02\r\n"\'=HYPERLINK(""x"")",,false,\r\n'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(table_bytes("xlsx", COLUMNS, rows)))).active
    assert [c.value for c in sheet[2]] == ["Anna; Ek", 1.5, "Ja", datetime.datetime(2026, 1, 2)]
    assert sheet["A3"].value == '=HYPERLINK("x")' and sheet["A3"].data_type == "s"


def test_a_batch_with_a_separator_quote_or_line_break_in_one_cell_is_still_quoted() -> None:
    plain = [(f"Person {n}", float(n), True, "2026-01-01") for n in range(2500)]
    tricky = [*plain[:2100], ('Sa "hej"\nigen', 2.0, False, "2026-01-01"), *plain[2100:]]
    text = b"".join(table_bytes("excel", COLUMNS, tricky)).decode("utf-8")
    rows = rows_as_excel_reads_them(text)
    assert len(rows) == 2502 and rows[2101] == ['Sa "hej"\nigen', "2", "Nej", "2026-01-01"]
    assert rows[2102][0] == "Person 2100" and rows[2501][0] == "Person 2499"


def test_a_workbook_refuses_more_rows_than_a_worksheet_holds() -> None:
    rows = [("x", 1.0, True, None)] * 4
    assert len(b"".join(table_bytes("xlsx", COLUMNS, rows, max_xlsx_rows=4))) > 0
    with pytest.raises(TooManyRows):
        b"".join(table_bytes("xlsx", COLUMNS, rows, max_xlsx_rows=3))


def test_any_text_survives_the_round_trip_through_both_csv_formats() -> None:
    """Whatever separators, quotes and line breaks the cells hold, a CSV reader gets them back."""
    chance = random.Random(2026)
    alphabet = 'ab;,"\n\r =+x'
    rows = [
        tuple("".join(chance.choice(alphabet) for _ in range(chance.randint(0, 6))) for _ in range(4))
        for _ in range(5000)
    ]
    columns = [Column(f"k{n}") for n in range(4)]
    formats: tuple[tuple[Format, str], ...] = (("csv", ","), ("excel", ";"))
    for format, separator in formats:
        text = b"".join(table_bytes(format, columns, rows)).decode("utf-8-sig")
        read = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        assert read[1:] == [[neutralise(cell) for cell in row] for row in rows], format


def test_repeated_values_are_written_as_each_alone_even_where_python_calls_them_equal() -> None:
    """A column whose values repeat is converted once per distinct value; 1 == True == 1.0 and
    0.0 == -0.0 are one key to Python, yet a cell of each is written as it would be alone."""
    columns = [Column("Antal", "integer"), Column("Timmar", "decimal"), Column("Text")]
    alone = [(1, 0.0, "1"), (True, -0.0, "=1"), (1, 1.0, None), (1, 1, "1")]
    rows = alone * 1000  # one batch: 2,000 rows of four distinct ones
    for format in ("excel", "csv"):
        once = b"".join(table_bytes(format, columns, alone)).split(b"\r\n", 1)[1]
        written = b"".join(table_bytes(format, columns, rows)).split(b"\r\n", 1)[1]
        assert written == once * 1000, format
    assert once.split(b"\r\n")[:4] == [b"1,0,1", b"True,-0,'=1", b"1,1,", b"1,1,1"]
