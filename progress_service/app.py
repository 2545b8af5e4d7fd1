"""The application factory: routes, error mapping, middleware, and what starts and stops with it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from progress_service import auth, completions, me, openapi, self_assessments
from progress_service.catalogue_source import CatalogueSource
from progress_service.db import Database
from progress_service.errors import ServiceError, error_response, http_error_response
from progress_service.middleware import SecurityAndLog
from progress_service.people import first_start
from progress_service.service import Service
from progress_service.settings import Settings
from progress_service.static_site import GZIP_MINIMUM_BYTES, site_app

log = logging.getLogger("progress_service")


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


API_ROUTES = [
    Route("/openapi.json", openapi.openapi, methods=["GET"]),
    Route("/session", auth.start_session, methods=["POST"]),
    Route("/session", auth.end_session, methods=["DELETE"]),
    Route("/completions", completions.create, methods=["POST"]),
    Route("/completions/{id}", completions.correct, methods=["PATCH"]),
    Route("/completions/{id}", completions.withdraw, methods=["DELETE"]),
    Route("/completions/{id}/rating", completions.rate, methods=["PUT"]),
    Route("/completions/{id}/rating", completions.unrate, methods=["DELETE"]),
    Route("/self-assessments", self_assessments.create, methods=["POST"]),
    Route("/me", me.me, methods=["GET"]),
    Route("/me/export", me.export, methods=["GET"]),
]


def create_app(settings: Settings) -> ASGIApp:
    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"]), Mount("/api", routes=API_ROUTES)]
    if settings.site_dir.is_dir():
        routes.append(Mount("/", app=site_app(settings.site_dir)))
    else:
        log.warning("no site at %s: serving the API only (build it with `make site`)", settings.site_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Service]]:
        catalogue = CatalogueSource(settings.catalogue_dir)
        db = Database(settings.db_path)
        await db.open()
        for line in await first_start(db, catalogue.current, settings.secret_key):
            print(line, file=sys.stdout, flush=True)
        watcher = asyncio.create_task(catalogue.watch(settings.catalogue_poll_seconds))
        try:
            yield {"service": Service(settings, db, catalogue)}
        finally:
            watcher.cancel()
            await db.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={ServiceError: error_response, HTTPException: http_error_response},
    )
    return SecurityAndLog(GZipMiddleware(app, minimum_size=GZIP_MINIMUM_BYTES))
