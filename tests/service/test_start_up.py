"""Starting the service safely: a secret key others can read, or an empty one, is refused; the
first start's password and demo code go to a private file, not to the journal; a user who cannot
write the database gets one Swedish line naming the file, not a traceback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from progress_service.first_start import FIRST_START_FILE
from progress_service.settings import Settings, SettingsError
from tests.support.service_app import SECRET, TINY_CATALOGUE
from tests.support.service_server import ROOT, service_env, start


def key_file(tmp_path: Path, text: str, mode: int) -> dict[str, str]:
    (tmp_path / "var").mkdir()
    key = tmp_path / "var" / "secret.key"
    key.write_text(text)
    key.chmod(mode)
    return {"OMSORG_DB": str(tmp_path / "var" / "omsorg.db")}


def test_a_secret_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    env = key_file(tmp_path, "a" * 64, 0o644)
    with pytest.raises(SettingsError, match=r"secret\.key.*chmod 600"):
        Settings.from_env(env)


@pytest.mark.parametrize("text", ["", "\n", "kort"])
def test_an_empty_or_short_secret_key_file_is_refused(tmp_path: Path, text: str) -> None:
    env = key_file(tmp_path, text, 0o600)
    with pytest.raises(SettingsError, match=r"secret\.key.*minst 32 tecken"):
        Settings.from_env(env)


def test_the_first_start_secrets_go_to_a_private_file_and_only_its_path_is_printed(tmp_path: Path) -> None:
    db = tmp_path / "var" / "omsorg.db"
    server = start(db, TINY_CATALOGUE)
    try:
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        secrets_file = db.parent / FIRST_START_FILE
        assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
        kept = secrets_file.read_text(encoding="utf-8")
        password = next(line for line in kept.splitlines() if "lösenord" in line).split()[-1]
        code = next(line for line in kept.splitlines() if "Personlig kod" in line).split()[-1]
        printed = "".join(server.stdout + server.stderr)
        assert password not in printed and code not in printed
        assert str(secrets_file) in printed
        signed_in = httpx.post(f"{server.url}/api/session", json={"code": code})
        assert signed_in.status_code == 200
    finally:
        server.stop()


def unwritable_database(tmp_path: Path) -> Path:
    """A database the user running the tests cannot write: their own file made read-only, or for
    root, who may write any file, one in sysfs, where even root may not create files."""
    if os.geteuid() == 0:
        return Path("/sys/omsorg.db")
    folder = tmp_path / "var"
    folder.mkdir()
    db = folder / "omsorg.db"
    db.write_bytes(b"")
    db.chmod(0o400)
    folder.chmod(0o500)
    return db


def test_a_user_who_cannot_write_the_database_gets_one_swedish_line(tmp_path: Path) -> None:
    db = unwritable_database(tmp_path)
    command = [sys.executable, "-m", "progress_service", "serve", "--port", "0"]
    result = subprocess.run(
        command, cwd=ROOT, env=service_env(db, TINY_CATALOGUE), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"Fel: Kan inte skriva databasen {db} (åtkomst nekas)")


def test_the_secret_key_from_the_environment_still_works(tmp_path: Path) -> None:
    settings = Settings.from_env({"OMSORG_DB": str(tmp_path / "x.db"), "OMSORG_SECRET_KEY": SECRET.decode()})
    assert settings.secret_key == SECRET


@pytest.mark.parametrize(
    "value", ["utbildning.kommun.se", "https://utbildning.kommun.se/omsorg", "ftp://x.se"]
)
def test_a_public_url_that_is_no_origin_is_named_at_start(tmp_path: Path, value: str) -> None:
    env = {
        "OMSORG_DB": str(tmp_path / "x.db"),
        "OMSORG_SECRET_KEY": SECRET.decode(),
        "OMSORG_PUBLIC_URL": value,
    }
    with pytest.raises(SettingsError, match=f"OMSORG_PUBLIC_URL='{value}'"):
        Settings.from_env(env)


def test_the_public_url_is_kept_as_browsers_write_origin(tmp_path: Path) -> None:
    env = {"OMSORG_DB": str(tmp_path / "x.db"), "OMSORG_SECRET_KEY": SECRET.decode()}
    for value, origin in (
        ("https://Utbildning.Kommun.se:443/", "https://utbildning.kommun.se"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ):
        assert Settings.from_env({**env, "OMSORG_PUBLIC_URL": value}).public_url == origin


def test_serving_on_a_public_address_needs_the_public_url(tmp_path: Path) -> None:
    """Refused before anything is bound (192.0.2.1 is a documentation address, never reached)."""
    command = [sys.executable, "-m", "progress_service", "serve", "--host", "192.0.2.1", "--port", "0"]
    env = service_env(tmp_path / "var" / "omsorg.db", TINY_CATALOGUE)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Fel: OMSORG_PUBLIC_URL saknas: tjänsten lyssnar på 192.0.2.1, så ange adressen som besökarna"
        " använder, t.ex. OMSORG_PUBLIC_URL=https://utbildning.kommun.se"
    ]
