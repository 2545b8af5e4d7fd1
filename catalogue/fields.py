"""The values an editor gives for a training: where each goes in the file, and what editors call it.

One table for both editors' tools: `new` asks the questions and names the flags, `import` reads the
columns by these names, and the editors' guide lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "markdown", "url", "choice", "choices", "yes_no", "number", "whole", "kronor", "date"]


@dataclass(frozen=True)
class Field:
    """One value an editor gives: where it goes in the training, and what editors call it."""

    path: tuple[str, ...]
    column: str
    question: str
    kind: Kind
    vocabulary: str = ""
    required: bool = True
    # The name of its command-line flag when the last part of `path` would be unclear (`kind`).
    option: str = ""

    @property
    def name(self) -> str:
        return self.option or self.path[-1]

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


# In the model's field order, which is also the order of the written file.
FIELDS: tuple[Field, ...] = (
    Field(("title",), "titel", "Titel", "text"),
    Field(("summary",), "sammanfattning", "Sammanfattning, en eller två meningar (högst 200 tecken)", "text"),
    Field(("description",), "beskrivning", "Beskrivning med egna ord", "markdown"),
    Field(("provider",), "anordnare", "Anordnare", "choice", "providers.yml"),
    Field(("url",), "adress", "Webbadress till utbildningens egen sida (https://…)", "url"),
    Field(("topics",), "ämnen", "Ämnen", "choices", "topics.yml"),
    Field(("roles",), "roller", "Roller", "choices", "roles.yml"),
    Field(("level",), "nivå", "Nivå", "choice", "level"),
    Field(("format",), "format", "Format", "choice", "formats.yml"),
    Field(("duration_hours",), "timmar", "Ungefärlig tid i timmar, t.ex. 1,5", "number"),
    Field(
        ("cost_sek",),
        "kostnad",
        "Kostnad i kronor (0 = gratis; tomt = varierar eller okänd)",
        "kronor",
        required=False,
    ),
    Field(
        ("cost_note",),
        "kostnad_info",
        "Om kostnaden (krävs när kostnaden är tom, t.ex. 'Varierar mellan anordnare')",
        "text",
        required=False,
    ),
    Field(("languages",), "språk", "Språk", "choices", "languages.yml"),
    Field(("works_on_phone",), "mobil", "Fungerar den bra i en mobiltelefon? (ja/nej)", "yes_no"),
    Field(("sign_in",), "inloggning", "Inloggning hos anordnaren", "choice", "sign_in"),
    Field(("media", "video"), "video", "Innehåller den video? (ja/nej)", "yes_no"),
    Field(("media", "audio"), "ljud", "Behövs ljud, alltså hörlurar i personalrummet? (ja/nej)", "yes_no"),
    Field(("media", "download_mb"), "nedladdning_mb", "Ungefärlig datamängd i megabyte", "number"),
    Field(("certificate",), "intyg", "Får deltagaren ett intyg? (ja/nej)", "yes_no"),
    Field(
        ("renewal_months",),
        "förnyas_månader",
        "Ska förnyas efter hur många månader? (tomt = behöver inte förnyas)",
        "whole",
        required=False,
    ),
    Field(
        ("available_until",),
        "sista_dag",
        "Sista dag den går att göra, om anordnaren har sagt det (ÅÅÅÅ-MM-DD, tomt = ingen)",
        "date",
        required=False,
    ),
    Field(
        ("municipalities",),
        "kommuner",
        "Kommuner där den erbjuds (tomt = hela landet)",
        "choices",
        "municipalities.yml",
        required=False,
    ),
    Field(
        ("funding",),
        "finansiering",
        "Finansiering den kan ingå i (tomt = ingen)",
        "choices",
        "funding",
        False,
    ),
    Field(("owner",), "ansvarig", "Ansvarig för posten (en funktion, inte en person)", "text"),
    Field(("last_reviewed",), "granskad", "Senast granskad (ÅÅÅÅ-MM-DD)", "date"),
    Field(("signup", "kind"), "anmälan", "Hur man anmäler sig", "choice", "signup", option="signup"),
    Field(
        ("signup", "note"),
        "anmälan_info",
        "Det den som vill gå utbildningen behöver veta om anmälan (tomt = inget)",
        "text",
        required=False,
        option="signup_note",
    ),
    Field(
        ("travels",),
        "reser",
        "Kan anordnaren hålla den på andra orter på beställning? (ja/nej, tomt = nej)",
        "yes_no",
        required=False,
    ),
    Field(
        ("sources",),
        "källa",
        "Adress där uppgifterna står (https://…), läst den dag posten granskades",
        "url",
        option="source",
    ),
    Field(
        ("unverified",),
        "okontrollerat",
        "Uppgifter som inte gått att kontrollera (tomt = inga)",
        "text",
        "",
        False,
    ),
)
FIELD_AT = {field.path: field for field in FIELDS}
ID_FIELD = Field(("id",), "id", "Id (tomt = bildas av titeln)", "text", required=False)
TITLE_FIELD = FIELDS[0]
