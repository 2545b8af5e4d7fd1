"""The sign-in form at /hantera/logga-in and signing out, for browsers without scripts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from progress_service.account_auth import set_session_cookie, sign_in, sign_out
from progress_service.auth import check_origin
from progress_service.errors import NotSignedIn, TooManyAttempts
from progress_service.hantera.render import page, posted, read_form, render, safe_next

TITLE = "Logga in"


async def form(request: Request) -> Response:
    target = safe_next(request.query_params.get("next"))
    return render(request, "sign_in.html", None, title=TITLE, next=target, name="", message=None)


async def submit(request: Request) -> Response:
    check_origin(request)
    fields = await read_form(request)
    name, target = fields.get("name", "").strip(), safe_next(fields.get("next"))
    try:
        _, token = await sign_in(request, name, fields.get("password", ""))
    except (NotSignedIn, TooManyAttempts) as refused:
        context = {"title": TITLE, "next": target, "name": name, "message": refused.message}
        return render(request, "sign_in.html", None, status=refused.status, **context)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


@page
async def leave(request: Request) -> Response:
    await posted(request, password_change=True)  # signing out works before choosing a password too
    response = RedirectResponse("/hantera/logga-in", status_code=303)
    await sign_out(request, response)
    return response
