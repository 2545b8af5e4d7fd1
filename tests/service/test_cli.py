"""The command line: settings errors, staff import with codes, admins, backup and restore."""

from __future__ import annotations

import io
import math
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from progress_service import Settings, create_app
from progress_service.backup import exclusive
from progress_service.cli import main
from progress_service.codes import ALPHABET, CODE_LENGTH, new_code, normalise
from progress_service.settings import SettingsError
from tests.support.service_app import SECRET, TINY_CATALOGUE

GOOD_CSV = (
    "\ufeffAnställningsnummer;Namn;Kommun;Enhet;Roll;Startdatum\r\n"
    "1001;Anna Andersson;Åsele;Hemtjänst Norr;Undersköterska;2023-05-01\r\n"
    "=1002;Bo Berg;dorotea;Solgården;;\r\n"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment the CLI reads; the database path."""
    db = tmp_path / "var" / "cli.db"
    monkeypatch.setenv("OMSORG_DB", str(db))
    monkeypatch.setenv("OMSORG_SECRET_KEY", SECRET.decode())
    monkeypatch.setenv("CATALOGUE_DIR", str(TINY_CATALOGUE))
    monkeypatch.setenv("OMSORG_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("OMSORG_PUBLIC_URL", "http://testserver")
    return db


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_a_bad_setting_is_named_with_its_value(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="OMSORG_MAX_BODY_BYTES='lots'"):
        Settings.from_env({"OMSORG_MAX_BODY_BYTES": "lots", "OMSORG_SECRET_KEY": SECRET.decode()})
    with pytest.raises(SettingsError, match="OMSORG_ALLOWED_ORIGINS"):
        Settings.from_env({"OMSORG_ALLOWED_ORIGINS": "omsorg.example", "OMSORG_SECRET_KEY": SECRET.decode()})
    with pytest.raises(SettingsError, match="OMSORG_SECRET_KEY"):
        Settings.from_env({"OMSORG_SECRET_KEY": "short"})
    with pytest.raises(SettingsError, match="CATALOGUE_DIR"):
        Settings.from_env({"CATALOGUE_DIR": str(tmp_path / "none"), "OMSORG_SECRET_KEY": SECRET.decode()})


def test_without_a_secret_key_one_is_made_readable_only_by_the_owner(tmp_path: Path) -> None:
    settings = Settings.from_env({"OMSORG_DB": str(tmp_path / "var" / "x.db")})
    key_file = tmp_path / "var" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(settings.secret_key) == 64
    assert Settings.from_env({"OMSORG_DB": str(tmp_path / "var" / "x.db")}).secret_key == settings.secret_key


def test_personal_codes_are_easy_to_type_and_hard_to_guess() -> None:
    code = new_code()
    assert len(code) == 13 and code[4] == "-" and code[9] == "-"
    assert not set("0O1IL") & set(ALPHABET)
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 50
    assert normalise(f" {code.lower()} ") == code.replace("-", "")
    assert normalise("ABCD-EFGH-JK0") is None


def test_import_staff_writes_codes_for_swedish_excel(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, codes = tmp_path / "personal.csv", tmp_path / "koder.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    assert main(["import-staff", str(source), "--codes-out", str(codes)]) == 0
    printed = capsys.readouterr().out
    assert "2 nya personer fick kod" in printed
    assert "Första start" in printed  # an empty database is set up first
    assert stat.S_IMODE(codes.stat().st_mode) == 0o600
    assert stat.S_IMODE(env.stat().st_mode) == 0o600  # the database holds personal data
    raw = codes.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"sep=" not in raw
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "anställningsnummer;namn;kommun;enhet;personlig kod"
    assert lines[1].startswith("1001;Anna Andersson;Åsele;Hemtjänst Norr;")
    assert lines[2].startswith("'=1002;Bo Berg;Dorotea;Solgården;")  # a formula is shown, not run
    code = lines[1].split(";")[-1]
    assert normalise(code) is not None
    people = rows(
        env, "SELECT employee_number, role, start_date FROM staff WHERE employee_number <> 'DEMO-1'"
    )
    assert sorted(people)[0] == ("1001", "underskoterska", "2023-05-01")
    with TestClient(create_app(Settings.from_env())) as client:
        assert client.post("/api/session", json={"code": code}).json()["name"] == "Anna Andersson"
    assert code not in str(rows(env, "SELECT * FROM staff"))


def test_serve_with_an_invalid_catalogue_names_the_problems_and_does_not_start(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(TINY_CATALOGUE, catalogue)
    hygien = catalogue / "trainings" / "hygien.yml"
    hygien.write_text(hygien.read_text().replace("duration_hours: 1.5", "duration_hours: mycket"))
    monkeypatch.setenv("CATALOGUE_DIR", str(catalogue))
    assert main(["serve", "--port", "0"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"{hygien}:12: duration_hours: ska vara ett tal, inte 'mycket'"
        " — skriv ett tal utan citattecken, t.ex. 1.5",
        f"Fel: Tjänsten startade inte: 1 fel i katalogen {catalogue}. Rätta raderna ovan och starta igen.",
    ]
    assert not env.exists()  # nothing was started or created


def test_an_existing_codes_file_readable_by_others_is_made_private(env: Path, tmp_path: Path) -> None:
    source, codes = tmp_path / "personal.csv", tmp_path / "koder.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    codes.write_text("gammal utskrift\n", encoding="utf-8")
    codes.chmod(0o644)
    assert main(["import-staff", str(source), "--codes-out", str(codes)]) == 0
    assert stat.S_IMODE(codes.stat().st_mode) == 0o600
    assert "gammal utskrift" not in codes.read_text(encoding="utf-8-sig")


def test_a_second_import_updates_people_and_keeps_their_codes(env: Path, tmp_path: Path) -> None:
    source, codes = tmp_path / "personal.csv", tmp_path / "koder.csv"
    source.write_text(GOOD_CSV.replace(";", ","), encoding="utf-8")  # comma-separated works too
    assert main(["import-staff", str(source), "--codes-out", str(codes)]) == 0
    before = rows(env, "SELECT code_hash FROM staff ORDER BY id")
    source.write_text(GOOD_CSV.replace("Anna Andersson", "Anna Ek"), encoding="utf-8")
    assert main(["import-staff", str(source), "--codes-out", str(codes)]) == 0
    assert rows(env, "SELECT code_hash FROM staff ORDER BY id") == before
    assert ("Anna Ek",) in rows(env, "SELECT name FROM staff")
    assert codes.read_text(encoding="utf-8-sig").splitlines()[1:] == []


def test_an_import_with_bad_rows_reports_each_and_imports_nothing(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "personal.csv"
    source.write_text(
        GOOD_CSV
        + "1003;;Åsele;Hemtjänst Norr;;\r\n"
        + "1004;Cecilia;Umeå;Hemtjänst Norr;Pilot;2023-13-01\r\n"
        + "1001;Anna igen;Åsele;Hemtjänst Norr;;\r\n"
        + "1005;Ber\x00til;Åsele;Hemtjänst Norr;;\r\n",
        encoding="utf-8",
    )
    assert main(["import-staff", str(source), "--codes-out", str(tmp_path / "koder.csv")]) == 1
    error = capsys.readouterr().err
    assert "rad 4: namn saknas" in error
    assert "rad 5: okänd kommun 'Umeå'" in error
    assert "rad 5: okänd roll 'Pilot'" in error
    assert "rad 5: startdatum '2023-13-01'" in error
    assert "rad 6: anställningsnummer 1001 finns redan" in error
    assert "rad 7: namn innehåller tecknet NUL" in error
    assert rows(env, "SELECT employee_number FROM staff") == [("DEMO-1",)]
    assert not (tmp_path / "koder.csv").exists()


def test_create_admin_reads_the_password_from_stdin(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ett långt lösenord\n"))
    assert main(["create-admin", "chef"]) == 0
    [(stored, role)] = rows(env, "SELECT password_hash, role FROM accounts WHERE name = 'chef'")
    assert str(stored).startswith("$argon2id") and PasswordHasher().verify(str(stored), "ett långt lösenord")
    assert role == "administrator"
    for weak, reason in (("kort", "minst 12 tecken"), ("Sommar2026!!", "för lätt att gissa")):
        monkeypatch.setattr("sys.stdin", io.StringIO(weak + "\n"))
        assert main(["create-admin", "chef2"]) == 1
        assert reason in capsys.readouterr().err
    assert rows(env, "SELECT count(*) FROM accounts WHERE name = 'chef2'") == [(0,)]


def test_create_manager_with_a_scope_and_set_a_target(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list-units"]) == 0
    unit_id = capsys.readouterr().out.strip().splitlines()[-1].split("\t")[0]
    monkeypatch.setattr("sys.stdin", io.StringIO("gran-tall-ek-7-lövskog\n"))
    assert main(["create-manager", "Eva Chef", "--municipality", "asele", "--unit", unit_id]) == 0
    assert rows(env, "SELECT s.municipality_id, s.unit_id FROM account_scopes s ORDER BY 1") == [
        (None, int(unit_id)),
        ("asele", None),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("gran-tall-ek-7-lövskog\n"))
    assert main(["create-manager", "Utan Scope"]) == 1
    assert "minst en kommun" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("gran-tall-ek-7-lövskog\n"))
    assert main(["create-manager", "Fel Kommun", "--municipality", "umea"]) == 1
    assert "ingen kommun med id umea" in capsys.readouterr().err
    assert rows(env, "SELECT name FROM accounts WHERE role = 'manager'") == [("Eva Chef",)]
    assert main(["set-target", "asele", "2026-01-01", "2026-12-31", "40"]) == 0
    assert main(["set-target", "asele", "2026-01-01", "2026-12-31", "45"]) == 0
    assert rows(env, "SELECT * FROM participation_targets") == [("asele", "2026-01-01", "2026-12-31", 45)]
    assert main(["set-target", "asele", "2026-12-31", "2026-01-01", "45"]) == 1


def test_backup_and_restore(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "personal.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    main(["import-staff", str(source), "--codes-out", str(tmp_path / "koder.csv")])
    backup = tmp_path / "backups" / "omsorg.db"
    assert main(["backup", str(backup)]) == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM staff").fetchone() == (3,)
    with sqlite3.connect(env) as live:
        live.execute("DELETE FROM staff WHERE employee_number = '1001'")
    with exclusive(env):  # the service is running
        assert main(["restore", str(backup)]) == 1
    assert "Stoppa tjänsten" in capsys.readouterr().err
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    assert main(["restore", str(garbage)]) == 1
    assert main(["restore", str(backup)]) == 0
    assert rows(env, "SELECT count(*) FROM staff") == [(3,)]
    assert len(list(env.parent.glob("cli.db.före-återställning-*"))) == 1


def test_an_import_whose_codes_file_cannot_be_written_imports_nothing(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "personal.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    nowhere = tmp_path / "finns-inte" / "koder.csv"
    assert main(["import-staff", str(source), "--codes-out", str(nowhere)]) == 1
    assert f"kodfilen {nowhere} går inte att skriva" in capsys.readouterr().err
    assert rows(env, "SELECT employee_number, code_hash IS NOT NULL FROM staff") == [("DEMO-1", 1)]


def test_backup_and_restore_sync_the_folder_after_renaming_into_it(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "personal.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    assert main(["import-staff", str(source), "--codes-out", str(tmp_path / "koder.csv")]) == 0
    copy = tmp_path / "kopior" / "omsorg.db"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def record(descriptor: int) -> None:
        is_folder = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        synced.append(("folder" if is_folder else "file", copy.exists() if is_folder else False))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", record)
    assert main(["backup", str(copy)]) == 0
    assert ("folder", True) in synced  # the folder, after the copy got its name
    synced.clear()
    assert main(["restore", str(copy)]) == 0
    assert [kind for kind, _ in synced].count("folder") >= 2  # the kept copy and the restored database
