"""Swedish wording of the catalogue's facts, and the site's sections, for pages and macros."""

from __future__ import annotations

import math

from catalogue.model import COST_LABELS

# Site sections: URL folder of each kind of generated page.
TRAINING = "utbildning"
TOPIC = "amne"
ROLE = "roll"
PROVIDER = "anordnare"
MUNICIPALITY = "kommun"
PATH = "vag"
ASSESSMENT = "sjalvskattning"
FINDER = "hitta-utbildning"
SIGN_IN = "logga-in"
SECTIONS = {
    "TRAINING": TRAINING,
    "TOPIC": TOPIC,
    "ROLE": ROLE,
    "PROVIDER": PROVIDER,
    "MUNICIPALITY": MUNICIPALITY,
    "PATH": PATH,
    "ASSESSMENT": ASSESSMENT,
    "FINDER": FINDER,
    "SIGN_IN": SIGN_IN,
}


def href(section: str, entry_id: str = "", depth: int = 2) -> str:
    """The relative URL of a generated page, from a page `depth` folders below the site root."""
    target = f"{section}/{entry_id}/" if entry_id else f"{section}/"
    return "../" * depth + target


def hours(value: float) -> str:
    """1 -> '1 timme', 1.5 -> '1,5 timmar', 0.5 -> '30 minuter', 1/60 -> '1 minut'.

    Halves round up, as people round by hand (2.25 -> '2,3 timmar'), and as the finder's
    assets/format.js does: the same float arithmetic, so both always say the same.
    """
    minutes = math.floor(value * 60 + 0.5)
    if minutes < 60:
        return count(minutes, "minut", "minuter")
    tenths = math.floor(value * 10 + 0.5)
    number = str(tenths // 10) + (f",{tenths % 10}" if tenths % 10 else "")
    return f"{number} timme" if number == "1" else f"{number} timmar"


def cost(sek: int | None) -> str:
    """The price as a list shows it; an unknown or varying price is said plainly, never as free."""
    if sek is None:
        return "Kostnad varierar"
    return COST_LABELS["free"] if sek == 0 else f"{sek:,}".replace(",", "\u00a0") + "\u00a0kr"


def yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
