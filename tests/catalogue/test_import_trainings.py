"""`python -m catalogue import`: an editor's spreadsheet becomes training files, all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from catalogue import load_catalogue
from catalogue.cli import main
from tests.support.catalogue_copy import break_catalogue, trainings_in

REVIEWED = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
ROW = {
    "titel": "Demens – ABC för hemtjänst",
    "sammanfattning": "Grunderna om demenssjukdom för dig som arbetar i hemtjänsten.",
    "beskrivning": "Om symtom och bemötande.\nMed filmer från hemtjänsten.",
    "anordnare": "Svenskt Demenscentrum",
    "adress": "https://www.demenscentrum.se/",
    "ämnen": "demens, vardegrund",
    "roller": "underskoterska,vardbitrade",
    "nivå": "bas",
    "format": "Webbutbildning",
    "timmar": "1,5",
    "kostnad": "0",
    "språk": "sv",
    "mobil": "ja",
    "inloggning": "konto",
    "video": "ja",
    "ljud": "ja",
    "nedladdning_mb": "80",
    "intyg": "ja",
    "förnyas_månader": "",
    "sista_dag": "",
    "kommuner": "",
    "finansiering": "",
    "ansvarig": "Redaktionen Omsorgskatalogen",
    "granskad": REVIEWED,
    "anmälan": "account",
    "anmälan_info": "Sök efter Demens ABC på sidan.",
    "källa": "https://www.demenscentrum.se/",
}
SECOND = {
    **ROW,
    "titel": "HLR för omsorgspersonal",
    "ämnen": "Första hjälpen och HLR",
    "förnyas_månader": "12",
}
THIRD = {
    **ROW,
    "titel": "Välfärdsteknik i vardagen",
    "ämnen": "valfardsteknik",
    "kommuner": "Åsele, Lycksele",
    "sista_dag": "2027-06-30",
}


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    workbook.save(path)
    return path


def imported(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["import", *arguments])
    output = capsys.readouterr()
    return code, output.out, output.err


def test_a_good_csv_imports_every_row_as_a_training_that_loads(catalogue_dir: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, SECOND, THIRD])
    result = subprocess.run(
        [sys.executable, "-m", "catalogue", "import", str(sheet), "--catalogue", str(catalogue_dir)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Importerade 3 utbildningar" in result.stdout
    trainings = load_catalogue(catalogue_dir).trainings
    assert trainings["demens-abc-for-hemtjanst"].duration_hours == 1.5
    assert trainings["hlr-for-omsorgspersonal"].topics == ["forsta-hjalpen"]
    assert trainings["hlr-for-omsorgspersonal"].renewal_months == 12
    assert trainings["valfardsteknik-i-vardagen"].municipalities == ["asele", "lycksele"]
    assert trainings["valfardsteknik-i-vardagen"].available_until == datetime.date(2027, 6, 30)
    assert trainings["demens-abc-for-hemtjanst"].available_until is None


def test_a_csv_saved_by_swedish_excel_with_semicolons_and_a_bom_imports(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, SECOND], delimiter=";", bom=True)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbftitel;")
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 0, errors
    trainings = load_catalogue(catalogue_dir).trainings
    assert trainings["demens-abc-for-hemtjanst"].title == "Demens – ABC för hemtjänst"
    assert trainings["hlr-for-omsorgspersonal"].duration_hours == 1.5


def test_an_excel_separator_line_is_honoured_and_not_counted_as_a_row(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, {**SECOND, "mobil": "kanske"}], delimiter=";")
    sheet.write_text("sep=;\n" + sheet.read_text())
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert f"{sheet}:3: mobil: ska vara ja eller nej, inte 'kanske' — skriv ja eller nej" in errors


def test_a_good_xlsx_imports_with_the_cell_types_excel_gives(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed: dict[str, object] = {
        **ROW,
        "timmar": 2.5,
        "kostnad": 450,
        "mobil": True,
        "intyg": False,
        "granskad": datetime.datetime.combine(datetime.date.fromisoformat(REVIEWED), datetime.time()),
    }
    sheet = write_xlsx(
        tmp_path / "kurser.xlsx", [typed, {**typed, "titel": "Demens fördjupning", "nivå": "Fördjupning"}]
    )
    code, out, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 0, errors
    assert "Importerade 2 utbildningar" in out
    trainings = load_catalogue(catalogue_dir).trainings
    first = trainings["demens-abc-for-hemtjanst"]
    assert (first.duration_hours, first.cost_sek, first.works_on_phone, first.certificate) == (
        2.5,
        450,
        True,
        False,
    )
    assert first.last_reviewed.isoformat() == REVIEWED
    assert trainings["demens-fordjupning"].level == "fördjupning"


def test_one_bad_row_writes_nothing_and_names_its_row_and_column(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, {**SECOND, "ämnen": "hlr-kurs", "timmar": "tre"}, THIRD])
    code, out, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    # Row 2's description spans two lines in the file, yet Excel shows the bad row as row 3.
    assert f"{sheet}:3: ämnen: okänt ämne 'hlr-kurs' — välj bland: digital-grundkunskap" in errors
    assert f"{sheet}:3: timmar: ska vara ett tal, inte 'tre' — skriv ett tal, t.ex. 1,5" in errors
    assert "Inget importerades: 2 fel på 1 rad." in errors
    assert out == ""
    assert trainings_in(catalogue_dir) == before


def test_a_bad_row_in_an_xlsx_is_named_by_its_excel_row(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    sheet = write_xlsx(tmp_path / "kurser.xlsx", [ROW, SECOND, {**THIRD, "sammanfattning": "x" * 201}])
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert f"{sheet}:4: sammanfattning: är för långt — korta texten till högst 200 tecken" in errors
    assert trainings_in(catalogue_dir) == before


def test_ids_colliding_with_the_catalogue_or_each_other_are_errors(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    taken = sorted((catalogue_dir / "trainings").glob("*.yml"))[0].stem
    rows = [{**ROW, "id": ""}, {**SECOND, "id": taken}, {**ROW, "id": ""}]
    sheet = write_csv(tmp_path / "kurser.csv", rows)
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert f"{sheet}:3: id: id '{taken}' finns redan i katalogen" in errors
    assert f"{sheet}:4: id: samma id 'demens-abc-for-hemtjanst' som rad 2" in errors
    assert "Inget importerades: 2 fel på 2 rader." in errors
    assert trainings_in(catalogue_dir) == before


def test_unknown_and_missing_columns_are_named_on_the_header_row(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = {("ämne" if key == "ämnen" else key): value for key, value in ROW.items() if key != "ansvarig"}
    sheet = write_csv(tmp_path / "kurser.csv", [row])
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert f"{sheet}:1: ämne: okänd kolumn — menade du ämnen?" in errors
    assert f"{sheet}:1: (rubrikraden): kolumner saknas: ämnen, ansvarig" in errors


def test_column_names_match_whatever_their_case_and_spacing(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = {key.replace("_", " ").capitalize(): value for key, value in ROW.items()}
    assert "Förnyas månader" in row
    sheet = write_csv(tmp_path / "kurser.csv", [row])
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 0, errors


def test_a_dry_run_checks_every_row_and_writes_nothing(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, SECOND])
    code, out, _ = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir), "--dry-run")
    assert code == 0
    assert "Provkörning: 2 utbildningar kan importeras; inget skrevs." in out
    assert str(catalogue_dir / "trainings" / "hlr-for-omsorgspersonal.yml") in out
    assert trainings_in(catalogue_dir) == before


def test_when_the_catalogue_fails_its_check_after_writing_nothing_is_kept(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reported = break_catalogue(catalogue_dir)
    before = trainings_in(catalogue_dir)
    sheet = write_csv(tmp_path / "kurser.csv", [ROW, SECOND])
    code, out, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert reported in out
    assert "inget sparades" in errors
    assert trainings_in(catalogue_dir) == before


def test_overdue_reviews_are_shown_for_the_new_files_only(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = (datetime.date.today() - datetime.timedelta(days=800)).isoformat()
    first = write_csv(tmp_path / "forsta.csv", [{**ROW, "granskad": old}])
    second = write_csv(tmp_path / "andra.csv", [{**SECOND, "granskad": old}])
    assert imported(capsys, str(first), "--catalogue", str(catalogue_dir))[0] == 0
    code, out, _ = imported(capsys, str(second), "--catalogue", str(catalogue_dir))
    assert code == 0
    warnings = [line for line in out.splitlines() if ": varning: " in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{catalogue_dir / 'trainings' / 'hlr-for-omsorgspersonal.yml'}:")
    assert f"last_reviewed: varning: granskades senast {old}" in warnings[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kurser.csv", "titel;ämnen\nÄldre;demens\n".encode("cp1252"), "är inte sparad som UTF-8"),
        ("kurser.xlsx", b"not a workbook", "kan inte läsas som en Excel-fil"),
        ("kurser.xls", b"", "kan bara läsa .csv och .xlsx"),
        ("kurser.csv", b"\n \n", "är tom"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_clear_error(
    catalogue_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    message: str,
) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(content)
    code, _, errors = imported(capsys, str(sheet), "--catalogue", str(catalogue_dir))
    assert code == 1
    assert errors.startswith(f"Fel: {sheet}") and message in errors
