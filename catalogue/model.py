"""The catalogue's content model: what one YAML file may say.

Field descriptions are in Swedish because editors read them as hover help in their editor
(through the generated JSON Schema). Models are strict: YAML that says `"2"` where a number
belongs is an editor's mistake worth reporting, not something to coerce silently.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Id med små bokstäver a–z, siffror och bindestreck, t.ex. basal-hygien."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Level = Literal["bas", "fördjupning", "spets"]
Status = Literal["active", "archived"]
SignIn = Literal["ingen", "konto", "bankid"]

LEVEL_LABELS: dict[str, str] = {"bas": "Bas", "fördjupning": "Fördjupning", "spets": "Spets"}
SIGN_IN_LABELS: dict[str, str] = {
    "ingen": "Ingen inloggning",
    "konto": "Konto hos utbildaren",
    "bankid": "BankID",
}
# An entry not reviewed within this many months is reported as due for review.
REVIEW_INTERVAL_MONTHS = 12


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


class Training(Strict):
    id: Slug = Field(description="Samma som filnamnet utan .yml.")
    title: Text
    summary: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="En eller två meningar som visas i listor (högst 200 tecken)."
    )
    description: Text = Field(description="Beskrivning i Markdown, med egna ord.")
    provider: Slug = Field(description="Id för en anordnare i providers.yml.")
    url: HttpUrl = Field(description="Adressen där utbildningen startar hos anordnaren.")
    topics: Annotated[list[Slug], Field(min_length=1)]
    roles: Annotated[list[Slug], Field(min_length=1)]
    level: Level = Field(description="Djup: bas, fördjupning eller spets.")
    format: Slug = Field(description="Id för ett format i formats.yml.")
    duration_hours: Annotated[float, Field(gt=0, le=500)] = Field(
        description="Ungefärlig tid i timmar, t.ex. 1.5."
    )
    cost_sek: Annotated[int, Field(ge=0, le=1_000_000)] = Field(description="Kostnad i kronor, 0 = gratis.")
    languages: Annotated[list[str], Field(min_length=1)]
    works_on_phone: bool = Field(description="Fungerar utbildningen bra i en mobiltelefon?")
    sign_in: SignIn = Field(description="Inloggning hos anordnaren: ingen, konto eller bankid.")
    media: Media
    certificate: bool = Field(description="Får deltagaren ett intyg?")
    renewal_months: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="Ska förnyas efter så här många månader (t.ex. HLR: 12)."
    )
    municipalities: list[Slug] = Field(
        default_factory=list, description="Kommuner där den erbjuds; tom lista = hela landet."
    )
    funding: list[Literal["aldreomsorgslyftet", "esf"]] = Field(
        default_factory=list, description="Finansiering den kan ingå i."
    )
    owner: Text = Field(description="Vem som ansvarar för posten (funktion, inte person).")
    last_reviewed: datetime.date = Field(description="Senast granskad, ÅÅÅÅ-MM-DD.")
    status: Status = "active"
    sessions: list[Session] = Field(default_factory=list)
    unverified: Text | None = Field(default=None, description="Uppgifter som inte gått att kontrollera.")

    def offered_in(self) -> list[str]:
        """Municipalities where it is offered: those listed, then those of its dated sessions."""
        listed = [*self.municipalities, *(s.municipality for s in self.sessions if s.municipality)]
        return list(dict.fromkeys(listed))


class PathStep(Strict):
    training: Slug
    mandatory_for: list[Slug] = Field(default_factory=list)
    recommended_for: list[Slug] = Field(default_factory=list)


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

    def introduction_path(self) -> LearningPath | None:
        return next((path for path in self.paths.values() if path.introduction), None)
