"""The catalogue as data files for the site: the finder's compact JSON and the whole-catalogue CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from catalogue.model import LABELS, LEVEL_LABELS, SIGN_IN_LABELS, STATUS_LABELS, Catalogue, Training
from catalogue.spreadsheet import Cell, excel_csv

FINDER_DATA = "assets/katalog.json"
CATALOGUE_CSV = "omsorgskatalogen.csv"

# Length filter: (id, label, upper bound in hours inclusive); the last has no bound.
LENGTHS: list[tuple[str, str, float | None]] = [
    ("kort", "Högst 1 timme", 1),
    ("halvdag", "1–4 timmar", 4),
    ("dag", "4–8 timmar", 8),
    ("lang", "Mer än 8 timmar", None),
]
# Training row in the finder file; the JS reads the same positions.
FINDER_FIELDS = [
    "id",
    "title",
    "provider",
    "format",
    "hours",
    "cost",
    "topics",
    "roles",
    "languages",
    "phone",
    "municipalities",
]


def finder_data(catalogue: Catalogue) -> str:
    """Compact JSON: vocabularies as [id, label] lists, trainings as rows of indexes into them, and
    the Swedish label of every closed value (levels, statuses, costs …) for the site's scripts."""
    vocabularies: dict[str, list[list[str]]] = {
        "topics": [[t.id, t.label] for t in catalogue.topics.values()],
        "roles": [[r.id, r.label] for r in catalogue.roles.values()],
        "formats": [[f.id, f.label] for f in catalogue.formats.values()],
        "languages": [[lang.id, lang.label] for lang in catalogue.languages.values()],
        "municipalities": [[m.id, m.name] for m in catalogue.municipalities.values()],
        "providers": [[p.id, p.name] for p in catalogue.providers.values()],
    }
    index = {name: {row[0]: i for i, row in enumerate(rows)} for name, rows in vocabularies.items()}
    trainings = sorted(catalogue.active_trainings(), key=lambda t: t.title.casefold())
    rows = [_finder_row(training, index) for training in trainings]
    data = {"fields": FINDER_FIELDS, "lengths": LENGTHS, "labels": LABELS, **vocabularies, "trainings": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _finder_row(training: Training, index: dict[str, dict[str, int]]) -> list[object]:
    return [
        training.id,
        training.title,
        index["providers"][training.provider],
        index["formats"][training.format],
        training.duration_hours,
        training.cost_sek,
        [index["topics"][t] for t in training.topics],
        [index["roles"][r] for r in training.roles],
        [index["languages"][code] for code in training.languages],
        int(training.works_on_phone),
        [index["municipalities"][m] for m in training.municipalities],
    ]


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
    for t in sorted(catalogue.trainings.values(), key=lambda t: t.title.casefold()):
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
            ", ".join(catalogue.municipalities[x].name for x in t.municipalities) or "Hela landet",
            ", ".join(t.funding),
            t.owner,
            t.last_reviewed,
            STATUS_LABELS[t.status],
            str(t.url),
        ]
