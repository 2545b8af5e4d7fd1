"""Write a synthetic but valid catalogue of N trainings, for scale tests and benchmarks.

    python scripts/generate_catalogue.py --courses 10000 --out /tmp/cat

The vocabularies and self-assessments are the project's own; providers, trainings and learning
paths are invented, with Swedish text and a spread of fields like the real catalogue's. The same
--seed gives the same catalogue.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from catalogue.layout import CONTENT_DIR, VOCABULARIES, schema_modeline

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - libyaml ships in PyYAML's wheels
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

PROVIDER_KINDS = ["FoU-enhet", "Vård- och omsorgscollege", "kommunens lärcentrum", "studieförbund"]
PLACES = ["Umeå", "Östersund", "Sundsvall", "Luleå", "Skellefteå", "Härnösand", "Kiruna", "Gävle"]
ANGLES = [
    ("grundkurs", "bas"),
    ("i hemtjänsten", "bas"),
    ("på särskilt boende", "bas"),
    ("för nyanställda", "bas"),
    ("i praktiken", "fördjupning"),
    ("när det blir svårt", "fördjupning"),
    ("för handledare", "spets"),
    ("fördjupning", "fördjupning"),
    ("för ombud", "spets"),
]
SENTENCES = [
    "Du får konkreta exempel från vardagen i hemtjänst och på boende.",
    "Utbildningen består av korta avsnitt som du kan pausa och fortsätta senare.",
    "Varje avsnitt avslutas med några frågor där du prövar det du lärt dig.",
    "Filmerna visar situationer som personal känner igen från sitt arbete.",
    "Du lär dig att se tidiga tecken och att veta vem du ska kontakta.",
    "Upplägget passar bra att gå tillsammans i arbetsgruppen på en arbetsplatsträff.",
    "Innehållet bygger på aktuell kunskap och gällande föreskrifter.",
    "Du reflekterar över ditt eget bemötande och hur det påverkar personen du stödjer.",
    "Utbildningen tar upp ansvar, delegering och dokumentation i det dagliga arbetet.",
    "Deltagarna får verktyg för att samtala med anhöriga och med kollegor.",
]
# Words that appear on few pages, so that search benchmarks can ask for a rare word.
RARE_WORDS = ["nattfjärilsljus", "vinterkanelbulle", "renhjordsväg", "fjällsippeäng", "myrstackspolka"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--courses", type=int, required=True, help="antal utbildningar")
    parser.add_argument("--out", type=Path, required=True, help="mapp att skriva katalogen i")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    if arguments.courses < 10:
        parser.error("--courses ska vara minst 10")
    if arguments.out.exists() and any(arguments.out.iterdir()):
        parser.error(f"{arguments.out} finns redan och är inte tom; välj en ny mapp")
    generate(arguments.out, arguments.courses, random.Random(arguments.seed))
    print(f"Skrev {arguments.courses} utbildningar till {arguments.out}")
    return 0


def generate(
    out: Path, courses: int, rng: random.Random, real_providers: list[dict[str, Any]] | None = None
) -> None:
    """`courses` trainings in `out`. `real_providers` (default: the catalogue's own) come before
    the invented ones: each training's provider is drawn from both, so the same seed gives other
    trainings once an editor adds a provider; a test that compares with a recording fixes them."""
    vocabularies = {name: _load(CONTENT_DIR / name) for name in VOCABULARIES}
    vocabularies["providers.yml"] = _providers(real_providers)
    for name, entries in vocabularies.items():
        _write(out / name, entries, depth=1)
    if (CONTENT_DIR / "assessments").is_dir():
        shutil.copytree(CONTENT_DIR / "assessments", out / "assessments")
    trainings = [_training(index, vocabularies, rng) for index in range(courses)]
    for training in trainings:
        _write(out / "trainings" / f"{training['id']}.yml", training, depth=2)
    for path in _paths(trainings, rng):
        _write(out / "paths" / f"{path['id']}.yml", path, depth=2)


def _providers(real: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if real is None:
        real = _load(CONTENT_DIR / "providers.yml")
    invented = [
        {
            "id": f"anordnare-{index:02d}",
            "name": f"{kind.capitalize()} {place}",
            "url": f"https://utbildning.example.se/{index}",
            "description": f"Påhittad anordnare för tester: {kind} i {place}.",
        }
        for index, (kind, place) in enumerate((k, p) for k in PROVIDER_KINDS for p in PLACES)
    ]
    return real + invented


def _training(
    index: int, vocabularies: dict[str, list[dict[str, Any]]], rng: random.Random
) -> dict[str, Any]:
    topic = rng.choice(vocabularies["topics.yml"])
    angle, level = rng.choice(ANGLES)
    format_id = rng.choices(["webbutbildning", "klassrum", "webbinarium", "blandat"], [6, 2, 2, 1])[0]
    roles = [r["id"] for r in vocabularies["roles.yml"]]
    municipalities = [m["id"] for m in vocabularies["municipalities.yml"]]
    body = rng.sample(SENTENCES, 4)
    if rng.random() < 0.01:
        body.append(f"Kursen avslutas vid {rng.choice(RARE_WORDS)} som minne.")
    training: dict[str, Any] = {
        "id": f"utbildning-{index:05d}",
        "title": f"{topic['label']} {angle} {index}",
        "summary": f"{topic['description']} En utbildning {angle}."[:200],
        "description": f"{topic['description']}\n\n" + " ".join(body[:2]) + "\n\n" + " ".join(body[2:]),
        "provider": rng.choice(vocabularies["providers.yml"])["id"],
        "url": f"https://utbildning.example.se/kurs/{index}",
        "topics": [topic["id"]],
        "roles": sorted(rng.sample(roles, rng.randint(1, 3))),
        "level": level,
        "format": format_id,
        "duration_hours": rng.choice([0.5, 1, 1.5, 2, 3, 4, 8, 16]),
        "cost_sek": rng.choice([0, 0, 0, 0, 500, 1200, 2500]),
        "languages": ["sv"] if rng.random() < 0.9 else ["sv", rng.choice(["en", "fi", "ar", "so"])],
        "works_on_phone": format_id == "webbutbildning" and rng.random() < 0.8,
        "sign_in": rng.choice(["ingen", "ingen", "konto", "bankid"]),
        "media": {
            "video": rng.random() < 0.6,
            "audio": rng.random() < 0.6,
            "download_mb": rng.choice([5, 40, 150]),
        },
        "certificate": rng.random() < 0.5,
        "municipalities": sorted(rng.sample(municipalities, rng.randint(1, 3))) if rng.random() < 0.2 else [],
        "funding": ["aldreomsorgslyftet"] if rng.random() < 0.3 else [],
        "owner": "Testredaktionen",
        "last_reviewed": datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)),
        "status": "active" if rng.random() < 0.97 else "archived",
        "signup": {
            "kind": "manager" if format_id in ("klassrum", "blandat") else rng.choice(["open", "account"])
        },
        "sources": [
            {"url": f"https://utbildning.example.se/kurs/{index}", "read_on": datetime.date(2026, 1, 1)}
        ],
    }
    if rng.random() < 0.05:
        del training["cost_sek"]
        training["cost_note"] = "Varierar mellan kommunerna."
    if rng.random() < 0.1:
        training["renewal_months"] = rng.choice([12, 24, 36])
    if format_id in ("klassrum", "blandat"):
        training["sessions"] = [_session(rng, municipalities) for _ in range(rng.randint(1, 3))]
    return training


def _session(rng: random.Random, municipalities: list[str]) -> dict[str, Any]:
    municipality = rng.choice(municipalities)
    return {
        "date": datetime.date(2027, 1, 10) + datetime.timedelta(days=rng.randint(0, 300)),
        "start": "09:00",
        "end": rng.choice(["12:00", "16:00"]),
        "place": f"Kommunhuset, {municipality.capitalize()}",
        "municipality": municipality,
    }


def _paths(trainings: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    active = [t for t in trainings if t["status"] == "active"]
    staff = ["underskoterska", "vardbitrade", "personlig-assistent"]
    paths = []
    for number in range(1, 4):
        steps = rng.sample(active, min(6, len(active)))
        paths.append(
            {
                "id": f"vag-{number}",
                "title": f"Lärväg {number}",
                "summary": "En påhittad lärväg för tester.",
                "description": "Stegen tas i ordning.",
                "roles": staff,
                "steps": [
                    {"training": step["id"], "mandatory_for": staff[:2], "recommended_for": staff[2:]}
                    for step in steps
                ],
            }
        )
    return paths


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any, depth: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    folder = path.parent.name if depth == 2 else path.name
    path.write_text(schema_modeline(folder, depth) + "\n" + text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
