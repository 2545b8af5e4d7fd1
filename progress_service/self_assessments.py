"""Self-assessments: answers checked against the questionnaire, answered with recommendations.

What is stored is the answers and each area's mean with its title, so an old assessment stays
readable when the questionnaire changes. Recommendations come from the current catalogue.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.model import Assessment
from catalogue.recommend import recommend
from progress_service.auth import Writer, session_of, writer_in
from progress_service.db import select_one, utc_now
from progress_service.errors import Conflict, Invalid
from progress_service.payloads import NewSelfAssessment, read_json
from progress_service.responses import SelfAssessmentResult, json_response
from progress_service.service import service_of


def check_answers(catalogue: Catalogue, body: NewSelfAssessment) -> Assessment:
    """The questionnaire answered; Invalid names the first unknown or unanswered statement."""
    assessment = catalogue.assessments.get(body.assessment)
    if assessment is None:
        raise Invalid(f"Det finns ingen självskattning med id '{body.assessment}'.", field="assessment")
    statements = {s.id for area in assessment.areas for s in area.statements}
    for statement in body.answers:
        if statement not in statements:
            message = f"'{statement}' är inget påstående i självskattningen {assessment.id}."
            raise Invalid(message, field=f"answers.{statement}")
    # Area means and recommendations compare areas, which only works when every statement counts.
    unanswered = next(
        (s for area in assessment.areas for s in area.statements if s.id not in body.answers), None
    )
    if unanswered is not None:
        message = f"Svara på alla påståenden: '{unanswered.text}' saknar svar."
        raise Invalid(message, field=f"answers.{unanswered.id}")
    return assessment


def stored_areas(row: sqlite3.Row) -> list[dict[str, Any]]:
    areas: list[dict[str, Any]] = json.loads(row["area_means"])
    return areas


def result_json(
    catalogue: Catalogue, row: sqlite3.Row, role: str | None, municipality: str | None
) -> dict[str, Any]:
    """The stored assessment, with recommended trainings while its questionnaire still exists:
    for the person's role, and given where the person works."""
    assessment = catalogue.assessments.get(row["assessment"])
    recommended: dict[str, list[dict[str, Any]]] = {}
    if assessment is not None:
        answers = json.loads(row["answers"])
        for result in recommend(catalogue, assessment, answers, role, municipality=municipality):
            recommended[result.area.id] = [
                {"id": t.id, "title": t.title, "hours": t.duration_hours, "url": str(t.url)}
                for t in result.recommended
            ]
    areas = [{**area, "recommended": recommended.get(area["id"], [])} for area in stored_areas(row)]
    return {
        "id": row["id"],
        "assessment": row["assessment"],
        "title": row["assessment_title"],
        "submitted_at": row["submitted_at"],
        "areas": areas,
    }


def _area_means(catalogue: Catalogue, assessment: Assessment, answers: dict[str, int]) -> str:
    results = recommend(catalogue, assessment, answers, None)
    return json.dumps(
        [{"id": r.area.id, "title": r.area.title, "mean": r.mean} for r in results], ensure_ascii=False
    )


async def create(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    body = await read_json(request, NewSelfAssessment, service.settings.max_body_bytes)
    catalogue = service.catalogue.current
    assessment_id = str(body.id)

    def job(connection: sqlite3.Connection) -> tuple[sqlite3.Row, bool, Writer]:
        person = writer_in(connection, session, service.settings.staff_idle_minutes)
        existing = _fetch(connection, assessment_id)
        if existing is not None:
            if existing["staff_id"] != person.id:
                raise Conflict(
                    "Id:t används redan av en annan självskattning. Skapa ett nytt id.", field="id"
                )
            return existing, False, person
        assessment = check_answers(catalogue, body)
        connection.execute(
            "INSERT INTO self_assessments VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                assessment_id,
                person.id,
                assessment.id,
                assessment.title,
                json.dumps(body.answers, ensure_ascii=False),
                _area_means(catalogue, assessment, body.answers),
                utc_now(),
            ),
        )
        created = _fetch(connection, assessment_id)
        assert created is not None
        return created, True, person

    row, created, person = await service.db.write(job)
    result = result_json(catalogue, row, person.role, person.municipality_id)
    return json_response(SelfAssessmentResult, result, status_code=201 if created else 200)


def _fetch(connection: sqlite3.Connection, assessment_id: str) -> sqlite3.Row | None:
    return select_one(connection, "SELECT * FROM self_assessments WHERE id = ?", (assessment_id,))
