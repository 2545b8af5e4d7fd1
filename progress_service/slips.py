"""Code slips: what is printed for each person who gets a new personal code.

The QR code opens the site's sign-in page with the code in the fragment (`#kod=…`): a browser
never sends the fragment to a server, so the code reaches no access log. segno draws it as SVG
here, on the server, so nothing is fetched from another host.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

from progress_service.staff_admin import Person

SIGN_IN_PATH = "logga-in/"
PER_SHEET = 8


@dataclass(frozen=True)
class Slip:
    name: str
    unit: str
    code: str
    url: str
    qr_svg: str
    address: str  # where to type the code, for those who cannot scan


def sign_in_url(site: str, code: str) -> str:
    """The address the QR opens; `site` is the site's root URL ending in /."""
    return f"{site}{SIGN_IN_PATH}#kod={code}"


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, its size set by CSS; error correction M survives a creased slip."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=2
    )
    return buffer.getvalue().decode()


def slips(site: str, issued: list[tuple[Person, str]]) -> list[list[Slip]]:
    """The slips in sheets of PER_SHEET, in the order the people were chosen."""
    address = (site + SIGN_IN_PATH).split("://", 1)[-1]
    made = [
        Slip(person.name, f"{person.unit}, {person.municipality}", code, url, qr_svg(url), address)
        for person, code in issued
        for url in (sign_in_url(site, code),)
    ]
    return [made[start : start + PER_SHEET] for start in range(0, len(made), PER_SHEET)]
