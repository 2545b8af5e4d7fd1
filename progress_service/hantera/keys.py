"""API-nycklar: a manager makes read-only keys for scheduled pulls, sees them, revokes them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from progress_service import api_keys
from progress_service.account_auth import viewer_of
from progress_service.errors import Invalid
from progress_service.hantera.render import page, posted, render
from progress_service.service import service_of

TITLE = "API-nycklar"


async def _page(request: Request, status: int = 200, **shown: object) -> Response:
    viewer = await viewer_of(request)
    keys = await api_keys.keys_of(service_of(request).db, viewer.account.id)
    context = {"title": TITLE, "section": "keys", "keys": keys, "max_days": api_keys.MAX_DAYS}
    context["default_days"] = api_keys.DEFAULT_DAYS
    return render(request, "keys.html", viewer, status=status, **context, **shown)


@page
async def show(request: Request) -> Response:
    return await _page(request)


@page
async def create(request: Request) -> Response:
    viewer, fields = await posted(request)
    service = service_of(request)
    days = fields.get("days", "")
    try:
        if not days.isdigit():
            raise Invalid("Ange antal dagar som ett heltal.", field="days")
        key, made = await api_keys.create(
            service.db, service.settings.secret_key, viewer, fields.get("label", ""), int(days)
        )
    except Invalid as refused:
        return await _page(request, refused.status, message=refused.message)
    # The public address, never the request's Host: a forged Host must not end up in the example.
    example = f"{service.settings.public_url}/api/reports/completions.csv"
    # The key is in this response only (every /hantera/ answer is no-store), never in a URL.
    return await _page(request, new_key=key, new_key_label=made.label, example_url=example)


@page
async def revoke(request: Request) -> Response:
    viewer, _ = await posted(request)
    key_id = request.path_params["id"]
    await api_keys.revoke(service_of(request).db, viewer, int(key_id) if key_id.isdigit() else -1)
    return RedirectResponse("/hantera/nycklar", status_code=303)
