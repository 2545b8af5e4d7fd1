"""A warning that repeats is logged once per interval, with the count of those held back; request
lines are never held back; nothing stored reaches the log through a database's error."""

from __future__ import annotations

import logging
import sqlite3
import traceback

import pytest
from starlette.testclient import TestClient

from progress_service.logs import RepeatFilter
from tests.support.service_app import enrol


def test_a_repeated_warning_is_logged_once_then_with_the_count_held_back(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger = logging.getLogger("test.repeats")
    # A clock of the test's own: on a loaded machine 1,000 log calls can take longer than the interval.
    now = [1000.0]
    monkeypatch.setattr("progress_service.logs.time.monotonic", lambda: now[0])
    # pytest keeps one capturing handler for the whole session: the filter must not outlive the test.
    repeats = RepeatFilter(every=0.2)
    caplog.handler.addFilter(repeats)
    try:
        with caplog.at_level(logging.INFO, logger="test.repeats"):
            for attempt in range(1000):
                logger.error("accept() failed: %s", f"attempt {attempt}")
                logger.info("method=GET path=/healthz status=200")
                now[0] += 0.0001
            now[0] += 0.25
            logger.error("accept() failed: %s", "again")
    finally:
        caplog.handler.removeFilter(repeats)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "accept() failed: attempt 0",
        "accept() failed: again (and 999 more like it since the last one logged)",
    ]
    assert sum(r.levelno == logging.INFO for r in caplog.records) == 1000


def test_a_database_error_in_the_log_names_no_stored_value(client: TestClient) -> None:
    # PostgreSQL adds a DETAIL line with the key's values to its message ("Key (municipality_id,
    # employee_number)=(asele, ANSTNR-4711) already exists"): a traceback in the log showed it.
    number = "ANSTNR-" + str(4700 + 11)  # not in this file as it is: the traceback quotes the code
    enrol(client, number)
    with pytest.raises(sqlite3.IntegrityError) as raised:
        enrol(client, number)
    logged = "".join(traceback.format_exception(raised.value))
    assert "unique" in logged.lower()
    assert number not in logged
