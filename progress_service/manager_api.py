"""The managers' API: sign in and out with name and password, and the reports as files.

Reports answer to a session cookie or to a read-only API key (`Authorization: Bearer …`), so
Power Query, Power BI or a script can fetch them on a schedule with the manager's scope.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from progress_service.account_auth import set_session_cookie, sign_in, sign_out, viewer_of
from progress_service.auth import check_origin
from progress_service.payloads import AccountSignIn, read_json
from progress_service.reports.run import download, prepare, report_named
from progress_service.responses import SignedInAccount, json_response
from progress_service.service import service_of


async def start_session(request: Request) -> Response:
    check_origin(request)
    service = service_of(request)
    body = await read_json(request, AccountSignIn, service.settings.max_body_bytes)
    account, token = await sign_in(request, body.name, body.password)
    response = json_response(SignedInAccount, SignedInAccount.of(account))
    set_session_cookie(request, response, token)
    return response


async def end_session(request: Request) -> Response:
    check_origin(request)
    response = Response(status_code=204)
    await sign_out(request, response)
    return response


async def report_file(request: Request) -> Response:
    viewer = await viewer_of(request, api_key_allowed=True)
    report = report_named(request.path_params["report"])
    service = service_of(request)
    prepared = await prepare(service, report, viewer, request.query_params)
    return await download(service, viewer, prepared)
