"""A tiny service for each test, on each store: the lead's tiny catalogue copied to tmp_path and a
fresh SQLite file or PostgreSQL database (helpers to enrol people and sign them in:
tests/support/service_app.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app
from tests.support.service_app import ALLOWED_ORIGIN, SECRET, TINY_CATALOGUE, enrol, sign_in
from tests.support.service_server import Server, start
from tests.support.service_world import World, seed


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


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def staff(client: TestClient) -> TestClient:
    """The client, signed in as an undersköterska who started on START."""
    sign_in(client, enrol(client))
    return client


@pytest.fixture(scope="module")
def running(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str | None
) -> Iterator[tuple[Server, World, Path | str]]:
    """A real service over the managers' small world (tests/support/service_world.py), per test
    module and store."""
    db = module_database_url or tmp_path_factory.mktemp("managers") / "omsorg.db"
    server = start(db, TINY_CATALOGUE)
    world = seed(db)
    yield server, world, db
    server.stop()
