"""The finder's data file carries the catalogue's labels, so the site's scripts need no copy of them."""

from __future__ import annotations

import json
from pathlib import Path

from catalogue import load_catalogue
from catalogue.model import LEVEL_LABELS, REQUIREMENT_LABELS, SIGN_IN_LABELS, STATUS_LABELS
from catalogue_site.data import finder_data

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"


def test_the_data_file_gives_the_scripts_every_label_by_name() -> None:
    data = json.loads(finder_data(load_catalogue(FIXTURE)))
    labels = data["labels"]
    assert labels["levels"] == LEVEL_LABELS and labels["sign_in"] == SIGN_IN_LABELS
    assert labels["statuses"]["archived"] == STATUS_LABELS["archived"] == "Arkiverad"
    assert labels["requirements"]["mandatory"] == REQUIREMENT_LABELS["mandatory"] == "Obligatorisk"
    assert labels["costs"] == {"free": "Gratis", "paid": "Kostar pengar", "unknown": "Varierar eller okänd"}
    row = dict(zip(data["fields"], data["trainings"][0], strict=True))
    assert data["formats"][row["format"]] == ["klassrum", "Klassrum"]
