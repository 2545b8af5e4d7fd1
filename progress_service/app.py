"""The application factory: routes, error mapping, middleware, and what starts and stops with it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from progress_service import (
    attendance,
    auth,
    completions,
    hantera,
    manager_api,
    me,
    openapi,
    self_assessments,
    sign_in_form,
)
from progress_service.catalogue_source import CatalogueSource
from progress_service.db import WriterUnavailable
from progress_service.erasure import daily
from progress_service.errors import (
    ServiceError,
    client_gone_response,
    error_response,
    http_error_response,
    internal_error_response,
    unavailable_response,
)
from progress_service.first_start import keep_secret_lines
from progress_service.middleware import SecurityAndLog
from progress_service.people import first_start
from progress_service.record_cache import sweeping
from progress_service.responses import HealthStatus, json_response
from progress_service.service import Service
from progress_service.settings import Settings, SettingsError
from progress_service.slow_clients import BodyDeadline
from progress_service.static_site import GZIP_LEVEL, GZIP_MINIMUM_BYTES, site_app
from progress_service.store import store_for

log = logging.getLogger("progress_service")


async def healthz(request: Request) -> Response:
    """200 when the writer runs and the database answers; 503 (restart me) otherwise."""
    health = await request.state.service.db.health()
    body = {"status": "ok" if health.ok else "error", "writer": health.writer, "database": health.database}
    return json_response(HealthStatus, body, status_code=200 if health.ok else 503)


Endpoint = Callable[[Request], Awaitable[Response]]


def resource(path: str, **handlers: Endpoint) -> Route:
    """One route per path, whatever its methods, so a 405 lists every method the path allows."""

    async def dispatch(request: Request) -> Response:
        return await handlers["GET" if request.method == "HEAD" else request.method](request)

    return Route(path, dispatch, methods=list(handlers))


# The routes most requests take come first: a request is matched against them in order.
API_ROUTES = [
    resource("/completions", POST=completions.create),
    resource("/me", GET=me.me),
    resource("/openapi.json", GET=openapi.openapi),
    resource("/session", POST=auth.start_session, DELETE=auth.end_session),
    resource("/session/form", POST=sign_in_form.sign_in),
    resource("/completions/{id}", PATCH=completions.correct, DELETE=completions.withdraw),
    resource("/completions/{id}/rating", PUT=completions.rate, DELETE=completions.unrate),
    resource("/self-assessments", POST=self_assessments.create),
    resource("/me/export", GET=me.export),
    resource("/manager/session", POST=manager_api.start_session, DELETE=manager_api.end_session),
    resource("/reports/{report}.csv", GET=manager_api.report_file),
    resource("/attendance", POST=attendance.create),
]


def create_app(settings: Settings, catalogue: CatalogueSource | None = None) -> ASGIApp:
    """The service; `catalogue` when it was already loaded (and so checked) before starting."""
    if settings.public_url is None:
        raise SettingsError("OMSORG_PUBLIC_URL", "", "ange adressen som besökarna använder")
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/api", routes=API_ROUTES),
        Mount("/hantera", app=hantera.APP),
    ]
    if settings.site_dir.is_dir():
        routes.append(Mount("/", app=site_app(settings.site_dir, settings.public_url)))
    else:
        log.warning("no site at %s: serving the API only (build it with `make site`)", settings.site_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Service]]:
        source = catalogue or CatalogueSource(settings.catalogue_dir)
        db = store_for(settings)
        await db.open()
        secret_lines = await first_start(db, source.current, settings.secret_key)
        for line in keep_secret_lines(secret_lines, settings.db_path.parent):
            print(line, file=sys.stdout, flush=True)
        await db.write(auth.forget_expired_sessions)
        watcher = asyncio.create_task(source.watch(settings.catalogue_poll_seconds))
        retention = asyncio.create_task(daily(db, settings.retention_months, settings.staff_idle_minutes))
        service = Service(settings, db, source)
        sweeper = asyncio.create_task(sweeping(service.records))
        try:
            yield {"service": service}
        finally:
            watcher.cancel()
            retention.cancel()
            sweeper.cancel()
            await db.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            ServiceError: error_response,
            HTTPException: http_error_response,
            WriterUnavailable: unavailable_response,
            ClientDisconnect: client_gone_response,
            Exception: internal_error_response,
        },
    )
    compressed = GZipMiddleware(app, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    return SecurityAndLog(BodyDeadline(compressed, settings.client_timeout_seconds))
