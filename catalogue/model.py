"""The catalogue's content model: what one YAML file may say.

Field descriptions are in Swedish because editors read them as hover help in their editor
(through the generated JSON Schema). Models are strict: YAML that says `"2"` where a number
belongs is an editor's mistake worth reporting, not something to coerce silently.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Id med små bokstäver a–z, siffror och bindestreck, t.ex. basal-hygien."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Every closed set of values, with the Swedish label each value shows as wherever it shows: on the
# site, in its data file for the scripts (`LABELS`), in the editors' tools and in the service.
Level = Literal["bas", "fördjupning", "spets"]
LEVEL_LABELS: dict[str, str] = {"bas": "Bas", "fördjupning": "Fördjupning", "spets": "Spets"}
Status = Literal["active", "archived"]
STATUS_LABELS: dict[str, str] = {"active": "Aktiv", "archived": "Arkiverad"}
SignIn = Literal["ingen", "konto", "bankid"]
SIGN_IN_LABELS: dict[str, str] = {
    "ingen": "Ingen inloggning",
    "konto": "Konto hos anordnaren",
    "bankid": "BankID",
}
SignupKind = Literal["open", "account", "manager", "apply"]
# How a person gets a place: the label is what the training page says under "Så anmäler du dig".
SIGNUP_LABELS: dict[str, str] = {
    "open": "Öppen för alla: börja direkt via länken",
    "account": "Skapa ett konto hos anordnaren och börja via länken",
    "manager": "Anmälan via din chef",
    "apply": "Anmälan eller ansökan hos anordnaren",
}
CostKind = Literal["free", "paid", "unknown"]
# Cost as the finder filters it: a training without a known price is neither free nor paid.
COST_LABELS: dict[str, str] = {
    "free": "Gratis",
    "paid": "Kostar pengar",
    "unknown": "Varierar eller okänd",
}
Funding = Literal["aldreomsorgslyftet", "esf"]
FUNDING_LABELS: dict[str, str] = {
    "aldreomsorgslyftet": "Äldreomsorgslyftet",
    "esf": "Europeiska socialfonden (ESF)",
}
# What a path step is for a person in a given role.
Requirement = Literal["mandatory", "recommended", "optional"]
REQUIREMENT_LABELS: dict[str, str] = {
    "mandatory": "Obligatorisk",
    "recommended": "Rekommenderad",
    "optional": "Valfri",
}
LABELS: dict[str, dict[str, str]] = {
    "levels": LEVEL_LABELS,
    "statuses": STATUS_LABELS,
    "sign_in": SIGN_IN_LABELS,
    "signup": SIGNUP_LABELS,
    "costs": COST_LABELS,
    "funding": FUNDING_LABELS,
    "requirements": REQUIREMENT_LABELS,
}
# An entry not reviewed within this many months is reported as due for review.
REVIEW_INTERVAL_MONTHS = 12
# A training's length at most: a year of full-time study (60 högskolepoäng, 40 weeks of 40 hours)
# fits; a slip of the keyboard (16000 for 1600) does not.
MAX_HOURS = 2000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Topic(Strict):
    id: Slug
    label: Text = Field(description="Ämnets namn, som besökaren ser det.")
    description: Text = Field(description="En mening om vad ämnet omfattar.")


class Role(Strict):
    id: Slug
    label: Text = Field(description="Yrkesrollen, t.ex. Undersköterska.")
    description: Text


class Format(Strict):
    id: Slug
    label: Text
    description: Text


class Provider(Strict):
    id: Slug
    name: Text = Field(description="Utbildningsanordnarens namn.")
    url: HttpUrl = Field(description="Anordnarens webbplats.")
    description: Text


class Municipality(Strict):
    id: Slug
    name: Text
    county: Text = Field(description="Län, t.ex. Norrbottens län.")


class Language(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] = Field(
        description="Språkkod enligt ISO 639, t.ex. sv, fi, se (nordsamiska)."
    )
    label: Text


class Media(Strict):
    video: bool = Field(description="Innehåller utbildningen video?")
    audio: bool = Field(description="Behövs ljud (hörlurar i personalrummet)?")
    download_mb: Annotated[float, Field(ge=0)] = Field(
        description="Ungefärlig datamängd i megabyte för hela utbildningen."
    )


class Session(Strict):
    date: datetime.date = Field(description="Datum för tillfället, ÅÅÅÅ-MM-DD.")
    start: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = Field(
        description="Starttid, TT:MM."
    )
    end: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = Field(
        description="Sluttid, TT:MM."
    )
    place: Text = Field(description="Lokal och ort.")
    municipality: Slug | None = None
    seats: Annotated[int, Field(ge=1)] | None = None


class Signup(Strict):
    kind: SignupKind = Field(
        description=(
            "open = öppen för alla via länken, account = konto hos anordnaren (e-post eller BankID), "
            "manager = via chefen eller kommunen, apply = anmälan eller ansökan hos anordnaren."
        )
    )
    note: Text | None = Field(
        default=None,
        description="Det den som vill gå utbildningen behöver veta, t.ex. var på sidan den finns.",
    )


class Source(Strict):
    url: HttpUrl = Field(description="Sidan där uppgifterna står.")
    read_on: datetime.date = Field(description="Dagen sidan lästes, ÅÅÅÅ-MM-DD.")


class Training(Strict):
    id: Slug = Field(description="Samma som filnamnet utan .yml.")
    title: Text
    summary: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="En eller två meningar som visas i listor (högst 200 tecken)."
    )
    description: Text = Field(description="Beskrivning i Markdown, med egna ord.")
    provider: Slug = Field(description="Id för en anordnare i providers.yml.")
    url: HttpUrl = Field(description="Adressen till utbildningens egen sida hos anordnaren.")
    topics: Annotated[list[Slug], Field(min_length=1)]
    roles: Annotated[list[Slug], Field(min_length=1)]
    level: Level = Field(description="Djup: bas, fördjupning eller spets.")
    format: Slug = Field(description="Id för ett format i formats.yml.")
    duration_hours: Annotated[float, Field(gt=0, le=MAX_HOURS)] = Field(
        description="Ungefärlig tid i timmar, t.ex. 1.5."
    )
    cost_sek: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        default=None, description="Kostnad i kronor, 0 = gratis. Utelämna när den varierar eller är okänd."
    )
    cost_note: Text | None = Field(
        default=None,
        description="Om kostnaden: krävs när cost_sek saknas, t.ex. att den varierar mellan anordnare.",
    )
    languages: Annotated[list[str], Field(min_length=1)]
    works_on_phone: bool = Field(description="Fungerar utbildningen bra i en mobiltelefon?")
    sign_in: SignIn = Field(description="Inloggning hos anordnaren: ingen, konto eller bankid.")
    media: Media
    certificate: bool = Field(description="Får deltagaren ett intyg?")
    renewal_months: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="Ska förnyas efter så här många månader (t.ex. HLR: 12)."
    )
    available_until: datetime.date | None = Field(
        default=None,
        description="Sista dagen den går att göra, ÅÅÅÅ-MM-DD, när anordnaren har sagt det. Utelämna annars.",
    )
    municipalities: list[Slug] = Field(
        default_factory=list, description="Kommuner där den erbjuds; tom lista = hela landet."
    )
    funding: list[Funding] = Field(default_factory=list, description="Finansiering den kan ingå i.")
    owner: Text = Field(description="Vem som ansvarar för posten (funktion, inte person).")
    last_reviewed: datetime.date = Field(description="Senast granskad, ÅÅÅÅ-MM-DD.")
    status: Status = "active"
    signup: Signup = Field(description="Hur man anmäler sig: kind och en frivillig note.")
    travels: bool = Field(
        default=False, description="true om anordnaren kan hålla utbildningen på andra orter på beställning."
    )
    sessions: list[Session] = Field(default_factory=list)
    sources: list[Source] = Field(
        default_factory=list, description="Var uppgifterna kommer ifrån: adress och dag den lästes."
    )
    unverified: Text | None = Field(
        default=None, description="Uppgifter som inte gått att kontrollera. Visas bara för redaktörer."
    )

    def offered_in(self) -> list[str]:
        """Municipalities where it is offered: those listed, then those of its dated sessions."""
        listed = [*self.municipalities, *(s.municipality for s in self.sessions if s.municipality)]
        return list(dict.fromkeys(listed))

    def offered_to(self, municipality: str | None) -> bool:
        """Whether someone working in `municipality` can take it (None: anywhere will do)."""
        places = self.offered_in()
        return municipality is None or self.travels or not places or municipality in places

    def cost_kind(self) -> CostKind:
        """Free, paid or unknown: an unknown price is never counted as free."""
        if self.cost_sek is None:
            return "unknown"
        return "free" if self.cost_sek == 0 else "paid"


class PathStep(Strict):
    training: Slug
    mandatory_for: list[Slug] = Field(default_factory=list)
    recommended_for: list[Slug] = Field(default_factory=list)

    def requirement_for(self, role: str | None) -> Requirement:
        if role in self.mandatory_for:
            return "mandatory"
        return "recommended" if role in self.recommended_for else "optional"


class LearningPath(Strict):
    id: Slug
    title: Text
    summary: Text
    description: Text
    roles: Annotated[list[Slug], Field(min_length=1)]
    introduction: bool = Field(
        default=False,
        description="true för introduktionen för nyanställda (högst en lärväg): visas först och följs upp.",
    )
    complete_within_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        default=None, description="De obligatoriska stegen ska vara klara inom så många dagar."
    )
    steps: Annotated[list[PathStep], Field(min_length=1)]


class ScaleLevel(Strict):
    value: Annotated[int, Field(ge=1, le=4)]
    label: Text
    description: Text


class Statement(Strict):
    id: Slug
    text: Text


class Area(Strict):
    id: Slug
    title: Text
    topics: Annotated[list[Slug], Field(min_length=1)]
    statements: Annotated[list[Statement], Field(min_length=1)]


class Assessment(Strict):
    id: Slug
    title: Text
    summary: Text
    description: Text
    source: Text = Field(description="Ramverket frågorna bygger på.")
    scale: Annotated[list[ScaleLevel], Field(min_length=4, max_length=4)]
    areas: Annotated[list[Area], Field(min_length=1)]


@dataclass(frozen=True)
class Catalogue:
    """A whole, validated catalogue; every reference in it resolves."""

    topics: dict[str, Topic] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    formats: dict[str, Format] = field(default_factory=dict)
    providers: dict[str, Provider] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    languages: dict[str, Language] = field(default_factory=dict)
    trainings: dict[str, Training] = field(default_factory=dict)
    paths: dict[str, LearningPath] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)

    def active_trainings(self) -> list[Training]:
        return [t for t in self.trainings.values() if t.status == "active"]

    @functools.cached_property
    def active_by_topic(self) -> dict[str, list[Training]]:
        """Active trainings per topic, built once per catalogue.

        The service recommends trainings for every self-assessment on every /api/me: scanning all
        of 1,000 trainings per area took 2.3 ms a call, looking up the area's topics a few µs.
        """
        by_topic: dict[str, list[Training]] = {}
        for training in self.active_trainings():
            for topic in training.topics:
                by_topic.setdefault(topic, []).append(training)
        return by_topic

    def introduction_path(self) -> LearningPath | None:
        return next((path for path in self.paths.values() if path.introduction), None)

    def links_to_start_page(self, training: Training) -> bool:
        """Whether the training's link is only its provider's start page, not its own page."""
        return same_page(str(training.url), str(self.providers[training.provider].url))

    def steps_with(self, training_id: str) -> list[tuple[LearningPath, PathStep]]:
        """Every path step that is this training: the one source of who must or should take it."""
        return [(p, s) for p in self.paths.values() for s in p.steps if s.training == training_id]

    def steps_for(self, path: LearningPath, role: str, municipality: str | None = None) -> list[PathStep]:
        """The steps of `path` for a person in `role`: mandatory first, then recommended, in path order.

        A step whose training is not given where the person works is left out.
        """
        mine = [s for s in path.steps if role in s.mandatory_for or role in s.recommended_for]
        offered = [s for s in mine if self.trainings[s.training].offered_to(municipality)]
        return sorted(offered, key=lambda step: role not in step.mandatory_for)


def same_page(first: str, second: str) -> bool:
    """Two addresses of one page, whatever the letter case of the host or a trailing slash."""
    return first.rstrip("/").casefold() == second.rstrip("/").casefold()
