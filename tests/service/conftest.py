"""A tiny service for each test: the lead's tiny catalogue copied to tmp_path and a fresh SQLite
file (helpers to enrol people and sign them in: tests/support/service_app.py)."""

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
def settings(tmp_path: Path, catalogue_dir: Path) -> Settings:
    return Settings(
        db_path=tmp_path / "var" / "test.db",
        site_dir=tmp_path / "site",
        catalogue_dir=catalogue_dir,
        secret_key=SECRET,
        allowed_origins=frozenset({ALLOWED_ORIGIN}),
        trusted_proxies="127.0.0.1",
        public_url="http://testserver",
    )


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
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, World, Path]]:
    """A real service over the managers' small world (tests/support/service_world.py), per test module."""
    db = tmp_path_factory.mktemp("managers") / "omsorg.db"
    server = start(db, TINY_CATALOGUE)
    world = seed(db)
    yield server, world, db
    server.stop()
