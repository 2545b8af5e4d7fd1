"""catalogue/sheets.py: the one reader for every spreadsheet the project reads (trainings, staff lists)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from catalogue.sheets import SheetUnreadable, read_grid


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("namn;enhet\nAnna;Hemtjänsten\n", [["namn", "enhet"], ["Anna", "Hemtjänsten"]]),
        ("namn,enhet\nAnna,Ugglan\n", [["namn", "enhet"], ["Anna", "Ugglan"]]),
        # Swedish Excel's CSV UTF-8: a byte-order mark, and `;` even when text has commas.
        ("\ufeffnamn;enhet\nAnna;Ugglan, Åsele\n", [["namn", "enhet"], ["Anna", "Ugglan, Åsele"]]),
        # As many of each in the header: `;`, which is what Swedish Excel writes.
        ("namn;enhet,ort\nAnna;Ugglan,Åsele\n", [["namn", "enhet,ort"], ["Anna", "Ugglan,Åsele"]]),
        # Excel's own separator line says which it is, and is not a row.
        ("sep=,\nnamn;enhet,ort\n", [["namn;enhet", "ort"]]),
    ],
)
def test_a_csv_is_read_with_the_separator_it_uses(text: str, rows: list[list[str]]) -> None:
    assert read_grid(text.encode(), ".csv") == rows


def test_a_workbook_is_read_from_its_first_sheet_with_values() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["namn", "timmar"])
    workbook.active.append(["Anna", 1.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_grid(buffer.getvalue(), ".XLSX") == [["namn", "timmar"], ["Anna", 1.5]]


def test_a_csv_that_is_not_utf8_names_the_line_and_letter_of_the_first_bad_byte() -> None:
    data = "namn;enhet\nAnna;Ugglan\nBo;Hemtjänst Åsele\n".encode("cp1252")
    with pytest.raises(SheetUnreadable) as caught:
        read_grid(b"\xef\xbb\xbf" + data, ".csv")
    assert str(caught.value) == (
        "är inte sparad som UTF-8 ('ä' på rad 3 är sparat på annat sätt)"
        " — spara den i Excel som 'CSV UTF-8 (kommaavgränsad) (*.csv)'"
    )
