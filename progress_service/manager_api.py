"""The managers' API: sign in and out with name and password, and the reports as files.

Reports answer to a session cookie or to a read-only API key (`Authorization: Bearer …`), so
Power Query, Power BI or a script can fetch them on a schedule with the manager's scope.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import Response

from progress_service.account_auth import set_session_cookie, sign_in, sign_out, viewer_of
from progress_service.accounts import Account, Role
from progress_service.auth import check_origin
from progress_service.json_body import JSONResponse
from progress_service.payloads import AccountSignIn, read_json
from progress_service.reports.run import download, prepare, report_named
from progress_service.service import service_of


class SignedInAccount(BaseModel):
    """The answer to a manager's sign-in: who, and what they may see."""

    name: str
    role: Role
    municipalities: list[str] = Field(description="Kommuner som ingår i sin helhet.")
    units: list[int] = Field(description="Enheter som ingår (utöver kommunerna).")

    @classmethod
    def of(cls, account: Account) -> SignedInAccount:
        scope = account.scope
        return cls(
            name=account.name,
            role=account.role,
            municipalities=sorted(scope.municipalities),
            units=sorted(scope.units),
        )


async def start_session(request: Request) -> Response:
    check_origin(request)
    service = service_of(request)
    body = await read_json(request, AccountSignIn, service.settings.max_body_bytes)
    account, token = await sign_in(request, body.name, body.password)
    response = JSONResponse(SignedInAccount.of(account).model_dump())
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
