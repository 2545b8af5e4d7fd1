"""The catalogue as site pages: {path inside the site source: page}, HTML from templates/.

Knows the catalogue and HTML, nothing of the site generator: the plugin (or any other static-site
tool) adds these pages to the build. Every page is at most three folders deep and links with
relative URLs, so the site works under any base path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from catalogue.alphabet import swedish_order
from catalogue.model import (
    LEVEL_LABELS,
    Assessment,
    Catalogue,
    LearningPath,
    PathStep,
    Requirement,
    Training,
)
from catalogue_site.markdown_text import markdown_html
from catalogue_site.render import render, template
from catalogue_site.wording import (
    ASSESSMENT,
    MUNICIPALITY,
    PATH,
    PROVIDER,
    ROLE,
    TOPIC,
    TRAINING,
    cost,
    count,
    hours,
)

# A role page shows this many trainings per topic and links to the rest.
ROLE_TOPIC_LIMIT = 10


@dataclass(frozen=True)
class GeneratedPage:
    title: str
    html: str
    # What search engines and link previews in chat apps show under the title; the site's own
    # description when empty.
    description: str = ""


class TrainingItems:
    """One line per training in a list: the title as a link, then the facts that sort it.

    A training is listed on its topics', provider's, municipalities' and roles' pages: each line is
    rendered once per folder depth, not once per list.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.rendered: dict[tuple[str, int], Markup] = {}
        self.template = template("training_item.html")

    def __call__(self, training: Training, depth: int = 2) -> Markup:
        key = (training.id, depth)
        if key not in self.rendered:
            facts = [
                self.catalogue.formats[training.format].label,
                hours(training.duration_hours),
                cost(training.cost_sek),
                self.catalogue.providers[training.provider].name,
            ]
            html = self.template.render(training=training, depth=depth, facts=facts)
            self.rendered[key] = Markup(html)  # noqa: S704 (rendered by an autoescaping template)
        return self.rendered[key]

    def of(self, trainings: Iterable[Training], depth: int = 2) -> list[Markup]:
        return [self(training, depth) for training in trainings]


def site_pages(catalogue: Catalogue) -> dict[str, GeneratedPage]:
    """Every generated page of the site, keyed by its source path (e.g. utbildning/x.md)."""
    return {**dict(training_pages(catalogue)), **section_pages(catalogue)}


def training_source(training: Training) -> str:
    return f"{TRAINING}/{training.id}.md"


def training_pages(catalogue: Catalogue) -> Iterator[tuple[str, GeneratedPage]]:
    """A page per training, rendered as it is asked for: a site build writes each one as it comes
    instead of holding 10,000 pages (about 90 MB of HTML) in memory."""
    for t in catalogue.trainings.values():
        yield training_source(t), GeneratedPage(t.title, training_page(catalogue, t), t.summary)


def section_pages(catalogue: Catalogue) -> dict[str, GeneratedPage]:
    """The generated pages other than the trainings': topics, roles, providers, municipalities,
    learning paths, self-assessments and their indexes (a few hundred at 10,000 trainings)."""
    pages: dict[str, GeneratedPage] = {}
    items = TrainingItems(catalogue)
    active = catalogue.active_trainings()
    by_topic = _group(active, lambda t: t.topics)
    by_provider = _group(active, lambda t: [t.provider])
    by_municipality = _group(active, Training.offered_in)
    for topic in catalogue.topics.values():
        html = render("topic.html", topic=topic, items=items.of(by_topic[topic.id]))
        pages[f"{TOPIC}/{topic.id}.md"] = GeneratedPage(topic.label, html, topic.description)
    for role in catalogue.roles.values():
        html = role_page(catalogue, role.id, by_topic, items)
        pages[f"{ROLE}/{role.id}.md"] = GeneratedPage(role.label, html, role.description)
    for provider in catalogue.providers.values():
        html = render("provider.html", provider=provider, items=items.of(by_provider[provider.id]))
        pages[f"{PROVIDER}/{provider.id}.md"] = GeneratedPage(provider.name, html, provider.description)
    nationwide = sum(not t.municipalities for t in active)
    for place in catalogue.municipalities.values():
        listed = items.of(by_municipality[place.id])
        html = render("municipality.html", municipality=place, items=listed, nationwide=nationwide)
        description = f"Utbildningar för personal i vård och omsorg i {place.name}."
        pages[f"{MUNICIPALITY}/{place.id}.md"] = GeneratedPage(place.name, html, description)
    for path in catalogue.paths.values():
        html = path_page(catalogue, path, items)
        pages[f"{PATH}/{path.id}.md"] = GeneratedPage(path.title, html, path.summary)
        pages.update(path_role_pages(catalogue, path, items))
    for assessment in catalogue.assessments.values():
        html = assessment_page(catalogue, assessment)
        pages[f"{ASSESSMENT}/{assessment.id}.md"] = GeneratedPage(assessment.title, html, assessment.summary)
    pages.update(index_pages(catalogue, by_topic, by_provider, by_municipality))
    return pages


def _group(
    trainings: Iterable[Training], keys: Callable[[Training], Iterable[str]]
) -> dict[str, list[Training]]:
    groups: dict[str, list[Training]] = defaultdict(list)
    for training in sorted(trainings, key=lambda t: swedish_order(t.title)):
        for key in dict.fromkeys(keys(training)):
            groups[key].append(training)
    return groups


# --- One training ---------------------------------------------------------------------------


def training_page(catalogue: Catalogue, training: Training) -> str:
    return render(
        "training.html",
        training=training,
        active=training.status == "active",
        provider=catalogue.providers[training.provider],
        format=catalogue.formats[training.format],
        cost_fact=_cost_fact(training),
        languages=[catalogue.languages[code].label for code in training.languages],
        media=_media(training),
        municipalities=[catalogue.municipalities[m] for m in training.municipalities],
        topics=[catalogue.topics[t] for t in training.topics],
        roles=[catalogue.roles[r] for r in training.roles],
        description=markdown_html(training.description),
        in_paths=in_paths(catalogue, training),
        sessions=[
            (s, catalogue.municipalities[s.municipality].name if s.municipality else "")
            for s in sorted(training.sessions, key=lambda s: (s.date, s.start))
        ],
        json_ld=course_json_ld(catalogue, training),
    )


def in_paths(catalogue: Catalogue, training: Training) -> list[tuple[LearningPath, Requirement, str]]:
    """Each path step with the training, and whom it is mandatory or recommended for: what the
    training's page (and its search record) says of it."""
    return [
        (path, kind, names)
        for path, step in catalogue.steps_with(training.id)
        for kind, names in _who(catalogue, step)
    ]


def _who(catalogue: Catalogue, step: PathStep) -> list[tuple[Requirement, str]]:
    """Whom the step is mandatory and recommended for ("undersköterska, vårdbiträde"): the one
    wording of a step's roles."""
    found: list[tuple[Requirement, list[str]]] = [
        ("mandatory", step.mandatory_for),
        ("recommended", step.recommended_for),
    ]
    return [(kind, ", ".join(catalogue.roles[r].label.lower() for r in ids)) for kind, ids in found if ids]


def _cost_fact(training: Training) -> str:
    price = "Varierar" if training.cost_sek is None else cost(training.cost_sek)
    return f"{price}. {training.cost_note}" if training.cost_note else price


def _media(training: Training) -> str:
    media = training.media
    needs = [name for name, used in (("video", media.video), ("ljud", media.audio)) if used]
    size = f"cirka {media.download_mb:.0f} MB att ladda ner" if media.download_mb else "nästan ingen data"
    return ", ".join([*needs, size])


def course_json_ld(catalogue: Catalogue, training: Training) -> dict[str, object]:
    """schema.org Course, with a CourseInstance for each dated session."""
    provider = catalogue.providers[training.provider]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": training.title,
        "description": training.summary,
        "url": str(training.url),
        "provider": {"@type": "Organization", "name": provider.name, "sameAs": str(provider.url)},
        "inLanguage": training.languages,
        "educationalLevel": LEVEL_LABELS[training.level],
        "isAccessibleForFree": training.cost_kind() == "free",
        "about": [catalogue.topics[t].label for t in training.topics],
        "audience": [{"@type": "Audience", "audienceType": catalogue.roles[r].label} for r in training.roles],
        "timeRequired": f"PT{round(training.duration_hours * 60)}M",
    }
    if training.cost_sek is not None:
        data["offers"] = {"@type": "Offer", "price": training.cost_sek, "priceCurrency": "SEK"}
    if training.sessions:
        data["hasCourseInstance"] = [
            {
                "@type": "CourseInstance",
                "courseMode": "onsite",
                "startDate": f"{s.date.isoformat()}T{s.start}",
                "endDate": f"{s.date.isoformat()}T{s.end}",
                "location": {"@type": "Place", "name": s.place},
            }
            for s in training.sessions
        ]
    return data


# --- Pages per role ---------------------------------------------------------------------------


def role_page(
    catalogue: Catalogue, role_id: str, by_topic: dict[str, list[Training]], items: TrainingItems
) -> str:
    sections = []
    for topic in catalogue.topics.values():
        trainings = [t for t in by_topic.get(topic.id, []) if role_id in t.roles]
        if trainings:
            sections.append((topic, items.of(trainings[:ROLE_TOPIC_LIMIT]), len(trainings)))
    return render(
        "role.html",
        role=catalogue.roles[role_id],
        paths=[p for p in catalogue.paths.values() if role_id in p.roles],
        by_topic=sections,
    )


# --- Learning paths and self-assessments ------------------------------------------------------


def path_page(catalogue: Catalogue, path: LearningPath, items: TrainingItems) -> str:
    roles = [catalogue.roles[r] for r in path.roles]
    steps = [(items(catalogue.trainings[s.training]), _who(catalogue, s)) for s in path.steps]
    totals = []
    for role in roles:
        mandatory = [s for s in path.steps if role.id in s.mandatory_for]
        total = sum(catalogue.trainings[s.training].duration_hours for s in mandatory)
        totals.append((role, len(mandatory), total))
    return render(
        "path.html",
        path=path,
        description=markdown_html(path.description),
        deadline=_deadline(path),
        roles=[(role, _mandatory_count(path, role.id)) for role in roles],
        steps=steps,
        totals=totals,
    )


def _deadline(path: LearningPath) -> str:
    days = path.complete_within_days
    return f"De obligatoriska stegen ska vara klara inom {days} dagar från din första dag."


def _mandatory_count(path: LearningPath, role_id: str) -> str:
    mandatory = sum(role_id in s.mandatory_for for s in path.steps)
    recommended = sum(role_id in s.recommended_for for s in path.steps)
    parts = [count(mandatory, "obligatoriskt steg", "obligatoriska steg")] if mandatory else []
    if recommended:
        parts.append(count(recommended, "rekommenderat", "rekommenderade"))
    return " och ".join(parts) or "inga steg"


def path_role_pages(
    catalogue: Catalogue, path: LearningPath, items: TrainingItems
) -> dict[str, GeneratedPage]:
    """One page per role of the path with only that role's steps: a link per role works without JavaScript."""
    pages = {}
    for role_id in path.roles:
        role = catalogue.roles[role_id]
        title = f"{path.title} – {role.label.lower()}"
        description = f"{path.summary} Stegen för dig som är {role.label.lower()}."
        html = path_role_page(catalogue, path, role_id, items)
        pages[f"{PATH}/{path.id}/{role_id}.md"] = GeneratedPage(title, html, description)
    return pages


def path_role_page(catalogue: Catalogue, path: LearningPath, role_id: str, items: TrainingItems) -> str:
    steps = catalogue.steps_for(path, role_id)
    mandatory = any(role_id in s.mandatory_for for s in steps)
    return render(
        "path_role.html",
        path=path,
        role=catalogue.roles[role_id],
        amount=_mandatory_count(path, role_id),
        deadline=_deadline(path) if path.complete_within_days and mandatory else "",
        steps=[(s, items(catalogue.trainings[s.training], 3), s.requirement_for(role_id)) for s in steps],
        others=[catalogue.roles[r] for r in path.roles if r != role_id],
    )


def assessment_page(catalogue: Catalogue, assessment: Assessment) -> str:
    return render(
        "assessment.html",
        assessment=assessment,
        description=markdown_html(assessment.description),
        levels=sorted(assessment.scale, key=lambda level: level.value),
        areas=[(area, [catalogue.topics[t] for t in area.topics]) for area in assessment.areas],
    )


# --- Index pages ------------------------------------------------------------------------------


def index_pages(
    catalogue: Catalogue,
    by_topic: dict[str, list[Training]],
    by_provider: dict[str, list[Training]],
    by_municipality: dict[str, list[Training]],
) -> dict[str, GeneratedPage]:
    def counted(found: dict[str, list[Training]], entry_id: str) -> str:
        return f" ({count(len(found.get(entry_id, [])), 'utbildning', 'utbildningar')})"

    sections: list[tuple[str, str, list[tuple[str, str, str]], str]] = [
        (TOPIC, "Ämnen", [(t.id, t.label, counted(by_topic, t.id)) for t in catalogue.topics.values()], ""),
        (ROLE, "Roller", [(r.id, r.label, f" – {r.description}") for r in catalogue.roles.values()], ""),
        (
            PROVIDER,
            "Anordnare",
            [(p.id, p.name, counted(by_provider, p.id)) for p in catalogue.providers.values()],
            "",
        ),
        (
            MUNICIPALITY,
            "Kommuner",
            [(m.id, m.name, counted(by_municipality, m.id)) for m in catalogue.municipalities.values()],
            "Utbildningar som bara erbjuds i vissa kommuner, eller har tillfällen där.",
        ),
        (
            PATH,
            "Utbildningsvägar",
            [(p.id, p.title, f" – {p.summary}") for p in catalogue.paths.values()],
            "",
        ),
        (
            ASSESSMENT,
            "Självskattningar",
            [(a.id, a.title, f" – {a.summary}") for a in catalogue.assessments.values()],
            "",
        ),
    ]
    return {
        f"{section}/index.md": GeneratedPage(
            title, render("index.html", section=section, title=title, entries=entries, intro=intro)
        )
        for section, title, entries, intro in sections
    }
