"""The recommendation rule on the tiny catalogue."""

from pathlib import Path

from catalogue import load_catalogue
from catalogue.recommend import recommend

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"


def test_weak_area_recommends_active_trainings_for_the_role() -> None:
    catalogue = load_catalogue(FIXTURE)
    assessment = catalogue.assessments["digital"]
    results = recommend(catalogue, assessment, {"soka": 4, "handtvatt": 1}, "underskoterska")
    by_area = {r.area.id: r for r in results}
    assert by_area["information"].mean == 4 and by_area["information"].recommended == ()
    assert by_area["hygienomrade"].mean == 1
    assert [t.id for t in by_area["hygienomrade"].recommended] == ["hygien"]


def test_archived_and_other_roles_trainings_are_not_recommended() -> None:
    catalogue = load_catalogue(FIXTURE)
    assessment = catalogue.assessments["digital"]
    # The only training on the digital topic is archived.
    results = recommend(catalogue, assessment, {"soka": 1}, "underskoterska")
    assert [(r.area.id, r.mean, r.recommended) for r in results] == [
        ("information", 1, ()),
        ("hygienomrade", None, ()),
    ]
    results = recommend(catalogue, assessment, {"handtvatt": 2}, "enhetschef")
    assert results[1].recommended == ()
