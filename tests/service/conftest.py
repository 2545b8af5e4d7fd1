"""A tiny service for each test: the lead's tiny catalogue copied to tmp_path, a fresh SQLite file,
and helpers to enrol people and sign them in."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app
from progress_service.db import one
from progress_service.people import add_staff, set_code
from progress_service.postgres import connect
from progress_service.service import Service

if TYPE_CHECKING:
    from tests.service.managers import World
    from tests.service.server import Server

T = TypeVar("T")
TINY_CATALOGUE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"
SECRET = b"test-secret-key-that-is-long-enough-0123456789"
ALLOWED_ORIGIN = "https://omsorg.example"
START = datetime.date(2024, 1, 15)


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(TINY_CATALOGUE, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, catalogue_dir: Path, database_url: str | None) -> Settings:
    return Settings(
        database_url=database_url,
        db_path=tmp_path / "var" / "test.db",
        site_dir=tmp_path / "site",
        catalogue_dir=catalogue_dir,
        secret_key=SECRET,
        allowed_origins=frozenset({ALLOWED_ORIGIN}),
        trusted_proxies="127.0.0.1",
        public_url="http://testserver",
    )


@pytest.fixture
def store(tmp_path: Path, database_url: str | None) -> Path | str:
    """Where a test's service keeps its data: a SQLite file under tmp_path, or a PostgreSQL URL."""
    return database_url or tmp_path / "var" / "omsorg.db"


def direct(store: Settings | Path | str) -> sqlite3.Connection:
    """A connection straight to a test's store, past the service: the SQLite file, or the PostgreSQL
    database through the same adapter the service uses (`?` placeholders, sqlite3's errors). As
    with sqlite3, `with connection:` commits; foreign keys hold on both."""
    if isinstance(store, Settings):
        store = store.database_url or store.db_path
    if isinstance(store, str):
        # Each statement its own transaction, as in Python's sqlite3 for anything but DML: a refused
        # statement (the audit log's trigger) does not abort the ones after it.
        return connect(store, autocommit=True)
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def service(client: TestClient) -> Service:
    found: Service = client.app_state["service"]
    return found


def run(client: TestClient, function: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run a coroutine function on the test app's event loop (where its database lives)."""
    assert client.portal is not None, "use the client inside `with TestClient(...)`"
    return client.portal.call(function, *args)


def enrol(
    client: TestClient,
    employee_number: str = "1001",
    role: str | None = "underskoterska",
    start: datetime.date = START,
    unit: str = "Hemtjänst Norr",
    municipality: str = "asele",
) -> str:
    """Add a person (in Åsele unless told) to the test database; their personal code."""

    def job(connection: sqlite3.Connection) -> str:
        staff_id = add_staff(
            connection, municipality, unit, employee_number, f"Person {employee_number}", role, start
        )
        return set_code(connection, SECRET, staff_id)

    async def write() -> str:
        return await service(client).db.write(job)

    return run(client, write)


def sign_in(client: TestClient, code: str) -> None:
    response = client.post("/api/session", json={"code": code})
    assert response.status_code == 200, response.text


def count(client: TestClient, table: str) -> int:
    async def read() -> Any:
        row = await service(client).db.read(one(f"SELECT count(*) FROM {table}"))
        assert row is not None
        return row[0]

    result: int = run(client, read)
    return result


@pytest.fixture
def staff(client: TestClient) -> TestClient:
    """The client, signed in as an undersköterska who started on START."""
    sign_in(client, enrol(client))
    return client


@pytest.fixture(scope="module")
def running(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str | None
) -> Iterator[tuple[Server, World, Path | str]]:
    """A real service over the managers' small world (tests/service/managers.py), per test module
    and store."""
    from tests.service.managers import seed
    from tests.service.server import start

    db = module_database_url or tmp_path_factory.mktemp("managers") / "omsorg.db"
    server = start(db, TINY_CATALOGUE)
    world = seed(db)
    yield server, world, db
    server.stop()
