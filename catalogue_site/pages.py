"""The catalogue as site pages: {path inside the site source: Markdown text}.

Knows the catalogue and HTML, nothing of the site generator: a hook (or any other static-site
tool) adds these pages to the build. Every page is at most two folders deep and links with
relative URLs, so the site works under any base path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from catalogue.model import (
    COST_LABELS,
    LEVEL_LABELS,
    SIGN_IN_LABELS,
    SIGNUP_LABELS,
    Assessment,
    Catalogue,
    LearningPath,
    PathStep,
    ScaleLevel,
    Statement,
    Training,
)
from catalogue_site.wording import (
    ASSESSMENT,
    FINDER,
    MUNICIPALITY,
    PATH,
    PROVIDER,
    ROLE,
    SIGN_IN,
    TOPIC,
    TRAINING,
    cost,
    count,
    e,
    hours,
    href,
    item_list,
    joined,
    link,
    markdown_html,
    table,
    yes_no,
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


def site_pages(catalogue: Catalogue) -> dict[str, GeneratedPage]:
    """Every generated page of the site, keyed by its source path (e.g. utbildning/x.md)."""
    pages: dict[str, GeneratedPage] = {}
    active = catalogue.active_trainings()
    by_topic = _group(active, lambda t: t.topics)
    by_provider = _group(active, lambda t: [t.provider])
    by_municipality = _group(active, Training.offered_in)
    for t in catalogue.trainings.values():
        pages[f"{TRAINING}/{t.id}.md"] = GeneratedPage(t.title, training_page(catalogue, t), t.summary)
    for topic in catalogue.topics.values():
        html = topic_page(catalogue, topic.id, by_topic[topic.id])
        pages[f"{TOPIC}/{topic.id}.md"] = GeneratedPage(topic.label, html, topic.description)
    for role in catalogue.roles.values():
        html = role_page(catalogue, role.id, by_topic)
        pages[f"{ROLE}/{role.id}.md"] = GeneratedPage(role.label, html, role.description)
    for provider in catalogue.providers.values():
        html = provider_page(catalogue, provider.id, by_provider[provider.id])
        pages[f"{PROVIDER}/{provider.id}.md"] = GeneratedPage(provider.name, html, provider.description)
    for place in catalogue.municipalities.values():
        html = municipality_page(catalogue, place.id, by_municipality[place.id])
        description = f"Utbildningar för personal i vård och omsorg i {place.name}."
        pages[f"{MUNICIPALITY}/{place.id}.md"] = GeneratedPage(place.name, html, description)
    for path in catalogue.paths.values():
        pages[f"{PATH}/{path.id}.md"] = GeneratedPage(path.title, path_page(catalogue, path), path.summary)
        pages.update(path_role_pages(catalogue, path))
    for assessment in catalogue.assessments.values():
        html = assessment_page(catalogue, assessment)
        pages[f"{ASSESSMENT}/{assessment.id}.md"] = GeneratedPage(assessment.title, html, assessment.summary)
    pages.update(index_pages(catalogue, by_topic, by_provider, by_municipality))
    return pages


def _group(
    trainings: Iterable[Training], keys: Callable[[Training], Iterable[str]]
) -> dict[str, list[Training]]:
    groups: dict[str, list[Training]] = defaultdict(list)
    for training in sorted(trainings, key=lambda t: t.title.casefold()):
        for key in dict.fromkeys(keys(training)):
            groups[key].append(training)
    return groups


def training_item(catalogue: Catalogue, training: Training, depth: int = 2) -> str:
    """One line in a list of trainings: the title as a link, then the facts that sort it."""
    facts = [
        catalogue.formats[training.format].label,
        hours(training.duration_hours),
        cost(training.cost_sek),
        catalogue.providers[training.provider].name,
    ]
    title = link(href(TRAINING, training.id, depth), training.title)
    return f'{title}<br><span class="ok-meta">{e(" · ".join(facts))}</span>'


def training_list(catalogue: Catalogue, trainings: Iterable[Training], depth: int = 2) -> str:
    return item_list((training_item(catalogue, t, depth) for t in trainings), "ok-list")


def finder_link(text: str, depth: int = 2, **filters: str) -> str:
    query = "&amp;".join(f"{key}={e(value)}" for key, value in filters.items())
    return f'<a href="{"../" * depth}{FINDER}/?{query}">{e(text)}</a>'


# --- One training ---------------------------------------------------------------------------


def training_page(catalogue: Catalogue, training: Training) -> str:
    """A training's page; search indexes its title, summary, link and description, not the facts list
    (label and value would run together in a result) or the staff section."""
    provider = catalogue.providers[training.provider]
    archived = (
        '<p class="ok-notice"><strong>Arkiverad:</strong> utbildningen erbjuds inte längre.</p>\n\n'
        if training.status == "archived"
        else ""
    )
    button = (
        f'<p><a class="md-button md-button--primary ok-go" href="{e(training.url)}">'
        f"Gå till utbildningen hos {e(provider.name)}</a></p>"
    )
    parts = [
        f"<h1>{e(training.title)}</h1>",
        archived + f'<p class="ok-lead">{e(training.summary)}</p>\n',
        button + "\n",
        _facts(catalogue, training) + "\n",
        "<h2>Om utbildningen</h2>",
        markdown_html(training.description),
        _in_paths(catalogue, training),
    ]
    if training.status == "active":
        parts.append(_signup(catalogue, training))
        parts.append(_mark_done(training))
    parts.append(f"<div data-pagefind-ignore>{_sources(training)}</div>")
    # An archived training is no search result: there is nothing to sign up for.
    indexed = " data-pagefind-body" if training.status == "active" else ""
    json_ld = f'<script type="application/ld+json">{course_json_ld(catalogue, training)}</script>\n'
    return f"<div{indexed}>\n" + "\n".join(parts) + "\n</div>\n" + json_ld


def _signup(catalogue: Catalogue, training: Training) -> str:
    """How to get a place: the way, what to know, and the dated sessions where there are any."""
    note = f"<p>{e(training.signup.note)}</p>" if training.signup.note else ""
    sessions = "<h3>Tillfällen</h3>" + _sessions(catalogue, training) if training.sessions else ""
    return (
        f'<section class="ok-signup"><h2>Så anmäler du dig</h2>'
        f"<p><strong>{e(SIGNUP_LABELS[training.signup.kind])}</strong></p>{note}{sessions}</section>\n"
    )


def _in_paths(catalogue: Catalogue, training: Training) -> str:
    """Who must or should take it, from the path steps alone: the page never says it otherwise."""
    items = [
        f"{who} i {link(href(PATH, path.id), path.title)}"
        for path, step in catalogue.steps_with(training.id)
        for who in _who(catalogue, step)
    ]
    return "<h2>I utbildningsvägar</h2>" + item_list(items) + "\n" if items else ""


def _sources(training: Training) -> str:
    if not training.sources:
        return ""
    items = (f"{link(str(s.url), str(s.url))}, läst {e(s.read_on.isoformat())}" for s in training.sources)
    return '<h2>Källor</h2><ul class="ok-sources">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>\n"


def _mark_done(training: Training) -> str:
    """Where the shared script puts "Markera som genomförd"; without it, a pointer to signing in."""
    return (
        f'<section class="ok-done" data-course="{e(training.id)}" data-title="{e(training.title)}"'
        " data-pagefind-ignore>"
        "<h2>Har du gått utbildningen?</h2>"
        f'<p><a href="{href(SIGN_IN)}">Logga in</a> så kan du markera den som genomförd och '
        "berätta hur användbar den var.</p></section>\n"
    )


def _facts(catalogue: Catalogue, training: Training) -> str:
    """The facts at a glance; the search page's filters (topic, format, cost) are read from here."""
    rows = [
        ("Format", _filter("Format", e(catalogue.formats[training.format].label))),
        ("Längd", e(hours(training.duration_hours))),
        ("Kostnad", _filter(f"Kostnad:{COST_LABELS[training.cost_kind()]}", e(_cost_fact(training)))),
        ("Språk", e(joined(catalogue.languages[code].label for code in training.languages))),
        ("Fungerar i mobilen", yes_no(training.works_on_phone)),
        ("Inloggning", e(SIGN_IN_LABELS[training.sign_in])),
        ("Behöver", e(_media(training))),
        ("Intyg", yes_no(training.certificate)),
        ("Förnyas", e(f"Efter {training.renewal_months} månader" if training.renewal_months else "Nej")),
        ("Erbjuds i", _where(catalogue, training)),
        ("Nivå", e(LEVEL_LABELS[training.level])),
        ("Anordnare", link(href(PROVIDER, training.provider), catalogue.providers[training.provider].name)),
        ("Ämnen", _topics(catalogue, training)),
        ("För", joined(link(href(ROLE, r), catalogue.roles[r].label) for r in training.roles)),
    ]
    if training.funding:
        rows.append(("Kan ingå i", e(joined(_FUNDING[f] for f in training.funding))))
    if not training.unverified:  # facts still unchecked were not fully reviewed: no date claims they were
        rows.append(("Senast granskad", e(f"{training.last_reviewed.isoformat()} av {training.owner}")))
    items = "".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in rows)
    return f'<dl class="ok-facts" data-pagefind-ignore>{items}</dl>'


def _topics(catalogue: Catalogue, training: Training) -> str:
    return joined(_filter("Ämne", link(href(TOPIC, t), catalogue.topics[t].label)) for t in training.topics)


def _filter(name: str, html: str) -> str:
    """`html` tagged as a value of the search page's filter `name` ("Format", or "Kostnad:Gratis")."""
    return f'<span data-pagefind-filter="{e(name)}">{html}</span>'


def _cost_fact(training: Training) -> str:
    price = "Varierar" if training.cost_sek is None else cost(training.cost_sek)
    return f"{price}. {training.cost_note}" if training.cost_note else price


_FUNDING = {"aldreomsorgslyftet": "Äldreomsorgslyftet", "esf": "Europeiska socialfonden (ESF)"}


def _media(training: Training) -> str:
    media = training.media
    needs = [name for name, used in (("video", media.video), ("ljud", media.audio)) if used]
    size = f"cirka {media.download_mb:.0f} MB att ladda ner" if media.download_mb else "nästan ingen data"
    return (joined(needs) + ", " if needs else "") + size


def _where(catalogue: Catalogue, training: Training) -> str:
    if not training.municipalities:
        return "Hela landet"
    return joined(
        link(href(MUNICIPALITY, m), catalogue.municipalities[m].name) for m in training.municipalities
    )


def _sessions(catalogue: Catalogue, training: Training) -> str:
    rows = [
        [
            e(session.date.isoformat()),
            e(f"{session.start}–{session.end}"),
            e(session.place),
            e(catalogue.municipalities[session.municipality].name if session.municipality else ""),
            e(session.seats or ""),
        ]
        for session in sorted(training.sessions, key=lambda s: (s.date, s.start))
    ]
    return table(["Datum", "Tid", "Plats", "Kommun", "Platser"], rows)


def course_json_ld(catalogue: Catalogue, training: Training) -> str:
    """schema.org Course, with a CourseInstance for each dated session; safe inside <script>."""
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
        "timeRequired": _iso_duration(training.duration_hours),
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
    # "</" must not appear inside a script element.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _iso_duration(value: float) -> str:
    return f"PT{round(value * 60)}M"


# --- Pages per topic, role, provider, municipality ----------------------------------------


def topic_page(catalogue: Catalogue, topic_id: str, trainings: list[Training]) -> str:
    topic = catalogue.topics[topic_id]
    return "\n".join(
        [
            f"<h1>{e(topic.label)}</h1>",
            f'<p class="ok-lead">{e(topic.description)}</p>\n',
            f"<p>{e(count(len(trainings), 'utbildning', 'utbildningar'))} i ämnet. "
            f"{finder_link('Filtrera dem efter roll, format och längd', amne=topic_id)}.</p>\n",
            training_list(catalogue, trainings) + "\n",
        ]
    )


def role_page(catalogue: Catalogue, role_id: str, by_topic: dict[str, list[Training]]) -> str:
    role = catalogue.roles[role_id]
    paths = [p for p in catalogue.paths.values() if role_id in p.roles]
    parts = [f"<h1>{e(role.label)}</h1>", f'<p class="ok-lead">{e(role.description)}</p>\n']
    if paths:
        links = (f"{link(href(PATH, p.id), p.title)} – {e(p.summary)}" for p in paths)
        parts.append("<h2>Utbildningsvägar</h2>" + item_list(links) + "\n")
    parts.append("<h2>Utbildningar per ämne</h2>")
    for topic in catalogue.topics.values():
        trainings = [t for t in by_topic.get(topic.id, []) if role_id in t.roles]
        if not trainings:
            continue
        parts.append(f"<h3>{e(topic.label)}</h3>")
        parts.append(training_list(catalogue, trainings[:ROLE_TOPIC_LIMIT]) + "\n")
        if len(trainings) > ROLE_TOPIC_LIMIT:
            text = f"Alla {len(trainings)} utbildningar i ämnet för {role.label.lower()}"
            parts.append(f"<p>{finder_link(text, roll=role_id, amne=topic.id)}</p>\n")
    return "\n".join(parts)


def provider_page(catalogue: Catalogue, provider_id: str, trainings: list[Training]) -> str:
    provider = catalogue.providers[provider_id]
    return "\n".join(
        [
            f"<h1>{e(provider.name)}</h1>",
            f'<p class="ok-lead">{e(provider.description)}</p>\n',
            f"<p>Webbplats: {link(str(provider.url), str(provider.url))}</p>\n",
            f"<h2>{e(count(len(trainings), 'utbildning', 'utbildningar'))}</h2>",
            training_list(catalogue, trainings) + "\n",
        ]
    )


def municipality_page(catalogue: Catalogue, municipality_id: str, trainings: list[Training]) -> str:
    municipality = catalogue.municipalities[municipality_id]
    nationwide = sum(not t.municipalities for t in catalogue.active_trainings())
    return "\n".join(
        [
            f"<h1>{e(municipality.name)}</h1>",
            f'<p class="ok-lead">{e(municipality.name)} i {e(municipality.county)}.</p>\n',
            "<h2>Utbildningar här</h2>",
            "<p>Utbildningar som erbjuds i kommunen eller har tillfällen här.</p>\n",
            training_list(catalogue, trainings) + "\n",
            "<h2>Utbildningar i hela landet</h2>",
            f"<p>{e(count(nationwide, 'utbildning', 'utbildningar'))} kan gås var du än bor. "
            f"{finder_link('Se alla utbildningar för kommunen', kommun=municipality_id)}.</p>\n",
        ]
    )


# --- Learning paths and self-assessments ------------------------------------------------------


def path_page(catalogue: Catalogue, path: LearningPath) -> str:
    roles = [catalogue.roles[r] for r in path.roles]
    steps = "".join(f"<li>{_step(catalogue, step)}</li>" for step in path.steps)
    choices = (
        f"{link(href(PATH, f'{path.id}/{r.id}'), r.label)} – {e(_mandatory_count(path, r.id))}" for r in roles
    )
    return "\n".join(
        [
            f"<h1>{e(path.title)}</h1>",
            f'<p class="ok-lead">{e(path.summary)}</p>\n',
            markdown_html(path.description),
            f"<p>{_deadline(path)}</p>\n" if path.complete_within_days else "",
            "<h2>Välj din roll</h2>",
            "<p>Då ser du bara dina steg, de obligatoriska först.</p>\n",
            item_list(choices, "ok-roles") + "\n",
            "<h2>Alla steg i ordning</h2>",
            f'<ol class="ok-steps">{steps}</ol>\n',
            _path_totals(catalogue, path) + "\n",
        ]
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


def path_role_pages(catalogue: Catalogue, path: LearningPath) -> dict[str, GeneratedPage]:
    """One page per role of the path with only that role's steps: a link per role works without JavaScript."""
    pages = {}
    for role_id in path.roles:
        role = catalogue.roles[role_id]
        title = f"{path.title} – {role.label.lower()}"
        description = f"{path.summary} Stegen för dig som är {role.label.lower()}."
        html = path_role_page(catalogue, path, role_id)
        pages[f"{PATH}/{path.id}/{role_id}.md"] = GeneratedPage(title, html, description)
    return pages


def steps_for(path: LearningPath, role_id: str) -> list[PathStep]:
    """The steps of `path` for `role_id`: mandatory first, then recommended, each in path order."""
    mine = [s for s in path.steps if role_id in s.mandatory_for or role_id in s.recommended_for]
    return sorted(mine, key=lambda step: role_id not in step.mandatory_for)


def path_role_page(catalogue: Catalogue, path: LearningPath, role_id: str) -> str:
    role = catalogue.roles[role_id]
    steps = steps_for(path, role_id)
    items = "".join(
        f'<li data-training="{e(s.training)}">{_role_step(catalogue, s, role_id)}</li>' for s in steps
    )
    others = joined(
        link(href(PATH, f"{path.id}/{r}", 3), catalogue.roles[r].label) for r in path.roles if r != role_id
    )
    amount = _mandatory_count(path, role_id)
    due = (
        f'<p class="ok-due" data-path="{e(path.id)}" data-days="{path.complete_within_days}">'
        f"{_deadline(path)}</p>\n"
        if path.complete_within_days and any(role_id in s.mandatory_for for s in steps)
        else ""
    )
    return "\n".join(
        [
            f"<h1>{e(path.title)}</h1>",
            f'<p class="ok-lead">Dina steg som {e(role.label.lower())}: {e(amount)}.</p>\n',
            due,
            f'<ol class="ok-steps">{items}</ol>\n' if steps else "<p>Inga steg för din roll.</p>\n",
            f"<p>{link(href(PATH, path.id, 3), 'Hela utbildningsvägen')}"
            + (f". Andra roller: {others}" if others else "")
            + ".</p>\n",
        ]
    )


def _role_step(catalogue: Catalogue, step: PathStep, role_id: str) -> str:
    kind = "Obligatorisk" if role_id in step.mandatory_for else "Rekommenderad"
    item = training_item(catalogue, catalogue.trainings[step.training], 3)
    return f'{item}<br><span class="ok-role"><strong>{kind}</strong></span>'


def _step(catalogue: Catalogue, step: PathStep) -> str:
    item = training_item(catalogue, catalogue.trainings[step.training])
    return item + "".join(f'<br><span class="ok-role">{who}</span>' for who in _who(catalogue, step))


def _who(catalogue: Catalogue, step: PathStep) -> list[str]:
    """'Obligatorisk för undersköterska' and 'Rekommenderad för …': the one wording of a step's roles."""
    found = []
    for label, role_ids in (("Obligatorisk", step.mandatory_for), ("Rekommenderad", step.recommended_for)):
        if role_ids:
            names = joined(e(catalogue.roles[r].label.lower()) for r in role_ids)
            found.append(f"<strong>{label}</strong> för {names}")
    return found


def _path_totals(catalogue: Catalogue, path: LearningPath) -> str:
    lines = []
    for role_id in path.roles:
        mandatory = [s for s in path.steps if role_id in s.mandatory_for]
        total = sum(catalogue.trainings[s.training].duration_hours for s in mandatory)
        amount = count(len(mandatory), "obligatoriskt steg", "obligatoriska steg") if mandatory else "inga"
        time = f", {hours(total)}" if mandatory else " obligatoriska steg"
        lines.append(f"{e(catalogue.roles[role_id].label)}: {e(amount + time)}")
    return "<h2>Tid för de obligatoriska stegen</h2>" + item_list(lines)


def assessment_page(catalogue: Catalogue, assessment: Assessment) -> str:
    scale = item_list(
        f"<strong>{level.value}. {e(level.label)}</strong> – {e(level.description)}"
        for level in sorted(assessment.scale, key=lambda level: level.value)
    )
    parts = [
        f"<h1>{e(assessment.title)}</h1>",
        f'<p class="ok-lead">{e(assessment.summary)}</p>\n',
        markdown_html(assessment.description),
        f"<p>Bygger på: {e(assessment.source)}.</p>\n",
        "<h2>Skalan</h2>",
        scale + "\n",
        f'<form class="ok-assessment" data-assessment="{e(assessment.id)}" novalidate>',
    ]
    levels = sorted(assessment.scale, key=lambda level: level.value)
    for area in assessment.areas:
        topics = joined(link(href(TOPIC, t), catalogue.topics[t].label) for t in area.topics)
        statements = "".join(_statement(s, levels) for s in area.statements)
        parts.append(f"<h2>{e(area.title)}</h2>")
        parts.append(f"<p>Ämnen: {topics}</p>\n{statements}\n")
    parts.append(ASSESSMENT_END)
    return "\n".join(parts)


ASSESSMENT_END = (
    '<p class="ok-submit" hidden><button type="submit" class="md-button md-button--primary">'
    "Spara och visa mina tips</button></p></form>\n"
    '<noscript><p class="ok-notice">Att spara dina svar och få tips på utbildningar kräver '
    "JavaScript, som är avstängt i din webbläsare.</p></noscript>\n"
    '<div id="ok-result" aria-live="polite"></div>\n'
)


def _statement(statement: Statement, levels: list[ScaleLevel]) -> str:
    """One statement as a group of radio buttons, one per level of the scale."""
    choices = "".join(
        f'<label><input type="radio" name="{e(statement.id)}" value="{level.value}"> {e(level.label)}</label>'
        for level in levels
    )
    return f'<fieldset class="ok-statement"><legend>{e(statement.text)}</legend>{choices}</fieldset>'


# --- Index pages ------------------------------------------------------------------------------


def index_pages(
    catalogue: Catalogue,
    by_topic: dict[str, list[Training]],
    by_provider: dict[str, list[Training]],
    by_municipality: dict[str, list[Training]],
) -> dict[str, GeneratedPage]:
    def counted(section: str, entry_id: str, text: str, found: dict[str, list[Training]]) -> str:
        amount = count(len(found.get(entry_id, [])), "utbildning", "utbildningar")
        return f"{link(href(section, entry_id, 1), text)} ({e(amount)})"

    topics = (counted(TOPIC, t.id, t.label, by_topic) for t in catalogue.topics.values())
    roles = (f"{link(href(ROLE, r.id, 1), r.label)} – {e(r.description)}" for r in catalogue.roles.values())
    providers = (counted(PROVIDER, p.id, p.name, by_provider) for p in catalogue.providers.values())
    places = (counted(MUNICIPALITY, m.id, m.name, by_municipality) for m in catalogue.municipalities.values())
    paths = (f"{link(href(PATH, p.id, 1), p.title)} – {e(p.summary)}" for p in catalogue.paths.values())
    assessments = (
        f"{link(href(ASSESSMENT, a.id, 1), a.title)} – {e(a.summary)}" for a in catalogue.assessments.values()
    )
    municipalities_intro = "<p>Utbildningar som bara erbjuds i vissa kommuner, eller har tillfällen där.</p>"
    return {
        f"{TOPIC}/index.md": _index("Ämnen", item_list(topics)),
        f"{ROLE}/index.md": _index("Roller", item_list(roles)),
        f"{PROVIDER}/index.md": _index("Anordnare", item_list(providers)),
        f"{MUNICIPALITY}/index.md": _index("Kommuner", municipalities_intro + item_list(places)),
        f"{PATH}/index.md": _index("Utbildningsvägar", item_list(paths)),
        f"{ASSESSMENT}/index.md": _index("Självskattningar", item_list(assessments)),
    }


def _index(title: str, body: str) -> GeneratedPage:
    return GeneratedPage(title, f"<h1>{e(title)}</h1>\n{body}\n")
