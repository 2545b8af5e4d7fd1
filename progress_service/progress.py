"""Rules about a person's record that need no database: refresher expiry and path progress."""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue import Catalogue
from catalogue.model import LearningPath


@dataclass(frozen=True)
class Done:
    """One completion as progress sees it."""

    training: str
    completed_on: datetime.date
    expires_on: datetime.date | None


@functools.lru_cache(maxsize=65_536)  # a record, a report or a million rows fall on few days
def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expires_on(
    catalogue: Catalogue, training_id: str, completed_on: datetime.date, renewal_at_completion: int | None
) -> datetime.date | None:
    """When a refresher runs out: the catalogue's current renewal rule, or the one recorded at completion."""
    training = catalogue.trainings.get(training_id)
    months = training.renewal_months if training is not None else renewal_at_completion
    return add_months(completed_on, months) if months else None


def valid_completions(done: Iterable[Done], today: datetime.date) -> dict[str, datetime.date]:
    """Training -> latest completion that has not expired."""
    latest: dict[str, datetime.date] = {}
    for item in done:
        if item.expires_on is not None and item.expires_on <= today:
            continue
        if item.training not in latest or item.completed_on > latest[item.training]:
            latest[item.training] = item.completed_on
    return latest


def path_progress(
    catalogue: Catalogue,
    path: LearningPath,
    role: str | None,
    start: datetime.date,
    valid: dict[str, datetime.date],
    municipality: str | None = None,
) -> dict[str, object]:
    """Where a person stands on a path. Steps that are not mandatory for her and not given where
    she works are left out: a classroom training only in Storuman is no advice in Arjeplog."""
    steps = [
        {
            "training": step.training,
            "title": _title(catalogue, step.training),
            "requirement": step.requirement_for(role),
            "done": step.training in valid,
            "completed_on": valid[step.training].isoformat() if step.training in valid else None,
        }
        for step in path.steps
        if step.requirement_for(role) == "mandatory" or _given_to(catalogue, step.training, municipality)
    ]
    mandatory = [s for s in steps if s["requirement"] == "mandatory"]
    due = (
        start + datetime.timedelta(days=path.complete_within_days)
        if path.complete_within_days and mandatory
        else None
    )
    return {
        "id": path.id,
        "title": path.title,
        "introduction": path.introduction,
        "due_on": due.isoformat() if due else None,
        "mandatory_done": all(s["done"] for s in mandatory),
        "steps": steps,
    }


def my_paths(
    catalogue: Catalogue,
    role: str | None,
    start: datetime.date,
    done: Iterable[Done],
    today: datetime.date,
    municipality: str | None = None,
) -> list[dict[str, object]]:
    """Progress on every path meant for `role`, the introduction for new hires first."""
    valid = valid_completions(done, today)
    paths = sorted(catalogue.paths.values(), key=lambda path: not path.introduction)
    return [
        path_progress(catalogue, path, role, start, valid, municipality)
        for path in paths
        if role in path.roles
    ]


def _given_to(catalogue: Catalogue, training_id: str, municipality: str | None) -> bool:
    training = catalogue.trainings.get(training_id)
    return training is None or training.offered_to(municipality)


def _title(catalogue: Catalogue, training_id: str) -> str:
    training = catalogue.trainings.get(training_id)
    return training.title if training is not None else training_id
