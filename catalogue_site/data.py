"""The catalogue as data files for the site: the finder's files and the whole-catalogue CSV."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from catalogue.alphabet import swedish_order
from catalogue.model import (
    COST_LABELS,
    LABELS,
    LEVEL_LABELS,
    SIGN_IN_LABELS,
    STATUS_LABELS,
    Catalogue,
    Training,
)
from catalogue.spreadsheet import Cell, excel_csv

FINDER_FOLDER = "assets/finder/"
FINDER_START = FINDER_FOLDER + "start.json"
CATALOGUE_CSV = "omsorgskatalogen.csv"
# Trainings the finder lists at a time (and adds with "Visa fler"), and trainings per file of
# rows. A filter's first 50 matches in title order may lie anywhere in the catalogue: smaller files
# cost fewer bytes of rows nobody sees and more requests (measured at 10,000 trainings: one file of
# 250 rows is about 3 KB gzipped).
SHOWN = 50
ROWS_PER_FILE = 250

# Length filter: (id, label, upper bound in hours inclusive); the last has no bound.
LENGTHS: list[tuple[str, str, float | None]] = [
    ("kort", "Högst 1 timme", 1),
    ("halvdag", "1–4 timmar", 4),
    ("dag", "4–8 timmar", 8),
    ("lang", "Mer än 8 timmar", None),
]
# A training's row in the finder's files; the script reads it by these names.
FINDER_FIELDS = ["id", "title", "provider", "format", "hours", "cost"]


@dataclass(frozen=True)
class Filter:
    """One of the finder's filters: its form field, and the values of it that keep a training.

    `everything` is the select's option for no choice; None for the phone checkbox.
    """

    name: str
    label: str
    everything: str | None
    options: list[tuple[str, str]]
    keeping: Callable[[Training], Iterable[str]]


def finder_filters(catalogue: Catalogue) -> list[Filter]:
    """The finder's filters in the form's order; the one place that says which trainings each keeps."""
    everywhere = list(catalogue.municipalities)
    return [
        Filter("amne", "Ämne", "Alla ämnen", _ids(catalogue.topics), lambda t: t.topics),
        Filter("roll", "Roll", "Alla roller", _ids(catalogue.roles), lambda t: t.roles),
        Filter("format", "Format", "Alla format", _ids(catalogue.formats), lambda t: [t.format]),
        Filter("langd", "Längd", "Alla längder", [(k, label) for k, label, _ in LENGTHS], _length),
        Filter("kostnad", "Kostnad", "Alla", _COSTS, lambda t: _COST_FILTER.get(t.cost_kind(), [])),
        Filter("sprak", "Språk", "Alla språk", _ids(catalogue.languages), lambda t: t.languages),
        # A training offered everywhere (no municipalities named) is there for every municipality.
        Filter(
            "kommun",
            "Kommun",
            "Alla kommuner",
            [(m.id, m.name) for m in catalogue.municipalities.values()],
            lambda t: t.municipalities or everywhere,
        ),
        Filter("mobil", "Fungerar i mobilen", None, [("ja", "Fungerar i mobilen")], _phone),
    ]


def _ids(vocabulary: dict[str, Any]) -> list[tuple[str, str]]:
    return [(entry_id, entry.label) for entry_id, entry in vocabulary.items()]


# "Kostar pengar" is a known price above zero: an unknown price is neither free nor paid.
_COSTS = [("gratis", COST_LABELS["free"]), ("betald", COST_LABELS["paid"])]
_COST_FILTER = {"free": ["gratis"], "paid": ["betald"]}


def _length(training: Training) -> list[str]:
    lower = 0.0
    for key, _, upper in LENGTHS:
        if upper is None or lower < training.duration_hours <= upper:
            return [key]
        lower = upper
    return []


def _phone(training: Training) -> list[str]:
    return ["ja"] if training.works_on_phone else []


def finder_files(catalogue: Catalogue) -> dict[str, str]:
    """The finder's files by site path: a small start file and, on demand, the rest.

    The start file holds what the first screen shows (the count and the first 50 trainings in
    title order) and the labels the script needs. Every other file sits in a folder named by a
    fingerprint of their content, so browsers keep them without asking again:
    - `<filter>-<value>.json` for every filter value: the positions (in title order) of the
      trainings it keeps, as gaps between them. A choice of filters is the intersection.
    - `rader-<n>.json`: the rows of trainings n × 250 to n × 250 + 249, for the matches shown.
    """
    trainings = sorted(catalogue.active_trainings(), key=lambda t: swedish_order(t.title))
    providers = {p: i for i, p in enumerate(catalogue.providers)}
    formats = {f: i for i, f in enumerate(catalogue.formats)}
    rows = [_row(t, providers, formats) for t in trainings]
    kept = _kept(trainings, finder_filters(catalogue))
    on_demand = {name: _dump(_gaps(positions)) for name, positions in kept.items()}
    for n in range(0, len(rows), ROWS_PER_FILE):
        on_demand[f"rader-{n // ROWS_PER_FILE}.json"] = _dump(rows[n : n + ROWS_PER_FILE])
    folder = _fingerprint(on_demand) + "/"
    start = {
        "fields": FINDER_FIELDS,
        "labels": LABELS,
        "formats": [[f.id, f.label] for f in catalogue.formats.values()],
        "providers": [[p.id, p.name] for p in catalogue.providers.values()],
        "count": len(rows),
        "shown": SHOWN,
        "first": rows[:SHOWN],
        "rowsPerFile": ROWS_PER_FILE,
        "folder": folder,
    }
    files = {FINDER_FOLDER + folder + name: text for name, text in on_demand.items()}
    return {FINDER_START: _dump(start), **files}


def _row(training: Training, providers: dict[str, int], formats: dict[str, int]) -> list[object]:
    return [
        training.id,
        training.title,
        providers[training.provider],
        formats[training.format],
        training.duration_hours,
        training.cost_sek,
    ]


def _kept(trainings: list[Training], filters: list[Filter]) -> dict[str, list[int]]:
    """{'amne-demens.json': positions of the trainings it keeps}, for every value of every filter."""
    kept: dict[str, list[int]] = {f"{f.name}-{value}.json": [] for f in filters for value, _ in f.options}
    for position, training in enumerate(trainings):
        for finder_filter in filters:
            for value in dict.fromkeys(finder_filter.keeping(training)):
                kept[f"{finder_filter.name}-{value}.json"].append(position)
    return kept


def _gaps(positions: list[int]) -> list[int]:
    """Ascending positions as the gaps between them: [3, 1, 10] is positions 3, 4 and 14. Gzipped,
    a fifth (a filter keeping 40 % of 10,000 trainings) to a half (5 %) of the positions' size."""
    return [b - a for a, b in zip([0, *positions], positions, strict=False)]


def _fingerprint(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()[:12]


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


CSV_HEADER = [
    "Id",
    "Titel",
    "Anordnare",
    "Ämnen",
    "Roller",
    "Nivå",
    "Format",
    "Timmar",
    "Kostnad (kr)",
    "Språk",
    "Fungerar i mobilen",
    "Inloggning",
    "Intyg",
    "Förnyas (månader)",
    "Går att göra till och med",
    "Kommuner",
    "Finansiering",
    "Ansvarig",
    "Senast granskad",
    "Status",
    "Adress",
]


def catalogue_csv(catalogue: Catalogue) -> str:
    """Every training, one row each, as CSV that opens right in Swedish Excel."""
    return "".join(excel_csv(CSV_HEADER, _csv_rows(catalogue)))


def _csv_rows(catalogue: Catalogue) -> Iterator[Sequence[Cell]]:
    for t in sorted(catalogue.trainings.values(), key=lambda t: swedish_order(t.title)):
        yield [
            t.id,
            t.title,
            catalogue.providers[t.provider].name,
            ", ".join(catalogue.topics[x].label for x in t.topics),
            ", ".join(catalogue.roles[x].label for x in t.roles),
            LEVEL_LABELS[t.level],
            catalogue.formats[t.format].label,
            float(t.duration_hours),
            t.cost_sek,
            ", ".join(catalogue.languages[x].label for x in t.languages),
            t.works_on_phone,
            SIGN_IN_LABELS[t.sign_in],
            t.certificate,
            t.renewal_months,
            t.available_until,
            ", ".join(catalogue.municipalities[x].name for x in t.municipalities) or "Hela landet",
            ", ".join(t.funding),
            t.owner,
            t.last_reviewed,
            STATUS_LABELS[t.status],
            str(t.url),
        ]
