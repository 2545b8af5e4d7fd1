"""Läs in personallista: upload a CSV or .xlsx, see what would change, then apply it; the new
people's codes come out as slips, like codes given one by one."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from progress_service import staff_upload
from progress_service.account_auth import Viewer, check_form_token, viewer_of
from progress_service.errors import Forbidden, Invalid, TooLarge
from progress_service.hantera.render import page, posted, render, site_root
from progress_service.people import NoSuchPerson
from progress_service.service import service_of
from progress_service.slips import slips
from progress_service.staff_admin import Person
from progress_service.staff_import import OPTIONAL, REQUIRED, ImportRejected, StaffRow

TITLE = "Läs in personallista"


def _page(request: Request, viewer: Viewer, status: int = 200, **shown: Any) -> Response:
    context = {"title": TITLE, "section": "staff", "required": REQUIRED, "optional": OPTIONAL}
    return render(request, "upload.html", viewer, status=status, **context, **shown)


@page
async def form(request: Request) -> Response:
    return _page(request, await viewer_of(request))


async def _file(request: Request, viewer: Viewer) -> tuple[bytes, str]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > staff_upload.MAX_UPLOAD_BYTES + 64 * 1024:
        raise TooLarge("Filen är för stor: högst 2 MB.")
    async with request.form(max_files=1, max_fields=4) as fields:
        check_form_token(service_of(request).settings.secret_key, viewer, str(fields.get("form_token") or ""))
        upload = fields.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Invalid("Välj en fil att läsa in.", field="file")
        data = await upload.read(staff_upload.MAX_UPLOAD_BYTES + 1)
        return data, PurePath(upload.filename).suffix


@page
async def preview(request: Request) -> Response:
    viewer = await viewer_of(request)
    service = service_of(request)
    try:
        data, suffix = await _file(request, viewer)
        token, changes = await staff_upload.preview(
            service.db, service.catalogue.current, viewer, service.uploads, data, suffix
        )
    except ImportRejected as rejected:
        return _page(request, viewer, 422, problems=rejected.problems)
    except Invalid as refused:
        return _page(request, viewer, refused.status, problems=[refused.message])
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("new", "changed", "same")}
    return _page(request, viewer, token=token, changes=changes, counts=counts)


@page
async def apply(request: Request) -> Response:
    viewer, fields = await posted(request)
    service = service_of(request)
    try:
        changes, issued = await staff_upload.apply(
            service.db, service.settings.secret_key, viewer, service.uploads, fields.get("token", "")
        )
    except (ImportRejected, Forbidden, NoSuchPerson) as refused:
        problems = refused.problems if isinstance(refused, ImportRejected) else [str(refused)]
        return _page(request, viewer, 409, problems=problems)
    people = [(_person(row), code) for row, code in issued]
    context: dict[str, Any] = {"title": "Lappar med personliga koder", "section": "staff"}
    context |= {"sheets": slips(site_root(request), people), "count": len(people)}
    context["applied"] = {kind: sum(c.kind == kind for c in changes) for kind in ("new", "changed", "same")}
    return render(request, "slips.html", viewer, **context)


def _person(row: StaffRow) -> Person:
    """What a slip shows of a newly imported person."""
    return Person(0, row.municipality, row.municipality_name, 0, row.unit, row.employee_number, row.name,
                  row.role, "", None, None)  # fmt: skip
