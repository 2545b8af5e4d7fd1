"""`python -m progress_service`: run the service and administer it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime
import gc
import getpass
import ipaddress
import logging
import socket
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import uvicorn

from catalogue import Catalogue, CatalogueInvalid, load_catalogue
from progress_service import logs
from progress_service.accounts import AccountError, create_account
from progress_service.app import create_app
from progress_service.backup import BackupError, backup, restore
from progress_service.catalogue_source import CatalogueSource
from progress_service.db import Database, DatabaseUnwritable, every
from progress_service.erasure import erase_person
from progress_service.errors import NotFound
from progress_service.first_start import keep_secret_lines
from progress_service.move import MoveRefused, move_to
from progress_service.people import NoSuchPerson, first_start, reissue_code, revoke_code
from progress_service.postgres import StoreUnreachable
from progress_service.settings import Settings, SettingsError, public_origin, shown
from progress_service.slow_clients import BACKLOG, connection_cap, guarded_protocol
from progress_service.sql_text import alphabetically
from progress_service.staff_import import ImportRejected, import_staff
from progress_service.store import check_store, held, store_for
from progress_service.targets import TargetRejected, set_target

GC_THRESHOLD = 50_000
KEEP_ALIVE_SECONDS = 5
log = logging.getLogger("progress_service")


class CommandFailed(Exception):
    pass


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m progress_service", description=__doc__)
    main.add_argument("--db", type=Path, help="databasfil (annars OMSORG_DB, standard var/omsorg.db)")
    commands = main.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="starta tjänsten (webbplats och API)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", type=Path, dest="serve_db", help="databasfil")
    admin = commands.add_parser(
        "create-admin", help="lägg till en administratör; lösenordet läses från stdin"
    )
    admin.add_argument("username")
    manager = commands.add_parser(
        "create-manager",
        help="lägg till en chef som ser vissa kommuner eller enheter; lösenordet läses från stdin",
    )
    manager.add_argument("name")
    manager.add_argument("--municipality", action="append", default=[], help="kommunens id (kan upprepas)")
    manager.add_argument(
        "--unit", action="append", type=int, default=[], help="enhetens nummer ur list-units (kan upprepas)"
    )
    commands.add_parser("list-units", help="visa enheterna med nummer, kommun och namn")
    target = commands.add_parser("set-target", help="sätt en kommuns mål för antal deltagare under en period")
    target.add_argument("municipality", help="kommunens id, t.ex. asele")
    target.add_argument("period_from", type=iso_date, metavar="FRÅN", help="ÅÅÅÅ-MM-DD")
    target.add_argument("period_to", type=iso_date, metavar="TILL", help="ÅÅÅÅ-MM-DD")
    target.add_argument("target", type=int, metavar="ANTAL")
    staff = commands.add_parser("import-staff", help="läs in personal från CSV och skapa personliga koder")
    staff.add_argument("file", type=Path)
    staff.add_argument(
        "--codes-out", type=Path, required=True, help="CSV-fil för de nya koderna (för utskrift)"
    )
    for name, text in (("new-code", "ge en person en ny kod"), ("revoke-code", "spärra en persons kod")):
        command = commands.add_parser(name, help=text)
        command.add_argument("municipality", help="kommunens id, t.ex. asele")
        command.add_argument("employee_number")
    erase = commands.add_parser(
        "erase-person",
        help="radera allt som pekar ut en person (på begäran); antalen i rapporterna finns kvar",
    )
    erase.add_argument("municipality", help="kommunens id, t.ex. asele")
    erase.add_argument("employee_number")
    save = commands.add_parser("backup", help="säkerhetskopiera databasen medan tjänsten kör")
    save.add_argument("destination", type=Path)
    back = commands.add_parser(
        "restore", help="återställ databasen från en säkerhetskopia (tjänsten stoppad)"
    )
    back.add_argument("source", type=Path)
    move = commands.add_parser(
        "move-to",
        help="kopiera SQLite-databasen till en tom PostgreSQL-databas (med kontroll av varje tabell)",
    )
    move.add_argument(
        "url", metavar="OMSORG_DATABASE_URL", help="postgresql://användare:lösenord@värd/databas"
    )
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env(db_path=getattr(args, "serve_db", None) or args.db)
        return run(args, settings)
    except (
        SettingsError,
        CommandFailed,
        BackupError,
        ImportRejected,
        NoSuchPerson,
        CatalogueInvalid,
        DatabaseUnwritable,
        StoreUnreachable,
        MoveRefused,
        AccountError,
        TargetRejected,
        NotFound,
    ) as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "serve":
        serve(settings, args.host, args.port)
    elif args.command == "backup":
        backup(settings.db_path, args.destination)
        print(f"Säkerhetskopian finns i {args.destination}.")
    elif args.command == "move-to":
        move(settings, args.url)
    elif args.command == "restore":
        kept = restore(settings.db_path, args.source)
        print(
            f"Databasen är återställd från {args.source}."
            + (f" Den tidigare finns kvar i {kept}." if kept else "")
        )
    else:
        asyncio.run(administer(args, settings))
    return 0


def move(settings: Settings, url: str) -> None:
    target = Settings.from_env({"OMSORG_DATABASE_URL": url, "OMSORG_SECRET_KEY": "-" * 32}).database_url
    if target is None:
        raise CommandFailed(
            f"{shown(url)} är ingen PostgreSQL-databas: ange postgresql://användare@värd/databas."
        )
    snapshot, moved = move_to(settings.db_path, target)
    for table in moved:
        print(f"{table.table}: {table.rows} rader, kontrollsumman stämmer")
    print(
        f"Klart: allt i {settings.db_path} finns nu i {shown(target)} (kopierat från säkerhetskopian"
        f" {snapshot}). Starta tjänsten med OMSORG_DATABASE_URL={shown(target)}."
    )


def serve(settings: Settings, host: str, port: int) -> None:
    logs.configure()
    # A request allocates a few hundred objects, so the default threshold (700) runs the cyclic
    # collector every couple of requests; rarer runs gave ~10% more completions/s in
    # scripts/bench_service.py with the same flat memory.
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    catalogue = checked_catalogue(settings.catalogue_dir)
    check_store(settings)
    if settings.public_url is None and not _is_loopback(host):
        raise CommandFailed(
            f"OMSORG_PUBLIC_URL saknas: tjänsten lyssnar på {host}, så ange adressen som besökarna"
            " använder, t.ex. OMSORG_PUBLIC_URL=https://utbildning.kommun.se"
        )
    listener = listening_socket(host, port)
    settings = with_public_url(settings, host, listener.getsockname()[1])
    with held(settings):
        config = uvicorn.Config(
            create_app(settings, catalogue),
            proxy_headers=True,
            forwarded_allow_ips=settings.trusted_proxies,
            access_log=False,
            log_config=None,
            server_header=False,
            http=guarded_protocol(settings.client_timeout_seconds, connection_cap(settings.max_connections)),
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            backlog=BACKLOG,
        )
        announce = f"listening on http://{host}:{listener.getsockname()[1]} for {settings.public_url}"
        Server(config, announce).run(sockets=[listener])


class Server(uvicorn.Server):
    """Uvicorn's server, saying where it listens once the app has started (uvicorn does not when it
    is handed a socket)."""

    def __init__(self, config: uvicorn.Config, announce: str) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            log.info("%s", self.announce)


def listening_socket(host: str, port: int) -> socket.socket:
    """Bound and listening before the app starts, so the public URL can name the port it got."""
    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off only on sockets that say they are TCP,
    # and with it on, every answer written in two parts waited 40 ms for the client's delayed ACK.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        raise CommandFailed(f"Kan inte lyssna på {host}:{port}: {error.strerror}.") from None
    listener.listen(BACKLOG)
    return listener


def with_public_url(settings: Settings, host: str, port: int) -> Settings:
    """The settings with OMSORG_PUBLIC_URL; unset, it is the loopback address the service listens on."""
    if settings.public_url is not None:
        return settings
    return dataclasses.replace(settings, public_url=public_origin(f"http://{host}:{port}", "--host"))


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_catalogue(root: Path) -> CatalogueSource:
    """The catalogue to serve; when it is invalid, each problem on its own line and no start."""
    try:
        return CatalogueSource(root)
    except CatalogueInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity == "error" for p in invalid.problems)
        summary = (
            f"Tjänsten startade inte: {errors} fel i katalogen {root}. Rätta raderna ovan och starta igen."
        )
        raise CommandFailed(summary) from None


@contextlib.asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[tuple[Database, Catalogue]]:
    catalogue = load_catalogue(settings.catalogue_dir)
    check_store(settings)
    db = store_for(settings)
    await db.open()
    try:
        secret_lines = await first_start(db, catalogue, settings.secret_key)
        for line in keep_secret_lines(secret_lines, settings.db_path.parent):
            print(line)
        yield db, catalogue
    finally:
        await db.close()


async def administer(args: argparse.Namespace, settings: Settings) -> None:
    async with opened(settings) as (db, catalogue):
        if args.command == "create-admin":
            await create_account(db, args.username, "administrator", read_password())
            print(f"Administratören {args.username} är skapad.")
        elif args.command == "create-manager":
            scope = (tuple(args.municipality), tuple(args.unit))
            await create_account(db, args.name, "manager", read_password(), *scope)
            print(f"Chefen {args.name} är skapad.")
        elif args.command == "list-units":
            for line in await unit_lines(db):
                print(line)
        elif args.command == "set-target":
            await set_target(db, args.municipality, args.period_from, args.period_to, args.target)
            period = f"{args.period_from}–{args.period_to}"
            print(f"Målet för {args.municipality} {period} är {args.target} deltagare.")
        elif args.command == "import-staff":
            issued = await import_staff(
                db, catalogue, settings.secret_key, read_csv(args.file), args.codes_out
            )
            print(f"{issued} nya personer fick kod; koderna finns i {args.codes_out}.")
        elif args.command == "new-code":
            code = await reissue_code(db, settings.secret_key, args.municipality, args.employee_number)
            print(f"Ny kod för {args.employee_number}: {code} (den gamla koden gäller inte längre)")
        elif args.command == "revoke-code":
            await revoke_code(db, args.municipality, args.employee_number)
            print(f"Koden för {args.employee_number} är spärrad.")
        elif args.command == "erase-person":
            await erase_person(db, args.municipality, args.employee_number, None, "kommandoraden")
            print(
                f"{args.employee_number} i {args.municipality} är raderad; antalen i rapporterna finns kvar."
            )


def read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Lösenord: ")
    return sys.stdin.readline().rstrip("\n")


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' är inget datum som ÅÅÅÅ-MM-DD") from None


def read_csv(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandFailed(f"Filen {path} finns inte.") from None
    except UnicodeDecodeError:
        raise CommandFailed(f"{path} är inte UTF-8: spara den som 'CSV UTF-8' i Excel.") from None


async def unit_lines(db: Database) -> list[str]:
    rows = await db.read(
        every(
            "SELECT u.id, u.municipality_id, u.name FROM units u"
            f" ORDER BY u.municipality_id, {alphabetically('u.name')}"
        )
    )
    return [f"{row['id']}\t{row['municipality_id']}\t{row['name']}" for row in rows]
