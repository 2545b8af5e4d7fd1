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


def test_a_course_given_only_elsewhere_is_not_recommended_unless_it_travels(tmp_path: Path) -> None:
    import shutil

    root = Path(shutil.copytree(FIXTURE, tmp_path / "katalog"))
    catalogue = load_catalogue(root)
    assessment = catalogue.assessments["digital"]
    answers = {"handtvatt": 1}
    # The hygiene course is a classroom course in Åsele only.
    for municipality, expected in [("asele", ["hygien"]), ("lycksele", []), (None, ["hygien"])]:
        results = recommend(catalogue, assessment, answers, "underskoterska", municipality=municipality)
        assert [t.id for t in results[1].recommended] == expected, municipality
    path = root / "trainings" / "hygien.yml"
    path.write_text(path.read_text(encoding="utf-8") + "travels: true\n", encoding="utf-8")
    catalogue = load_catalogue(root)
    results = recommend(catalogue, assessment, answers, "underskoterska", municipality="lycksele")
    assert [t.id for t in results[1].recommended] == ["hygien"]


def test_path_steps_for_a_person_put_mandatory_first_and_leave_out_courses_given_elsewhere() -> None:
    catalogue = load_catalogue(FIXTURE)
    intro = catalogue.paths["intro"]
    assert [s.training for s in catalogue.steps_for(intro, "underskoterska", "asele")] == ["hygien"]
    assert catalogue.steps_for(intro, "underskoterska", "lycksele") == []
    assert [s.training for s in catalogue.steps_for(intro, "enhetschef")] == ["hygien"]
