"""What every request handler reaches: settings, database, catalogue and sign-in limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request

from progress_service.catalogue_source import CatalogueSource
from progress_service.db import Database
from progress_service.ratelimit import FailureLimiter
from progress_service.record_cache import RecordCache
from progress_service.settings import Settings

if TYPE_CHECKING:
    from progress_service.staff_upload import Pending

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
    # Each person's last /api/me answer, kept while their record is unchanged.
    records: RecordCache = field(default_factory=RecordCache)
    # Staff lists previewed and waiting to be applied, by token (progress_service/staff_upload.py).
    uploads: dict[str, Pending] = field(default_factory=dict)


def service_of(request: Request) -> Service:
    service: Service = request.state.service
    return service
