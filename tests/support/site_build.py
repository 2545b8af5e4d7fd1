"""Building the site from a catalogue folder, as `mkdocs build` does, and the test catalogue's extras.

The catalogue is copied and given one learning path and one self-assessment of its own, so the
path and assessment pages are tested whatever the real catalogue holds today.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).parent / "mkdocs"
TEST_PATH = "testvag-introduktion"
TEST_ASSESSMENT = "testskattning"


def build(catalogue_dir: Path, out: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CATALOGUE_DIR": str(catalogue_dir), "NO_MKDOCS_2_WARNING": "1", **settings}
    command = [str(MKDOCS), "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def add_path_and_assessment(directory: Path) -> None:
    real = load_catalogue(directory)
    trainings = list(real.trainings.values())[:3]
    roles = trainings[0].roles[:2]
    earlier = trainings[:-1]
    path = {
        "id": TEST_PATH,
        "title": "Testväg för nyanställda",
        "summary": "En väg som testerna lägger till.",
        # A link that would run script must lose its target; an ordinary one keeps it.
        "description": (
            "Stegen i **ordning**. [Läs mer](https://www.socialstyrelsen.se/) [Klicka](javascript:alert(1))"
        ),
        "roles": roles,
        "complete_within_days": 30,
        # Mandatory for the first role throughout; for the second, only the last step is.
        "steps": [
            *({"training": t.id, "mandatory_for": roles[:1], "recommended_for": roles[1:]} for t in earlier),
            {"training": trainings[-1].id, "mandatory_for": roles},
        ],
    }
    topic = trainings[0].topics[0]
    assessment = {
        "id": TEST_ASSESSMENT,
        "title": "Testskattning",
        "summary": "En självskattning som testerna lägger till.",
        "description": "Svara ärligt.",
        "source": "Testerna",
        "scale": [{"value": v, "label": f"Nivå {v}", "description": f"Beskrivning {v}"} for v in range(1, 5)],
        "areas": [
            {
                "id": "omrade",
                "title": "Ett område",
                "topics": [topic],
                "statements": [{"id": "pastaende", "text": "Jag kan det här."}],
            }
        ],
    }
    for folder, entry in (("paths", path), ("assessments", assessment)):
        (directory / folder).mkdir(exist_ok=True)
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (directory / folder / f"{entry['id']}.yml").write_text(text, encoding="utf-8")
