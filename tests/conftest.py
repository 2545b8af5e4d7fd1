"""Shared fixtures: Debian's Chromium, launched once per test session, a server clock off from
Sweden's, every JSON answer of the service checked against its documented model, and the two stores
the service's tests run on (one PostgreSQL server per session)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from catalogue.dates import swedish_today
from progress_service import responses
from tests.support.postgres_server import PostgresServer, start_postgres
from tests.support.site_server import launch_chromium

STORES = ("sqlite", "postgresql")


@pytest.fixture(autouse=True, scope="session")
def _answers_checked_against_their_models() -> Iterator[None]:
    """In this process and in every service a test starts (progress_service/responses.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(responses, "CHECK_ANSWERS", True)
        patch.setenv("OMSORG_CHECK_ANSWERS", "1")
        yield


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def server_clock_off_from_sweden(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """Put this process in a time zone whose date differs from Sweden's right now; Sweden's date.

    UTC-12 is a day behind Sweden until early afternoon Swedish time and UTC+14 a day ahead from
    late morning, so one of them always disagrees, as a UTC server does around midnight.
    """
    today = swedish_today()
    for zone in ("Etc/GMT+12", "Etc/GMT-14"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        if datetime.date.today() != today:
            monkeypatch.undo()
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            return today
    raise AssertionError("no time zone disagreed with Sweden's date")


@pytest.fixture(autouse=True)
def _restore_time_zone() -> Iterator[None]:
    yield
    time.tzset()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole test session (about 1.5 s to start)."""
    server = start_postgres()
    yield server
    server.stop()


def _database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    with server.fresh_database() as url:
        yield url


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Each test that uses this runs on both stores: None for the SQLite file, else the URL of a
    fresh PostgreSQL database (a copy of the migrated template, dropped after the test)."""
    yield from _database(request)


@pytest.fixture(scope="module", params=STORES)
def module_database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The same for a module's shared service (one per store)."""
    yield from _database(request)
