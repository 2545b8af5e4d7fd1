"""The progress service: staff record completed trainings, ratings and self-assessments.

`create_app(Settings.from_env())` is the ASGI application; `python -m progress_service` the CLI.
"""

from progress_service.app import create_app
from progress_service.settings import Settings

__all__ = ["Settings", "create_app"]
