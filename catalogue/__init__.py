"""The training catalogue: its content model, loader and validation, and the editors' commands
(`python -m catalogue check|due|schema|new|import`, in catalogue/cli.py).

This package knows nothing of MkDocs or of the progress service; both depend on it.
"""

from catalogue.loader import CatalogueInvalid, check_catalogue, load_catalogue
from catalogue.model import Catalogue

__all__ = ["Catalogue", "CatalogueInvalid", "check_catalogue", "load_catalogue"]
