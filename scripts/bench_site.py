"""Benchmark of the catalogue site against its budgets and its peers; prints figures, asserts nothing.

    .venv/bin/python -m scripts.bench_site [--sizes 1000 10000] [--quick] [--before REF] [--work DIR]

For each size, in one run on one machine (a shared machine is noisy: compare the ratios):
- generates a synthetic catalogue and builds our site (search index included);
- builds two baselines of the same trainings as bare pages the benchmark writes itself: bare
  Material (plain Markdown, five pages in the nav) and Hugo (Debian's, installed here when missing)
  followed by Pagefind over Hugo's output. The builds alternate, and the fastest of each counts;
- visits a training page of each site in Debian's Chromium and counts bytes on the wire as
  Chromium does (CDP `encodedDataLength`: headers included, gzip as the server sends it) for a
  cold visit and a repeat visit, and the first contentful paint and load of a cold visit under
  Slow 4G (400 kbit/s down, 150 ms round trip);
- counts our start page and finder, the first search query for a rare and a common word (ours
  and Hugo + Pagefind's), and axe's WCAG 2.1 AA violations on each of our page types;
- with `--before REF`, builds and visits this project as it was at git REF too, in the same run.

`--quick` is one size (1,000) and one build of each: a check in a couple of minutes, not a figure
to quote. A 1,000 + 10,000 run takes about ten minutes on two cores.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright

from tests.support.site_server import launch_chromium, serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KB = 1024
HUGO = "/usr/bin/hugo"
# Slow 4G as the issue defines it: 400 kbit/s down, 150 ms round trip.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Transfer:
    """Bytes received per request during a visit, and every host asked."""

    bytes_by_url: dict[str, int] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.bytes_by_url.values())

    def matching(self, part: str) -> int:
        return sum(size for url, size in self.bytes_by_url.items() if part in url)


def watch(context: BrowserContext, page: Page, throttle: bool = False) -> tuple[Transfer, CDPSession]:
    """Record what `page` downloads from now on, through Chromium's own network events."""
    transfer = Transfer()
    urls: dict[str, str] = {}
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    if throttle:
        client.send("Network.emulateNetworkConditions", SLOW_4G)

    def sent(event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        urls[event["requestId"]] = url
        transfer.hosts.add(urlparse(url).netloc)

    def finished(event: dict[str, Any]) -> None:
        url = urls.get(event["requestId"], event["requestId"])
        transfer.bytes_by_url[url] = transfer.bytes_by_url.get(url, 0) + int(event["encodedDataLength"])

    client.on("Network.requestWillBeSent", sent)
    client.on("Network.loadingFinished", finished)
    return transfer, client


# --- Set-up and builds --------------------------------------------------------------------------


def ensure_hugo() -> None:
    """Debian's Hugo is the peer we compare with; install it when missing (as root, like CI)."""
    if Path(HUGO).is_file():
        return
    print("installing Debian's hugo …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
        subprocess.run(command, env=env, check=True, capture_output=True)


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def removed(site: Path) -> None:
    """The previous build's output gone before a build is timed, for every kind alike. MkDocs
    empties its site folder itself: Hugo's folder was removed outside its timed run, ours and bare
    Material's inside theirs (MkDocs' clean_directory of our 20,000 files: 0.9 s here)."""
    shutil.rmtree(site, ignore_errors=True)


def generate(size: int, out: Path) -> None:
    if not (out / "trainings").is_dir():
        run([sys.executable, "-m", "scripts.generate_catalogue", "--courses", str(size), "--out", str(out)])


def build_ours(catalogue: Path, out: Path, project: Path) -> float:
    """`project`'s own packages build it: the editable install would lend an earlier version this
    checkout's site builder (its `catalogue` plugin) without PYTHONPATH, which comes first."""
    env = {
        **os.environ,
        "CATALOGUE_DIR": str(catalogue),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project),
    }
    config = str(project / "mkdocs.yml")
    removed(out)
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", config, "-d", str(out)], env, cwd=project)


def plain_markdown(training: dict[str, Any]) -> str:
    facts = ["provider", "format", "duration_hours", "cost_sek", "languages", "works_on_phone", "sign_in"]
    lines = [
        f"- {key}: {training[key]}" for key in facts if key in training
    ]  # cost_sek absent when it varies
    return f"{training['summary']}\n\n" + "\n".join(lines) + f"\n\n{training['description']}\n"


def bare_pages(catalogue: Path) -> dict[str, tuple[str, str]]:
    """{name: (title, Markdown body)}: five hand-written pages and one page per training."""
    pages = {name: (name.title(), "En handskriven sida.\n") for name in ("hitta", "sok", "nulage", "om")}
    for path in sorted((catalogue / "trainings").glob("*.yml")):
        training = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        pages[f"utbildning/{path.stem}"] = (training["title"], plain_markdown(training))
    return pages


def write_bare_material(pages: dict[str, tuple[str, str]], work: Path) -> Path:
    """A Material project, no plugins, the training pages as plain Markdown, five pages in the nav."""
    docs = work / "docs"
    (docs / "utbildning").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Start\n\nEn handskriven sida.\n", encoding="utf-8")
    for name, (title, body) in pages.items():
        (docs / f"{name}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    nav = [{"Start": "index.md"}] + [{n.title(): f"{n}.md"} for n in pages if "/" not in n]
    config: dict[str, Any] = {
        "site_name": "Bare",
        "theme": {"name": "material", "font": False, "language": "sv"},
    }
    config |= {"plugins": [], "nav": nav, "not_in_nav": "/utbildning/"}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return work / "mkdocs.yml"


HUGO_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def write_bare_hugo(pages: dict[str, tuple[str, str]], work: Path) -> Path:
    """A Hugo project without a theme: one bare template, the same pages as bare Material's."""
    content = work / "content"
    (content / "utbildning").mkdir(parents=True, exist_ok=True)
    (content / "_index.md").write_text('---\ntitle: "Start"\n---\nEn handskriven sida.\n', encoding="utf-8")
    for name, (title, body) in pages.items():
        front = yaml.safe_dump({"title": title}, allow_unicode=True)
        (content / f"{name}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    layouts = work / "layouts"
    (layouts / "_default").mkdir(parents=True, exist_ok=True)
    # 404.html too: the browser asks for /favicon.ico, and StaticFiles needs a page to answer with.
    for name in ("single.html", "list.html", "404.html"):
        folder = layouts if name == "404.html" else layouts / "_default"
        (folder / name).write_text(HUGO_PAGE, encoding="utf-8")
    config = 'baseURL = "/"\nlanguageCode = "sv"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
    (work / "config.toml").write_text(config, encoding="utf-8")
    return work


def build_bare_material(config: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    removed(config.parent / "site")
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config)], env)


def build_hugo(project: Path) -> tuple[float, float]:
    """Hugo's build, then Pagefind over its output: (hugo seconds, Pagefind seconds)."""
    removed(project / "public")
    hugo = run([HUGO, "--quiet", "-s", str(project), "-d", str(project / "public")])
    pagefind = run([sys.executable, "-m", "pagefind", "--site", str(project / "public"), "--silent"])
    return hugo, pagefind


def fastest(builds: list[Callable[[], float]], repeats: int) -> list[list[float]]:
    """Each build `repeats` times, alternating: on a shared machine the fastest run is the cost."""
    times: list[list[float]] = [[] for _ in builds]
    for _ in range(repeats):
        for i, build in enumerate(builds):
            times[i].append(build())
    return times


# --- Visits --------------------------------------------------------------------------------------


def visit(browser: Browser, url: str) -> dict[str, float]:
    """A cold visit and a repeat visit at full speed (bytes), then a cold one on Slow 4G (timings)."""
    figures: dict[str, float] = {}
    context = browser.new_context()
    for label in ("cold", "repeat"):
        page = context.new_page()
        transfer, client = watch(context, page)
        page.goto(url, wait_until="networkidle")
        figures[f"{label}_kb"] = transfer.total / KB
        figures[f"{label}_other_hosts"] = len(transfer.hosts - {urlparse(url).netloc})
        client.detach()
        page.close()
    context.close()
    context = browser.new_context()
    page = context.new_page()
    watch(context, page, throttle=True)
    page.goto(url, wait_until="load", timeout=120_000)
    # A small page can paint after its load event: the paint is waited for, not read at load (Hugo's
    # bare page at 10,000 showed "-0.00 s" when it was). None, printed "–", if it never comes.
    paint, load = page.evaluate(
        """() => new Promise((resolve) => {
          const nav = performance.getEntriesByType('navigation')[0];
          const loaded = nav.loadEventEnd || nav.loadEventStart;
          const done = (paint) => resolve([paint ? paint.startTime : null, loaded]);
          const seen = performance.getEntriesByName('first-contentful-paint')[0];
          if (seen) return done(seen);
          new PerformanceObserver((list) => done(list.getEntriesByName('first-contentful-paint')[0]))
            .observe({ type: 'paint', buffered: true });
          setTimeout(() => done(null), 5000);
        })"""
    )
    figures["load_s"] = load / 1000
    if paint is not None:
        figures["fcp_s"] = paint / 1000
    context.close()
    return figures


def axe_count(browser: Browser, url: str) -> int:
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG21_AA)
    context.close()
    return sum(len(v["nodes"]) for v in result["violations"])


def our_query(browser: Browser, base: str, word: str) -> tuple[float, str]:
    """KB of the first query for `word` on our search page (the page itself already loaded)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}sok/", wait_until="networkidle")
    transfer, _ = watch(context, page)
    page.fill("#q", word)
    page.wait_for_function("document.getElementById('search-status').textContent.includes('på')")
    page.wait_for_load_state("networkidle")
    status = page.inner_text("#search-status")
    context.close()
    return transfer.total / KB, status


# The first ten results' data, as a search page shows them.
PAGEFIND_QUERY = """async word => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({noWorker: true});
  const answer = await pagefind.search(word);
  await Promise.all(answer.results.slice(0, 10).map(r => r.data()));
  return answer.results.length;
}"""


def pagefind_query(browser: Browser, base: str, word: str) -> tuple[float, str]:
    """KB of the first query for `word` on a Hugo + Pagefind site, from its start page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    transfer, _ = watch(context, page)
    found = page.evaluate(PAGEFIND_QUERY, word)
    page.wait_for_load_state("networkidle")
    context.close()
    return transfer.total / KB, f"{found} träffar"


def words(catalogue: Path) -> tuple[str, str]:
    """A rare word (on few training pages) and a word on most of them."""
    frequency: Counter[str] = Counter()
    for path in (catalogue / "trainings").glob("*.yml"):
        training = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        text = " ".join(str(training[key]) for key in ("title", "summary", "description")).lower()
        frequency.update(set(re.findall(r"[a-zåäö]{6,}", text)))
    ordered = frequency.most_common()
    rare = next(word for word, amount in reversed(ordered) if amount >= 1)
    return rare, ordered[0][0]


def html_megabytes(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*.html")) / KB / KB


def training_page_gzip_kb(site: Path, training: str) -> float:
    return len(gzip.compress((site / "utbildning" / training / "index.html").read_bytes())) / KB


# --- One size ------------------------------------------------------------------------------------

OURS, BEFORE, MATERIAL, HUGO_PAGEFIND = "ours", "before", "bare Material", "Hugo + Pagefind"
OUR_PAGE_TYPES = {
    "training": "utbildning/{training}/",
    "start": "",
    "finder": "hitta-utbildning/",
    "search": "sok/",
    "topic": "amne/",
    "sign_in": "logga-in/",
    "my_record": "min-utbildning/",
}
Figures = dict[str, dict[str, float]]


def export(ref: str, work: Path) -> Path:
    """The project as it was at git `ref`, for a 'before' column measured in the same run."""
    folder = work / f"before-{ref}"
    if not (folder / "mkdocs.yml").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def build_all(size: int, work: Path, repeats: int, before: Path | None) -> tuple[dict[str, Path], Figures]:
    """Every site built `repeats` times, alternating; (site folders, build figures)."""
    catalogue = work / f"cat-{size}"
    generate(size, catalogue)
    pages = bare_pages(catalogue)
    config = write_bare_material(pages, work / f"material-{size}")
    hugo = write_bare_hugo(pages, work / f"hugo-{size}")
    sites = {OURS: work / f"site-{size}", MATERIAL: config.parent / "site", HUGO_PAGEFIND: hugo / "public"}
    hugo_parts: list[tuple[float, float]] = []

    def hugo_build() -> float:
        hugo_parts.append(build_hugo(hugo))
        return sum(hugo_parts[-1])

    builds = {
        OURS: lambda: build_ours(catalogue, sites[OURS], ROOT),
        MATERIAL: lambda: build_bare_material(config),
        HUGO_PAGEFIND: hugo_build,
    }
    if before is not None:
        sites[BEFORE] = work / f"before-site-{size}"
        builds[BEFORE] = lambda: build_ours(catalogue, sites[BEFORE], before)
    times = dict(zip(builds, fastest(list(builds.values()), repeats), strict=True))
    print(f"  {size}: builds " + ", ".join(f"{kind} {_secs(t)}" for kind, t in times.items()))
    figures: Figures = {
        kind: {"build_s": min(t), "html_mb": html_megabytes(sites[kind])} for kind, t in times.items()
    }
    figures[HUGO_PAGEFIND] |= dict(zip(("hugo_s", "pagefind_s"), min(hugo_parts, key=sum), strict=True))
    return sites, figures


def bench(size: int, work: Path, repeats: int, before: Path | None) -> Figures:
    sites, f = build_all(size, work, repeats, before)
    catalogue = work / f"cat-{size}"
    training = sorted(p.stem for p in (catalogue / "trainings").glob("*.yml"))[size // 2]
    ours_or_before = [kind for kind in (OURS, BEFORE) if kind in sites]
    for kind in ours_or_before:
        f[kind]["page_gzip_kb"] = training_page_gzip_kb(sites[kind], training)
    with ExitStack() as stack:
        bases = {kind: stack.enter_context(serving(site)) for kind, site in sites.items()}
        browser = launch_chromium(stack.enter_context(sync_playwright()))
        for kind, base in bases.items():
            f[kind] |= visit(browser, f"{base}utbildning/{training}/")
            f[kind]["start_cold_kb"] = visit(browser, base)["cold_kb"]
        for kind in ours_or_before:
            for name, path in (("finder", "hitta-utbildning/"), ("search", "sok/")):
                f[kind][f"{name}_cold_kb"] = visit(browser, bases[kind] + path)["cold_kb"]
        for name, path in OUR_PAGE_TYPES.items():
            f[OURS][f"axe_{name}"] = axe_count(browser, bases[OURS] + path.format(training=training))
        for label, word in zip(("rare", "common"), words(catalogue), strict=True):
            answers = {kind: our_query(browser, bases[kind], word) for kind in ours_or_before}
            answers[HUGO_PAGEFIND] = pagefind_query(browser, bases[HUGO_PAGEFIND], word)
            for kind, (kb, status) in answers.items():
                f[kind][f"query_{label}_kb"] = kb
                print(f"  {size}: first query, {label} word {word!r}, {kind}: {status!r}")
        browser.close()
    return f


def _secs(times: list[float]) -> str:
    return "[" + ", ".join(f"{t:.1f}" for t in times) + "] s"


# --- Report --------------------------------------------------------------------------------------

ROWS = [
    ("full build incl. search index", "build_s", "s", "<= 1.0 × Hugo + Pagefind at 10,000"),
    ("HTML written", "html_mb", "MB", ""),
    ("training page HTML, gzip", "page_gzip_kb", "KB", "first screen < 14.6"),
    ("training page, cold", "cold_kb", "KB", "<= 35"),
    ("training page, repeat visit", "repeat_kb", "KB", "about 1"),
    ("training page, FCP Slow 4G", "fcp_s", "s", "<= 1.0"),
    ("training page, load Slow 4G", "load_s", "s", ""),
    ("start page, cold", "start_cold_kb", "KB", "<= 45"),
    ("finder, cold", "finder_cold_kb", "KB", "<= 45"),
    ("search page, cold", "search_cold_kb", "KB", ""),
    ("first query, rare word", "query_rare_kb", "KB", "<= 250 at 10,000"),
    ("first query, common word", "query_common_kb", "KB", "<= 400 at 10,000"),
]


def report(size: int, f: Figures) -> None:
    """Each figure next to its baselines from the same run, and its budget."""
    kinds = [kind for kind in (OURS, BEFORE, MATERIAL, HUGO_PAGEFIND) if kind in f]
    print(f"\n== {size} trainings ==")
    print(f"{'':30}" + "".join(f"{kind:>18}" for kind in kinds) + "   budget")
    for label, key, unit, budget in ROWS:
        cells = [f"{f[kind][key]:>14.2f} {unit:<3}" if key in f[kind] else f"{'–':>18}" for kind in kinds]
        print(f"{label:30}" + "".join(cells) + f"   {budget}")
    hugo = f[HUGO_PAGEFIND]
    print(f"{'':30}Hugo + Pagefind = Hugo {hugo['hugo_s']:.1f} s + Pagefind {hugo['pagefind_s']:.1f} s")
    for kind in kinds[1:]:
        print(f"{'build, ours / ' + kind:30}{f[OURS]['build_s'] / f[kind]['build_s']:>14.2f} ×")
    hosts = f[OURS]["cold_other_hosts"] + f[OURS]["repeat_other_hosts"]
    print(f"{'requests to other hosts':30}{hosts:>14.0f}      (0)")
    axe = ", ".join(f"{name} {f[OURS][f'axe_{name}']:.0f}" for name in OUR_PAGE_TYPES)
    print(f"{'axe WCAG 2.1 AA violations':30}{axe}   (0 each)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--quick", action="store_true", help="1,000 trainings, one build of each")
    parser.add_argument("--repeats", type=int, default=2, help="builds of each kind per size (default 2)")
    parser.add_argument("--before", metavar="REF", help="also build git REF of this project, in the same run")
    parser.add_argument(
        "--work", type=Path, help="keep catalogues and builds here (default: a temporary folder)"
    )
    arguments = parser.parse_args(argv)
    sizes, repeats = ([1000], 1) if arguments.quick else (arguments.sizes, arguments.repeats)
    ensure_hugo()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        work = arguments.work or Path(temporary)
        before = export(arguments.before, work) if arguments.before else None
        results = {}
        for size in sizes:
            print(f"benchmarking {size} trainings …", flush=True)
            results[size] = bench(size, work, repeats, before)
        for size, figures in results.items():
            report(size, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
