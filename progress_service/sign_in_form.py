"""Signing in without JavaScript: the sign-in page's form posts the code here.

The code travels in the request body, never in the address (where history, proxies and logs
would keep it). A right code gets the same session cookie as the JSON sign-in and a 303 redirect
to Min utbildning; a wrong one a short Swedish page saying what to do, with the same limits on
attempts. Forgery: the origin check of every write applies (browsers send Origin with a form post).
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from progress_service.auth import check_origin, open_session, set_session_cookie
from progress_service.errors import Invalid, ServiceError
from progress_service.payloads import read_form
from progress_service.service import service_of


async def sign_in(request: Request) -> Response:
    try:
        check_origin(request)
        code = await _posted_code(request)
        _, token = await open_session(request, code)
    except ServiceError as error:
        return _problem_page(request, error)
    response = RedirectResponse(_site_path(request, "min-utbildning/"), status_code=303)
    set_session_cookie(request, response, token)
    return response


async def _posted_code(request: Request) -> str:
    limit = service_of(request).settings.max_body_bytes
    fields = await read_form(request, limit, "Skicka koden från formuläret på sidan Logga in.")
    code = fields.get("code", "")
    if not code.strip():
        raise Invalid("Skriv in din personliga kod.", field="code")
    return code


def _site_path(request: Request, path: str) -> str:
    """A site page's path: the site is served beside the API mount (/api), at the app's root."""
    return f"{request.scope.get('root_path', '').removesuffix('/api')}/{path}"


def _problem_page(request: Request, error: ServiceError) -> Response:
    """The refusal as a page a person reads, with the way back to the form."""
    again = escape(_site_path(request, "logga-in/"))
    html = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>Det gick inte att logga in - Omsorgskatalogen</title></head><body>"
        "<main><h1>Det gick inte att logga in</h1>"
        f"<p>{escape(error.message)}</p>"
        f'<p><a href="{again}">Tillbaka till Logga in</a></p></main></body></html>'
    )
    return HTMLResponse(html, status_code=error.status, headers=error.headers)
