"""The project's own catalogue is valid and its committed schemas match the model."""

from catalogue import load_catalogue
from catalogue.schema_export import stale_schemas


def test_real_catalogue_loads_without_errors() -> None:
    catalogue = load_catalogue()
    assert catalogue.trainings, "the catalogue has no trainings"


def test_committed_schemas_match_the_model() -> None:
    assert stale_schemas() == [], "run: python -m catalogue schema"
