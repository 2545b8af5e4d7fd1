"""What every request handler reaches: settings, database, catalogue and sign-in limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from progress_service.catalogue_source import CatalogueSource
from progress_service.db import Database
from progress_service.ratelimit import FailureLimiter
from progress_service.settings import Settings

FAILURE_WINDOW_SECONDS = 15 * 60


@dataclass
class Service:
    settings: Settings
    db: Database
    catalogue: CatalogueSource
    failures_by_client: FailureLimiter = field(
        default_factory=lambda: FailureLimiter(20, FAILURE_WINDOW_SECONDS)
    )
    failures_by_prefix: FailureLimiter = field(
        default_factory=lambda: FailureLimiter(5, FAILURE_WINDOW_SECONDS)
    )
    failures_by_account: FailureLimiter = field(
        default_factory=lambda: FailureLimiter(5, FAILURE_WINDOW_SECONDS)
    )


def service_of(request: Request) -> Service:
    service: Service = request.state.service
    return service
