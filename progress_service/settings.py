"""Every setting of the service, declared in one place and read from the environment.

A bad value stops the service at start with a message naming the variable, the value and how to
fix it, rather than surfacing later as a confusing failure in a request.
"""

from __future__ import annotations

import os
import secrets
import stat
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from catalogue.layout import CONTENT_DIR

MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """A setting has a value the service cannot use."""

    def __init__(self, variable: str, value: str, hint: str) -> None:
        super().__init__(f"{variable}={value!r}: {hint}")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    site_dir: Path
    catalogue_dir: Path
    secret_key: bytes
    allowed_origins: frozenset[str]
    trusted_proxies: str
    # The origin browsers use (https://utbildning.kommun.se): redirects and the origin check of
    # writes are built from it, never from a request's Host. `serve` on a loopback address fills
    # it in from the address when it is not set.
    public_url: str | None = None
    max_body_bytes: int = 16 * 1024
    session_hours: int = 12
    catalogue_poll_seconds: float = 2.0
    # A client gets this long to send a request's headers, and again its body.
    client_timeout_seconds: int = 10
    max_connections: int = 1000
    # A staff session also ends this long after its last use (shared break-room tablets).
    staff_idle_minutes: int = 120
    # Free-text rating comments and individual self-assessment answers are deleted after this long.
    retention_months: int = 24
    # OMSORG_DATABASE_URL when it names a PostgreSQL database; None for the SQLite file db_path.
    database_url: str | None = None

    @property
    def store(self) -> str:
        """Where the data is, for messages: the PostgreSQL URL without its password, or the file."""
        return shown(self.database_url) if self.database_url else str(self.db_path)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, db_path: Path | None = None) -> Settings:
        """The settings from `env` (default: the process environment); `db_path` overrides OMSORG_DB."""
        env = os.environ if env is None else env
        url, sqlite_file = _database_url(env.get("OMSORG_DATABASE_URL", ""))
        db = db_path or sqlite_file or Path(env.get("OMSORG_DB", "var/omsorg.db"))
        return cls(
            db_path=db,
            site_dir=Path(env.get("OMSORG_SITE_DIR", "site")),
            catalogue_dir=_existing_dir(env, "CATALOGUE_DIR", CONTENT_DIR),
            secret_key=_secret_key(env, db.parent / "secret.key"),
            allowed_origins=_origins(env.get("OMSORG_ALLOWED_ORIGINS", "")),
            trusted_proxies=env.get("OMSORG_TRUSTED_PROXIES", "127.0.0.1"),
            public_url=public_origin(env["OMSORG_PUBLIC_URL"]) if env.get("OMSORG_PUBLIC_URL") else None,
            max_body_bytes=_positive_int(env, "OMSORG_MAX_BODY_BYTES", 16 * 1024),
            session_hours=_positive_int(env, "OMSORG_SESSION_HOURS", 12),
            client_timeout_seconds=_positive_int(env, "OMSORG_CLIENT_TIMEOUT_SECONDS", 10),
            max_connections=_positive_int(env, "OMSORG_MAX_CONNECTIONS", 1000),
            staff_idle_minutes=_positive_int(env, "OMSORG_STAFF_IDLE_MINUTES", 120),
            retention_months=_positive_int(env, "OMSORG_RETENTION_MONTHS", 24),
            database_url=None if db_path else url,
        )


def shown(url: str) -> str:
    """A database URL without its password, fit for a message or a log."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    return urllib.parse.urlunsplit(
        parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    )


def _database_url(value: str) -> tuple[str | None, Path | None]:
    """(PostgreSQL URL, SQLite file) from OMSORG_DATABASE_URL; both None when it is not set."""
    value = value.strip()
    if not value:
        return None, None
    hint = (
        "ange postgresql://användare:lösenord@värd:5432/databas för PostgreSQL, eller sqlite:///sökväg/omsorg.db"
        " (eller ingenting) för SQLite-filen"
    )
    try:
        url = urllib.parse.urlsplit(value)
        url.port  # noqa: B018 - parsing the port raises ValueError for a bad one
    except ValueError:
        raise SettingsError("OMSORG_DATABASE_URL", shown(value), hint) from None
    if url.scheme in ("postgresql", "postgres") and url.hostname and url.path.strip("/"):
        return value, None
    if url.scheme == "sqlite" and not url.netloc and len(url.path) > 1:
        return None, Path(url.path[1:])  # sqlite:///var/omsorg.db is relative, sqlite:////srv/x.db absolute
    raise SettingsError("OMSORG_DATABASE_URL", shown(value), hint)


def public_origin(value: str, variable: str = "OMSORG_PUBLIC_URL") -> str:
    """`value` as a browser writes it in Origin: scheme://host[:port], default port left out."""
    hint = "ange adressen som besökarna använder, t.ex. https://utbildning.kommun.se (utan sökväg)"
    try:
        url = urllib.parse.urlsplit(value.strip())
        port = url.port
    except ValueError:
        raise SettingsError(variable, value, hint) from None
    if url.scheme not in ("http", "https") or not url.hostname or url.path not in ("", "/"):
        raise SettingsError(variable, value, hint)
    if url.query or url.fragment or url.username or url.password:
        raise SettingsError(variable, value, hint)
    default = {"http": 80, "https": 443}[url.scheme]
    host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
    return f"{url.scheme}://{host}" + (f":{port}" if port and port != default else "")


def _existing_dir(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name)
    if value is None:
        return default
    if not Path(value).is_dir():
        raise SettingsError(name, value, "ange en befintlig katalogmapp (med topics.yml och trainings/)")
    return Path(value)


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(name, value, "ange ett positivt heltal")
    return int(value)


def _origins(value: str) -> frozenset[str]:
    origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
    for origin in origins:
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            hint = "ange ursprung som https://exempel.se, flera åtskilda med kommatecken"
            raise SettingsError("OMSORG_ALLOWED_ORIGINS", value, hint)
    return frozenset(origins)


def _secret_key(env: Mapping[str, str], key_file: Path) -> bytes:
    """OMSORG_SECRET_KEY, or a random key kept in a 0600 file beside the database."""
    value = env.get("OMSORG_SECRET_KEY")
    if value is not None:
        if len(value) < MIN_SECRET_LENGTH:
            hint = f"nyckeln ska vara minst {MIN_SECRET_LENGTH} tecken, t.ex. från `openssl rand -hex 32`"
            raise SettingsError("OMSORG_SECRET_KEY", "(dold)", hint)
        return value.encode()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return _read_key_file(key_file)


def _read_key_file(key_file: Path) -> bytes:
    """The key in `key_file`, refused when others may read it or when it is too short to be one."""
    mode = stat.S_IMODE(key_file.stat().st_mode)
    if mode & 0o077:
        hint = f"filen får bara vara läsbar för tjänstens användare: kör `chmod 600 {key_file}`"
        raise SettingsError(str(key_file), f"rättigheter {mode:o}", hint)
    key = key_file.read_text().strip()
    if len(key) < MIN_SECRET_LENGTH:
        hint = (
            f"nyckeln ska vara minst {MIN_SECRET_LENGTH} tecken; skriv en ny med"
            f" `openssl rand -hex 32 > {key_file}` (alla måste då få nya koder) eller återställ den sparade"
        )
        raise SettingsError(str(key_file), "tom" if not key else "(för kort)", hint)
    return key.encode()
