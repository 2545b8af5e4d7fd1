"""/hantera/: the managers' and administrators' pages, server-rendered, usable without scripts."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from progress_service.hantera import keys, log, overview, report_pages, signin

STATIC = Path(__file__).parent.parent / "static"

ROUTES: list[BaseRoute] = [
    Route("/", overview.overview, methods=["GET"]),
    Route("/logga-in", signin.form, methods=["GET"]),
    Route("/logga-in", signin.submit, methods=["POST"]),
    Route("/logga-ut", signin.leave, methods=["POST"]),
    Route("/rapporter/", report_pages.index, methods=["GET"]),
    Route("/rapporter/{report}", report_pages.show, methods=["GET"]),
    Route("/nycklar", keys.show, methods=["GET"]),
    Route("/nycklar", keys.create, methods=["POST"]),
    Route("/nycklar/{id}/aterkalla", keys.revoke, methods=["POST"]),
    Route("/logg", log.show, methods=["GET"]),
    Route("/logg.csv", log.file, methods=["GET"]),
    Mount("/static", app=StaticFiles(directory=STATIC), name="hantera-static"),
]
