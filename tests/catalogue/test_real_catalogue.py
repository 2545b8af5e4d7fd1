"""The project's own catalogue: valid, covering what staff need, and comfortable to edit."""

import pytest

from catalogue import Catalogue, load_catalogue
from catalogue.layout import COLLECTIONS, CONTENT_DIR, SCHEMA_DIR, VOCABULARIES, schema_name
from catalogue.recommend import trainings_for
from catalogue.schema_export import stale_schemas

STAFF_ROLES = ["underskoterska", "vardbitrade", "personlig-assistent", "stodassistent"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_committed_schemas_match_the_model() -> None:
    assert stale_schemas() == [], "run: python -m catalogue schema"


def test_every_content_file_points_its_editor_at_an_existing_schema() -> None:
    files = [CONTENT_DIR / name for name in VOCABULARIES]
    files += [path for folder in COLLECTIONS for path in sorted((CONTENT_DIR / folder).glob("*.yml"))]
    for path in files:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("=", 1)[1]).resolve()
        kind = path.name if path.parent == CONTENT_DIR else path.parent.name
        assert target == (SCHEMA_DIR / schema_name(kind)).resolve(), path


def test_size_and_spread(catalogue: Catalogue) -> None:
    active = catalogue.active_trainings()
    assert len(catalogue.trainings) >= 40
    assert len({t.provider for t in active}) >= 8
    assert {t.format for t in active} == set(catalogue.formats)
    assert {t.level for t in active} == {"bas", "fördjupning", "spets"}
    assert any(t.renewal_months for t in active), "no refresher training"
    # Dated sessions come only from a municipality's own confirmed schedule; none is confirmed yet,
    # so the session block is tested on the fixture (tests/site_builder) rather than required here.
    assert any(t.signup.kind == "manager" for t in active), "no training signed up for through the manager"


def test_every_topic_and_role_has_active_trainings(catalogue: Catalogue) -> None:
    active = catalogue.active_trainings()
    assert [topic for topic in catalogue.topics if not any(topic in t.topics for t in active)] == []
    assert [role for role in catalogue.roles if not any(role in t.roles for t in active)] == []


def test_the_seed_themes_are_covered(catalogue: Catalogue) -> None:
    for topic in ["digital-grundkunskap", "personcentrerad-omsorg", "dokumentation", "valfardsteknik"]:
        assert any(topic in t.topics for t in catalogue.active_trainings()), topic


def test_introduction_path_has_mandatory_steps_for_every_staff_role(catalogue: Catalogue) -> None:
    introduction = catalogue.introduction_path()
    assert introduction is not None and introduction.id == "introduktion-nyanstallda"
    for role in STAFF_ROLES:
        assert any(role in step.mandatory_for for step in introduction.steps), role
    assert len(catalogue.paths) >= 3


def test_every_self_assessment_area_has_trainings_for_every_staff_role(catalogue: Catalogue) -> None:
    assert {"digital-kompetens", "grundkunskaper-aldreomsorg"} <= set(catalogue.assessments)
    empty = [
        (assessment.id, area.id, role)
        for assessment in catalogue.assessments.values()
        for area in assessment.areas
        for role in STAFF_ROLES
        if not trainings_for(catalogue, area, role)
    ]
    assert empty == []


def test_content_folder_holds_only_content() -> None:
    assert [p for p in CONTENT_DIR.rglob("*") if p.is_file() and p.suffix != ".yml"] == []
