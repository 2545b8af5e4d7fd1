"""What a visitor gets from the built site, read from its files (no browser needed)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from catalogue import Catalogue
from tests.support.site_build import ROOT, TEST_ASSESSMENT, TEST_PATH, build

SITE_ROOT = "http://site.invalid/"


class Parsed(HTMLParser):
    """Links, asset references, JSON-LD blocks, the h1 and the html lang of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.json_ld: list[str] = []
        self.h1 = ""
        self.lang = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag in ("link", "script", "img", "source", "iframe") and (found.get("src") or found.get("href")):
            self.assets.append(found.get("src") or found["href"])
        if tag == "script" and found.get("type") == "application/ld+json":
            self._in = "json_ld"
        if tag == "h1":
            self._in = "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "h1"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "json_ld":
            self.json_ld.append(data)
        elif self._in == "h1":
            self.h1 += data


def parse(path: Path) -> Parsed:
    return Parsed(path.read_text(encoding="utf-8"))


def page(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"


def test_every_training_has_its_page_with_a_button_to_the_provider(site: Path, catalogue: Catalogue) -> None:
    for training in catalogue.trainings.values():
        parsed = parse(page(site, f"utbildning/{training.id}"))
        assert parsed.h1.strip() == training.title
        assert str(training.url) in parsed.links
        assert parsed.lang == "sv"


# Served by the progress service beside the site, not built into it (tests/service checks them).
SERVICE_PATHS = ("/hantera/", "/api/")


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken = []
    for html in site.rglob("*.html"):
        url = SITE_ROOT + html.relative_to(site).as_posix()
        parsed = parse(html)
        for reference in parsed.links + parsed.assets:
            target = urlsplit(urljoin(url, reference))
            if f"{target.scheme}://{target.netloc}/" != SITE_ROOT or target.path.startswith(SERVICE_PATHS):
                continue
            file = site / target.path.lstrip("/")
            if not (file.is_file() or (file / "index.html").is_file()):
                broken.append(f"{html.relative_to(site)} -> {reference}")
    assert broken == []


# The menu's links; a page's table of contents (links to its own headings, with a #) is its own.
NAV_LINK = re.compile(r'<a href="([^"#]*)" class="md-nav__link')


def test_the_navigation_leads_to_the_same_pages_from_every_page(site: Path) -> None:
    """Pages of a folder share a shell rendered once: its menu must be right for every page in it."""
    start = {urljoin(SITE_ROOT, href) for href in NAV_LINK.findall((site / "index.html").read_text())}
    start = {link.removesuffix("index.html") for link in start}
    wrong = []
    for html in site.rglob("index.html"):
        url = SITE_ROOT + html.relative_to(site).as_posix()
        links = NAV_LINK.findall(html.read_text(encoding="utf-8"))
        targets = {urljoin(url, href).removesuffix("index.html") for href in links}
        if targets != start:
            wrong.append(f"{html.relative_to(site)}: {sorted(targets ^ start)}")
    assert len(start) > 3
    assert wrong == []


def test_no_asset_comes_from_another_host(site: Path) -> None:
    foreign = [
        (str(html.relative_to(site)), asset)
        for html in site.rglob("*.html")
        for asset in parse(html).assets
        if urlsplit(asset).netloc
    ]
    assert foreign == []


def test_json_ld_describes_each_course_and_names_its_provider(site: Path, catalogue: Catalogue) -> None:
    for training in catalogue.trainings.values():
        (block,) = parse(page(site, f"utbildning/{training.id}")).json_ld
        data = json.loads(block)
        assert data["@type"] == "Course"
        assert data["name"] == training.title
        assert data["provider"]["name"] == catalogue.providers[training.provider].name
        instances = data.get("hasCourseInstance", [])
        assert [i["startDate"][:10] for i in instances] == [s.date.isoformat() for s in training.sessions]


def test_training_pages_stay_out_of_the_navigation(site: Path, catalogue: Catalogue) -> None:
    training = next(iter(catalogue.trainings))
    text = page(site, f"utbildning/{training}").read_text(encoding="utf-8")
    start = text.index('class="md-nav md-nav--primary"')  # the inline CSS names the class too
    nav = text[start : text.index("</nav>", start)]
    assert re.search(r"(?<![-\w])utbildning/", nav) is None
    assert "Hitta utbildning" in nav


def test_the_finders_files_are_in_the_site_and_hold_every_active_training(
    site: Path, catalogue: Catalogue
) -> None:
    finder = site / "assets" / "finder"
    start = json.loads((finder / "start.json").read_text(encoding="utf-8"))
    rows = [
        row
        for file in sorted((finder / start["folder"]).glob("rader-*.json"))
        for row in json.loads(file.read_text(encoding="utf-8"))
    ]
    assert sorted(row[0] for row in rows) == sorted(t.id for t in catalogue.active_trainings())
    for topic in catalogue.topics:
        assert (finder / start["folder"] / f"amne-{topic}.json").is_file()


def test_catalogue_csv_opens_in_swedish_excel(site: Path, catalogue: Catalogue) -> None:
    raw = (site / "omsorgskatalogen.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert not text.lower().startswith("sep=")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Id", "Titel", "Anordnare"]
    assert len(rows) - 1 == len(catalogue.trainings)
    by_id = {row[0]: row for row in rows[1:]}
    hours, last_day = rows[0].index("Timmar"), rows[0].index("Går att göra till och med")
    for training in catalogue.trainings.values():
        assert by_id[training.id][hours] == f"{training.duration_hours:g}".replace(".", ",")
        assert by_id[training.id][last_day] == (str(training.available_until or ""))
    assert any(row[last_day] for row in rows[1:])  # a date where the provider gave one
    assert any(link.endswith("omsorgskatalogen.csv") for link in parse(page(site, "nulage")).links)


def test_path_page_lists_steps_in_order_with_mandatory_roles(site: Path, catalogue: Catalogue) -> None:
    path = catalogue.paths[TEST_PATH]
    text = page(site, f"vag/{TEST_PATH}").read_text(encoding="utf-8")
    positions = [text.index(f"utbildning/{step.training}/") for step in path.steps]
    assert positions == sorted(positions)
    assert "Obligatorisk" in text and "Rekommenderad" in text
    assert "inom 30 dagar" in text


def test_assessment_page_shows_scale_and_statements(site: Path) -> None:
    text = page(site, f"sjalvskattning/{TEST_ASSESSMENT}").read_text(encoding="utf-8")
    assert "Jag kan det här." in text
    assert all(f"Nivå {v}" in text for v in range(1, 5))


def test_pages_per_topic_role_provider_and_municipality(site: Path, catalogue: Catalogue) -> None:
    training = catalogue.active_trainings()[0]
    for section, entry in (
        ("amne", training.topics[0]),
        ("roll", training.roles[0]),
        ("anordnare", training.provider),
    ):
        assert f"utbildning/{training.id}/" in page(site, f"{section}/{entry}").read_text(encoding="utf-8")
    for municipality in catalogue.municipalities:
        assert page(site, f"kommun/{municipality}").is_file()


def test_catalogue_text_cannot_link_to_script(site: Path) -> None:
    page = (site / "vag" / TEST_PATH / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://www.socialstyrelsen.se/">Läs mer</a>' in page
    assert "<a>Klicka</a>" in page
    assert not [p for p in site.rglob("*.html") if "javascript:" in p.read_text(encoding="utf-8").lower()]


def test_our_scripts_ship_minified(site: Path) -> None:
    docs = ROOT / "docs"
    for source in [docs / "sw.js", *sorted((docs / "assets").glob("*.js"))]:
        plain = site / source.relative_to(docs)  # sw.js and site.js; other modules are fingerprinted
        [file] = [plain] if plain.is_file() else plain.parent.glob(f"{plain.stem}.*.min.js")
        built = file.read_text(encoding="utf-8")
        assert "\n  " not in built, f"{source.name} is shipped indented"
        assert len(built) < 0.9 * len(source.read_text(encoding="utf-8")), source.name


def test_search_index_is_built_in_swedish(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "sv" in entry["languages"]
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_invalid_catalogue_fails_the_build_with_the_problem_line(catalogue_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "content"
    shutil.copytree(catalogue_dir, broken)
    training = sorted((broken / "trainings").glob("*.yml"))[0]
    text = training.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("provider:"))
    training.write_text(text.replace("\nprovider: ", "\nprovider: ingen-sadan-"), encoding="utf-8")
    result = build(broken, tmp_path / "out")
    assert result.returncode != 0
    assert f"{training.name}:{line}: provider: okänd anordnare" in result.stdout + result.stderr


def test_start_page_counts_trainings_in_good_swedish(site: Path, catalogue: Catalogue) -> None:
    amount = len(catalogue.active_trainings())
    noun = "utbildning" if amount == 1 else "utbildningar"
    text = page(site, "").read_text(encoding="utf-8")
    assert f"samlar {amount} {noun} från" in text


def text_of(html: str) -> str:
    """What a reader sees of a page: no scripts, styles or tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_editorial_doubt_stays_in_nulage_and_review_dates_only_where_reviewed(
    site: Path, catalogue: Catalogue
) -> None:
    doubtful = [t for t in catalogue.active_trainings() if t.unverified]
    assert doubtful, "the test needs a training with an unverified note"
    nulage = text_of(page(site, "nulage").read_text(encoding="utf-8"))
    for training in catalogue.trainings.values():
        text = text_of(page(site, f"utbildning/{training.id}").read_text(encoding="utf-8"))
        assert "Ej kontrollerat" not in text
        if training.unverified:
            assert training.unverified not in text
            assert "Senast granskad" not in text
        else:
            assert f"Senast granskad {training.last_reviewed.isoformat()}" in text
    for training in doubtful:
        assert " ".join(str(training.unverified).split()) in nulage


def test_start_page_counts_only_providers_with_something_to_offer(site: Path, catalogue: Catalogue) -> None:
    offering = {t.provider for t in catalogue.active_trainings()}
    assert len(offering) < len(catalogue.providers), "the test needs a provider without active trainings"
    text = text_of(page(site, "").read_text(encoding="utf-8"))
    assert f"från {len(offering)} anordnare" in text


def test_path_page_links_a_page_per_role_with_only_her_steps_mandatory_first(
    site: Path, catalogue: Catalogue
) -> None:
    path = catalogue.paths[TEST_PATH]
    overview = parse(page(site, f"vag/{TEST_PATH}"))
    for role_id in path.roles:
        assert f"../../vag/{TEST_PATH}/{role_id}/" in overview.links
        html = page(site, f"vag/{TEST_PATH}/{role_id}").read_text(encoding="utf-8")
        mine = [s for s in path.steps if role_id in s.mandatory_for + s.recommended_for]
        others = [s for s in path.steps if s not in mine]
        steps = re.findall(r'<li data-training="([^"]+)"', html)
        expected = [s.training for s in mine if role_id in s.mandatory_for]
        expected += [s.training for s in mine if role_id not in s.mandatory_for]
        assert steps == expected
        assert all(f"utbildning/{s.training}/" not in html for s in others)
        links = parse(page(site, f"vag/{TEST_PATH}/{role_id}")).links
        assert f"../../../utbildning/{expected[0]}/" in links


def built_with_site_url(catalogue_dir: Path, out: Path) -> Path:
    result = build(catalogue_dir, out, OMSORG_SITE_URL="https://omsorg.example.se/katalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def head_tag(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    return unescape(found.group(1)) if found else ""


def test_with_a_site_url_every_page_names_itself_for_search_engines_and_link_previews(
    catalogue_dir: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    site = built_with_site_url(catalogue_dir, tmp_path / "site")
    canonicals: dict[str, str] = {}
    for html_file in site.rglob("index.html"):
        html = html_file.read_text(encoding="utf-8")
        folder = html_file.parent.relative_to(site).as_posix()
        expected = "https://omsorg.example.se/katalog/" + ("" if folder == "." else folder + "/")
        assert head_tag(html, r'<link rel="canonical" href="([^"]*)"') == expected
        assert head_tag(html, r'<meta property="og:url" content="([^"]*)"') == expected
        canonicals[folder] = expected
    assert len(set(canonicals.values())) == len(canonicals) > len(catalogue.trainings)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<loc>([^<]*)</loc>", sitemap)) == set(canonicals.values())
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    for training in catalogue.trainings.values():
        html = (site / "utbildning" / training.id / "index.html").read_text(encoding="utf-8")
        assert head_tag(html, r'<meta name="description" content="([^"]*)"') == training.summary
        assert head_tag(html, r'<meta property="og:description" content="([^"]*)"') == training.summary
        assert head_tag(html, r'<meta property="og:title" content="([^"]*)"') == training.title


# Each thing has one name on the site; these are the other names it must not go by.
BANNED = {
    r"\butbildar(e|en|na)\b": "anordnare",
    r"\bkursanordnar": "anordnare",
    r"\barrangör": "anordnare",
    r"\b(diplom|certifikat|kursbevis)": "intyg",
    r"\blärv(ä|a)g": "utbildningsväg",
    r"\b(vårdtagare|omsorgstagare)": "brukare",
    # "enhet" is the workplace unit, never the phone or tablet.
    r"\b(sparad|sparat|sparade|sparas|spara) på enheten|\bden här enheten|\bdelar på enheten|från enheten": (
        "i telefonen eller surfplattan"
    ),
}


def test_one_term_per_thing_across_the_site(site: Path) -> None:
    found = []
    readable = [*site.rglob("*.html"), *(site / "assets").glob("*.js"), site / "sw.js"]
    for file in readable:
        raw = file.read_text(encoding="utf-8")
        # Addresses are not wording: a source's URL may say "diplomering".
        text = re.sub(r"https?://\S+", " ", text_of(raw) if file.suffix == ".html" else raw)
        for pattern, term in BANNED.items():
            found += [
                f"{file.relative_to(site)}: '{m.group(0)}' (säg {term})"
                for m in re.finditer(pattern, text, re.I)
            ]
    assert found == []


def test_every_visible_text_is_swedish(site: Path) -> None:
    english = re.compile(
        r"\b(Made with|Material for MkDocs|Previous|Next|Search|Skip to content|Back to top)\b"
    )
    found = [
        f"{html.relative_to(site)}: {m.group(0)}"
        for html in site.rglob("*.html")
        for m in english.finditer(text_of(html.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_site_carries_none_of_materials_scripts_no_page_loads(site: Path) -> None:
    assert not (site / "assets" / "javascripts").exists(), "Material's bundle, lunr and search worker"
    assert sorted(p.name for p in site.rglob("*.map")) == []
    assert sorted(p.name for p in (site / "assets" / "stylesheets").glob("palette.*")) == []
