"""The recommendation rule: a person's weakest self-assessed areas -> trainings for their role.

Levels run from 1 (new to me / don't know how) to 4 (confident / can guide others). An area is
weak when the mean of its answered statements is below WEAK_BELOW; the weakest areas come first
and each recommends active trainings on its topics that are meant for the person's role and given
where she works (a classroom course in another municipality only when it travels), the most
basic and shortest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from catalogue.model import Area, Assessment, Catalogue, Training

WEAK_BELOW = 3.0
MAX_WEAK_AREAS = 3
MAX_TRAININGS_PER_AREA = 5
_LEVEL_ORDER = {"bas": 0, "fördjupning": 1, "spets": 2}


@dataclass(frozen=True)
class AreaResult:
    area: Area
    mean: float | None  # None when no statement in the area was answered
    recommended: tuple[Training, ...]


def area_means(assessment: Assessment, answers: Mapping[str, int]) -> dict[str, float | None]:
    """Area id -> the mean level of its answered statements."""
    means: dict[str, float | None] = {}
    for area in assessment.areas:
        levels = [answers[s.id] for s in area.statements if s.id in answers]
        means[area.id] = round(sum(levels) / len(levels), 2) if levels else None
    return means


def recommend(
    catalogue: Catalogue,
    assessment: Assessment,
    answers: Mapping[str, int],
    role: str | None,
    *,
    municipality: str | None = None,
) -> list[AreaResult]:
    """Every area with its mean; the weakest few carry recommended trainings."""
    means = area_means(assessment, answers)
    weak = sorted(
        (a for a in assessment.areas if (m := means[a.id]) is not None and m < WEAK_BELOW),
        key=lambda a: (means[a.id], assessment.areas.index(a)),
    )[:MAX_WEAK_AREAS]
    return [
        AreaResult(
            area,
            means[area.id],
            tuple(trainings_for(catalogue, area, role, municipality)) if area in weak else (),
        )
        for area in assessment.areas
    ]


def trainings_for(
    catalogue: Catalogue, area: Area, role: str | None, municipality: str | None = None
) -> list[Training]:
    """Active trainings on the area's topics for `role` (None: any), given where `municipality` is."""
    on_topics = {t.id: t for topic in area.topics for t in catalogue.active_by_topic.get(topic, [])}
    matching = [
        t for t in on_topics.values() if (role is None or role in t.roles) and t.offered_to(municipality)
    ]
    matching.sort(key=lambda t: (_LEVEL_ORDER[t.level], t.duration_hours, t.title))
    return matching[:MAX_TRAININGS_PER_AREA]
