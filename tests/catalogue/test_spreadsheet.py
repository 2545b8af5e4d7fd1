"""What Swedish Excel receives from every CSV download."""

import csv
import datetime
import io

from catalogue.spreadsheet import excel_csv


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
