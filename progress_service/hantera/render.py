"""What every /hantera/ page shares: templates, who is signed in, forms, and errors as pages.

Pages are server-rendered and work without JavaScript. A page handler raises the same
ServiceErrors as the API; `page` turns them into a Swedish page with the same status (and a
missing or ended session into a redirect to the sign-in form), so there is one place for both.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from catalogue.spreadsheet import decimal_text
from progress_service import payloads
from progress_service.account_auth import Viewer, check_form_token, form_token, viewer_of
from progress_service.errors import NotSignedIn, PasswordChangeRequired, ServiceError
from progress_service.service import service_of

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
TEMPLATES.env.filters["percent"] = lambda value: f"{decimal_text(value)} %"
SIGN_IN = "/hantera/logga-in"
CHOOSE_OWN = "/hantera/byt-losenord"
Handler = Callable[[Request], Awaitable[Response]]


def render(
    request: Request, template: str, viewer: Viewer | None, *, status: int = 200, **context: Any
) -> Response:
    secret = service_of(request).settings.secret_key
    token = form_token(secret, viewer) if viewer and viewer.session else ""
    context = {"viewer": viewer, "form_token": token, **context}
    return TEMPLATES.TemplateResponse(request, f"hantera/{template}", context, status_code=status)


def page(handler: Handler) -> Handler:
    """The handler, with a sign-in redirect for no session and a Swedish error page for the rest."""

    @functools.wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except PasswordChangeRequired:
            return RedirectResponse(CHOOSE_OWN, status_code=303)
        except NotSignedIn:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{SIGN_IN}?{urlencode({'next': target})}", status_code=303)
        except ServiceError as error:
            context = {"title": "Det gick inte", "message": error.message, "back": "/hantera/"}
            return render(request, "error.html", None, status=error.status, **context)

    return wrapped


async def read_form(request: Request) -> dict[str, str]:
    """A url-encoded form, at most the service's body limit; the last value of a repeated field."""
    return dict(await read_pairs(request))


async def read_pairs(request: Request, max_fields: int = payloads.FORM_FIELDS) -> list[tuple[str, str]]:
    """A url-encoded form's fields in order, repeated ones too, at most the service's body limit."""
    limit = service_of(request).settings.max_body_bytes
    return await payloads.read_form_pairs(request, limit, "Skicka formuläret från sidan.", max_fields)


async def posted(request: Request, password_change: bool = False) -> tuple[Viewer, dict[str, str]]:
    """Who posted a form and its fields, once its token shows it came from one of our pages."""
    viewer, pairs = await posted_pairs(request, password_change=password_change)
    return viewer, dict(pairs)


async def posted_pairs(
    request: Request, max_fields: int = payloads.FORM_FIELDS, password_change: bool = False
) -> tuple[Viewer, list[tuple[str, str]]]:
    """Like `posted`, with every field in order (a list of ticked boxes repeats its name)."""
    viewer = await viewer_of(request, password_change=password_change)
    pairs = await read_pairs(request, max_fields)
    check_form_token(service_of(request).settings.secret_key, viewer, dict(pairs).get("form_token"))
    return viewer, pairs


def site_root(request: Request) -> str:
    """The site's public address with a final slash (OMSORG_PUBLIC_URL), never the request's Host:
    a forged Host must not end up on a printed slip."""
    return f"{service_of(request).settings.public_url}/"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a /hantera/ page of this site, never another host."""
    if target and target.startswith("/hantera/") and "//" not in target and "\\" not in target:
        return target
    return "/hantera/"
