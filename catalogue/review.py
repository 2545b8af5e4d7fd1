"""The editors' review list: entries due for review and entries with unchecked facts.

Editorial doubt is for editors only: the public pages never show `unverified`. This list is what
`python -m catalogue due` prints and what the site's Nuläge page lists for editors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from catalogue.model import REVIEW_INTERVAL_MONTHS, Catalogue, Training
from catalogue.references import past_last_day, review_due


@dataclass(frozen=True)
class ReviewItem:
    training: Training
    due: bool  # not reviewed within REVIEW_INTERVAL_MONTHS
    unverified: str | None  # the editors' own note of what could not be checked
    ended: bool = False  # its last day (available_until) has passed: archive it

    def reasons(self) -> list[str]:
        """Why the entry is on the list, in Swedish, for editors."""
        reasons = []
        if self.ended:
            reasons.append(f"gick att göra till och med {self.training.available_until}: arkivera posten")
        if self.due:
            months = REVIEW_INTERVAL_MONTHS
            reasons.append(
                f"granskades senast {self.training.last_reviewed}, för mer än {months} månader sedan"
            )
        if self.unverified:
            reasons.append(f"ej kontrollerat: {self.unverified}")
        return reasons


def review_list(catalogue: Catalogue, today: datetime.date) -> list[ReviewItem]:
    """Active trainings to archive, due for review or with unchecked facts: those to archive first,
    then the longest unreviewed."""
    items = [_item(training, today) for training in catalogue.active_trainings()]
    wanted = [item for item in items if item.ended or item.due or item.unverified]
    return sorted(
        wanted, key=lambda item: (not item.ended, not item.due, item.training.last_reviewed, item.training.id)
    )


def _item(training: Training, today: datetime.date) -> ReviewItem:
    due = review_due(training.last_reviewed, today)
    return ReviewItem(training, due, training.unverified, past_last_day(training, today))
