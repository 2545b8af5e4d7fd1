"""The finder's files: a small start file for the first screen, and the rest on demand, which
together say what the whole catalogue said (every training, every filter's exact matches)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalogue import Catalogue, load_catalogue
from catalogue.alphabet import swedish_order
from catalogue.model import LEVEL_LABELS, REQUIREMENT_LABELS, SIGN_IN_LABELS, STATUS_LABELS, Training
from catalogue_site.data import FINDER_START, finder_files
from scripts.generate_catalogue import generate

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """600 trainings: more than one file of rows, and every kind of price and place."""
    out = tmp_path_factory.mktemp("generated")
    generate(out, 600, random.Random(12))
    return load_catalogue(out)


def start_and_on_demand(catalogue: Catalogue) -> tuple[dict[str, Any], dict[str, Any]]:
    files = finder_files(catalogue)
    start = json.loads(files.pop(FINDER_START))
    prefix = "assets/finder/" + start["folder"]
    assert all(path.startswith(prefix) for path in files)
    return start, {path.removeprefix(prefix): json.loads(text) for path, text in files.items()}


def positions(gaps: list[int]) -> list[int]:
    found, at = [], 0
    for gap in gaps:
        at += gap
        found.append(at)
    return found


def test_the_start_file_gives_the_scripts_every_label_by_name() -> None:
    start, _ = start_and_on_demand(load_catalogue(FIXTURE))
    labels = start["labels"]
    assert labels["levels"] == LEVEL_LABELS and labels["sign_in"] == SIGN_IN_LABELS
    assert labels["statuses"]["archived"] == STATUS_LABELS["archived"] == "Arkiverad"
    assert labels["requirements"]["mandatory"] == REQUIREMENT_LABELS["mandatory"] == "Obligatorisk"
    assert labels["costs"] == {"free": "Gratis", "paid": "Kostar pengar", "unknown": "Varierar eller okänd"}
    row = dict(zip(start["fields"], start["first"][0], strict=True))
    assert start["formats"][row["format"]] == ["klassrum", "Klassrum"]


def test_the_files_of_rows_hold_every_active_training_once_in_title_order(generated: Catalogue) -> None:
    start, on_demand = start_and_on_demand(generated)
    size = start["rowsPerFile"]
    rows = [row for n in range(-(-start["count"] // size)) for row in on_demand[f"rader-{n}.json"]]
    titles = sorted(generated.active_trainings(), key=lambda t: swedish_order(t.title))
    assert start["count"] == len(titles) == len(rows) > size
    assert [row[0] for row in rows] == [t.id for t in titles]
    assert start["first"] == rows[:50]
    by_name = [dict(zip(start["fields"], row, strict=True)) for row in rows]
    training = generated.trainings[by_name[-1]["id"]]
    assert (by_name[-1]["title"], by_name[-1]["hours"], by_name[-1]["cost"]) == (
        training.title,
        training.duration_hours,
        training.cost_sek,
    )
    assert start["providers"][by_name[-1]["provider"]][0] == training.provider


def kept_ids(catalogue: Catalogue, name: str) -> set[str]:
    """The trainings a filter file keeps, found in the rows files as the finder's script finds them."""
    start, on_demand = start_and_on_demand(catalogue)
    size = start["rowsPerFile"]
    return {on_demand[f"rader-{p // size}.json"][p % size][0] for p in positions(on_demand[name])}


def ids(catalogue: Catalogue, keep: Callable[[Training], bool]) -> set[str]:
    return {t.id for t in catalogue.active_trainings() if keep(t)}


def test_each_filter_value_keeps_the_trainings_it_names(generated: Catalogue) -> None:
    def paid(t: Training) -> bool:
        return t.cost_sek is not None and t.cost_sek > 0  # an unknown price is not a known cost

    def in_arjeplog(t: Training) -> bool:
        return not t.municipalities or "arjeplog" in t.municipalities  # offered everywhere counts

    expectations: dict[str, Callable[[Training], bool]] = {
        "amne-demens.json": lambda t: "demens" in t.topics,
        "kostnad-betald.json": paid,
        "kostnad-gratis.json": lambda t: t.cost_sek == 0,
        "kommun-arjeplog.json": in_arjeplog,
        "langd-kort.json": lambda t: t.duration_hours <= 1,
        "langd-halvdag.json": lambda t: 1 < t.duration_hours <= 4,
        "langd-lang.json": lambda t: t.duration_hours > 8,
        "mobil-ja.json": lambda t: t.works_on_phone,
        "sprak-fi.json": lambda t: "fi" in t.languages,
    }
    for name, keep in expectations.items():
        expected = ids(generated, keep)
        assert 0 < len(expected) < len(generated.active_trainings()), name
        assert kept_ids(generated, name) == expected, name
    unknown = ids(generated, lambda t: t.cost_sek is None)
    assert unknown and not unknown & (kept_ids(generated, "kostnad-betald.json") | ids(generated, paid))


def test_every_option_of_the_form_has_its_file(generated: Catalogue) -> None:
    _, on_demand = start_and_on_demand(generated)
    wanted = {f"amne-{t}.json" for t in generated.topics} | {
        f"kommun-{m}.json" for m in generated.municipalities
    }
    wanted |= {f"roll-{r}.json" for r in generated.roles} | {f"sprak-{x}.json" for x in generated.languages}
    assert wanted <= set(on_demand)


def test_the_start_file_holds_the_first_screen_not_the_catalogue(generated: Catalogue) -> None:
    start, _ = start_and_on_demand(generated)
    assert len(start["first"]) == start["shown"] == 50 < start["count"]
    assert set(start) == {
        "fields",
        "labels",
        "formats",
        "providers",
        "count",
        "shown",
        "first",
        "rowsPerFile",
        "folder",
    }
