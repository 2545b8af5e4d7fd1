"""Lists, tables and counts from the catalogue for hand-written pages (mkdocs-macros).

Hand-written pages sit at the top of the site source, so links here are Markdown links to
source files (`amne/demens.md`): the site generator resolves and checks them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable

from catalogue.model import COST_LABELS, Catalogue, Training
from catalogue.review import ReviewItem, review_list
from catalogue_site.data import CATALOGUE_CSV, finder_filters
from catalogue_site.render import render
from catalogue_site.wording import ASSESSMENT, MUNICIPALITY, PATH, PROVIDER, ROLE, TOPIC, TRAINING, count

# A topic or role with fewer active trainings than this is reported as thin in Nuläge.
THIN_BELOW = 3


def md(text: str) -> str:
    """Text that Markdown shows literally."""
    return "".join("\\" + char if char in "\\`*_{}[]<>#|" else char for char in text)


def md_link(section: str, entry_id: str, text: str) -> str:
    return f"[{md(text)}]({section}/{entry_id}.md)"


def md_table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def macros(catalogue: Catalogue, today: datetime.date) -> dict[str, Callable[..., str]]:
    """The macros hand-written pages can call, by name."""
    active = catalogue.active_trainings()

    def tally(keys: Callable[[Training], Iterable[str]]) -> Counter[str]:
        return Counter(key for t in active for key in dict.fromkeys(keys(t)))

    by_topic = tally(lambda t: t.topics)
    by_role = tally(lambda t: t.roles)

    def topic_links() -> str:
        return "\n".join(
            f"- {md_link(TOPIC, t.id, t.label)} ({by_topic[t.id]})" for t in catalogue.topics.values()
        )

    def role_links() -> str:
        return "\n".join(f"- {md_link(ROLE, r.id, r.label)}" for r in catalogue.roles.values())

    def municipality_links() -> str:
        places = catalogue.municipalities.values()
        return "\n".join(f"- {md_link(MUNICIPALITY, m.id, m.name)}" for m in places)

    def path_links() -> str:
        paths = catalogue.paths.values()
        return "\n".join(f"- {md_link(PATH, p.id, p.title)} – {md(p.summary)}" for p in paths) or "Inga ännu."

    def assessment_links() -> str:
        found = catalogue.assessments.values()
        return (
            "\n".join(f"- {md_link(ASSESSMENT, a.id, a.title)} – {md(a.summary)}" for a in found)
            or "Inga ännu."
        )

    def introduction_link() -> str:
        intro = catalogue.introduction_path()
        return md_link(PATH, intro.id, intro.title) if intro else f"[Utbildningsvägar]({PATH}/index.md)"

    def amount(kind: str) -> str:
        """'1 utbildning', '40 utbildningar': how many of a kind the catalogue holds.

        Trainings and providers count only what is offered now: a provider whose trainings are all
        archived gives the visitor nothing to find.
        """
        numbers = {k: len(getattr(catalogue, k)) for k in _NOUNS}
        numbers["trainings"] = len(active)
        numbers["providers"] = len({t.provider for t in active})
        return count(numbers[kind], *_NOUNS[kind])

    return {
        "topic_links": topic_links,
        "role_links": role_links,
        "municipality_links": municipality_links,
        "path_links": path_links,
        "assessment_links": assessment_links,
        "introduction_link": introduction_link,
        "amount": amount,
        "finder_form": lambda: finder_form(catalogue),
        "search_filters": lambda: search_filters(catalogue),
        "status_tables": lambda: status_tables(catalogue, by_topic),
        "thin_spots": lambda: thin_spots(catalogue, by_topic, by_role),
        "due_for_review": lambda: due_for_review(catalogue, today),
        "csv_link": lambda: f"[Ladda ner hela katalogen som CSV för Excel]({CATALOGUE_CSV})",
    }


_NOUNS = {
    "trainings": ("utbildning", "utbildningar"),
    "topics": ("ämne", "ämnen"),
    "roles": ("roll", "roller"),
    "providers": ("anordnare", "anordnare"),
    "municipalities": ("kommun", "kommuner"),
    "paths": ("utbildningsväg", "utbildningsvägar"),
    "assessments": ("självskattning", "självskattningar"),
}


# --- Hitta utbildning -------------------------------------------------------------------------


def finder_form(catalogue: Catalogue) -> str:
    """The finder's filters as a plain HTML form; the finder script makes it live."""
    filters = finder_filters(catalogue)
    selects = [(f.name, f.label, f.everything, f.options) for f in filters if f.everything is not None]
    return render("finder_form.html", selects=selects, search=False)


def search_filters(catalogue: Catalogue) -> str:
    """The search page's filters; values are the labels training pages give Pagefind."""
    selects = [
        ("amne", "Ämne", "Alla ämnen", [(t.label, t.label) for t in catalogue.topics.values()]),
        ("format", "Format", "Alla format", [(f.label, f.label) for f in catalogue.formats.values()]),
        ("kostnad", "Kostnad", "Alla", [(label, label) for label in COST_LABELS.values()]),
    ]
    return render("finder_form.html", selects=selects, search=True)


# --- Nuläge -----------------------------------------------------------------------------------


def status_tables(catalogue: Catalogue, by_topic: Counter[str]) -> str:
    active = catalogue.active_trainings()
    free = Counter(t for x in active if x.cost_sek == 0 for t in x.topics)
    topic_rows = [
        [md_link(TOPIC, t.id, t.label), str(by_topic[t.id]), str(free[t.id])]
        for t in catalogue.topics.values()
    ]
    formats = Counter(t.format for t in active)
    format_rows = [[md(f.label), str(formats[f.id])] for f in catalogue.formats.values()]
    providers = Counter(t.provider for t in active)
    provider_rows = [
        [md_link(PROVIDER, p.id, p.name), str(providers[p.id])] for p in catalogue.providers.values()
    ]
    costs = Counter(_cost_band(t.cost_sek) for t in active)
    cost_rows = [[band, str(costs[band])] for band in _COST_BANDS]
    return "\n".join(
        [
            "### Per ämne\n",
            md_table(["Ämne", "Utbildningar", "Varav gratis"], topic_rows),
            "### Per format\n",
            md_table(["Format", "Utbildningar"], format_rows),
            "### Per anordnare\n",
            md_table(["Anordnare", "Utbildningar"], provider_rows),
            "### Per kostnad\n",
            md_table(["Kostnad", "Utbildningar"], cost_rows),
        ]
    )


_COST_BANDS = [
    COST_LABELS["free"],
    "Upp till 1 000 kr",
    "1 001–5 000 kr",
    "Mer än 5 000 kr",
    COST_LABELS["unknown"],
]


def _cost_band(sek: int | None) -> str:
    if sek is None:
        return _COST_BANDS[4]
    if sek == 0:
        return _COST_BANDS[0]
    if sek <= 1000:
        return _COST_BANDS[1]
    return _COST_BANDS[2] if sek <= 5000 else _COST_BANDS[3]


def thin_spots(catalogue: Catalogue, by_topic: Counter[str], by_role: Counter[str]) -> str:
    topics = [md_link(TOPIC, t.id, t.label) + f" ({by_topic[t.id]})" for t in catalogue.topics.values()]
    thin_topics = [text for text, t in zip(topics, catalogue.topics, strict=True) if by_topic[t] < THIN_BELOW]
    roles = [(md_link(ROLE, r.id, r.label) + f" ({by_role[r.id]})", r.id) for r in catalogue.roles.values()]
    thin_roles = [text for text, role_id in roles if by_role[role_id] < THIN_BELOW]
    none = "Inga – alla har minst " + str(THIN_BELOW) + " aktiva utbildningar."
    return "\n".join(
        [
            f"### Ämnen med färre än {THIN_BELOW} utbildningar\n",
            "\n".join(f"- {text}" for text in thin_topics) or none,
            f"\n### Roller med färre än {THIN_BELOW} utbildningar\n",
            "\n".join(f"- {text}" for text in thin_roles) or none,
            "",
        ]
    )


def due_for_review(catalogue: Catalogue, today: datetime.date) -> str:
    """The editors' review list: entries not reviewed within a year, and facts not yet checked.

    Editorial doubt shows here, for editors and coordinators, never on the training's own page.
    """
    items = review_list(catalogue, today)
    if not items:
        return "Inga poster behöver granskas just nu.\n"
    rows = [
        [md_link(TRAINING, i.training.id, i.training.title), md(_why(i)), md(i.training.owner)] for i in items
    ]
    table = md_table(["Utbildning", "Varför", "Ansvarig"], rows)
    return f"{count(len(items), 'post', 'poster')} ska granskas:\n\n{table}"


def _why(item: ReviewItem) -> str:
    """The reasons as one line of a table cell, each a sentence."""
    sentences = (" ".join(reason.split()).rstrip(".") for reason in item.reasons())
    return " ".join(f"{text[:1].upper()}{text[1:]}." for text in sentences)
