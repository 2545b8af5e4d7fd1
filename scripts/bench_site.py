"""Benchmark of the catalogue site against its budgets and its peers; prints figures, asserts nothing.

    .venv/bin/python -m scripts.bench_site [--sizes 1000 10000] [--quick] [--work DIR]

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
  and Hugo + Pagefind's), and axe's WCAG 2.1 AA violations on each of our page types.

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
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright

from scripts.site_server import launch_chromium, serving

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


def generate(size: int, out: Path) -> None:
    if not (out / "trainings").is_dir():
        run([sys.executable, "-m", "scripts.generate_catalogue", "--courses", str(size), "--out", str(out)])


def build_ours(catalogue: Path, out: Path) -> float:
    env = {**os.environ, "CATALOGUE_DIR": str(catalogue), "NO_MKDOCS_2_WARNING": "1"}
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)], env)


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
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config)], env)


def build_hugo(project: Path) -> tuple[float, float]:
    """Hugo's build, then Pagefind over its output: (hugo seconds, Pagefind seconds)."""
    shutil.rmtree(project / "public", ignore_errors=True)
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
    timings = page.evaluate(
        """() => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const nav = performance.getEntriesByType('navigation')[0];
          return [paint ? paint.startTime : -1, nav.loadEventEnd || nav.loadEventStart];
        }"""
    )
    figures["fcp_s"], figures["load_s"] = timings[0] / 1000, timings[1] / 1000
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


def bench(size: int, work: Path, repeats: int) -> dict[str, float]:
    catalogue = work / f"cat-{size}"
    site, material, hugo = work / f"site-{size}", work / f"material-{size}", work / f"hugo-{size}"
    generate(size, catalogue)
    pages = bare_pages(catalogue)
    config = write_bare_material(pages, material)
    write_bare_hugo(pages, hugo)
    hugo_parts: list[tuple[float, float]] = []

    def hugo_build() -> float:
        hugo_parts.append(build_hugo(hugo))
        return sum(hugo_parts[-1])

    ours, bare, peer = fastest(
        [lambda: build_ours(catalogue, site), lambda: build_bare_material(config), hugo_build], repeats
    )
    print(f"  {size}: ours {_secs(ours)}, bare Material {_secs(bare)}, Hugo + Pagefind {_secs(peer)}")
    split = min(hugo_parts, key=sum)
    f: dict[str, float] = {"build_s": min(ours), "material_s": min(bare), "hugo_pagefind_s": min(peer)}
    f |= {"hugo_s": split[0], "pagefind_s": split[1]}
    f |= {"html_mb": html_megabytes(site), "hugo_html_mb": html_megabytes(hugo / "public")}
    training = sorted(p.stem for p in (catalogue / "trainings").glob("*.yml"))[size // 2]
    f["page_gzip_kb"] = training_page_gzip_kb(site, training)
    with (
        serving(site) as base,
        serving(material / "site") as material_base,
        serving(hugo / "public") as hugo_base,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        for prefix, root in (("", base), ("material_", material_base), ("hugo_", hugo_base)):
            for name, value in visit(browser, f"{root}utbildning/{training}/").items():
                f[prefix + name] = value
        for name, path in (("start", ""), ("finder", "hitta-utbildning/"), ("search", "sok/")):
            f[f"{name}_cold_kb"] = visit(browser, base + path)["cold_kb"]
        f["material_start_cold_kb"] = visit(browser, material_base)["cold_kb"]
        for name, path in OUR_PAGE_TYPES.items():
            f[f"axe_{name}"] = axe_count(browser, base + path.format(training=training))
        for label, word in zip(("rare", "common"), words(catalogue), strict=True):
            f[f"query_{label}_kb"], status = our_query(browser, base, word)
            f[f"hugo_query_{label}_kb"], theirs = pagefind_query(browser, hugo_base, word)
            print(f"  {size}: first query, {label} word {word!r}: ours {status!r}, Hugo + Pagefind {theirs}")
        browser.close()
    return f


OUR_PAGE_TYPES = {
    "training": "utbildning/{training}/",
    "start": "",
    "finder": "hitta-utbildning/",
    "search": "sok/",
    "topic": "amne/",
    "sign_in": "logga-in/",
    "my_record": "min-utbildning/",
}


def _secs(times: list[float]) -> str:
    return "[" + ", ".join(f"{t:.1f}" for t in times) + "] s"


# --- Report --------------------------------------------------------------------------------------


def report(size: int, f: dict[str, float]) -> None:
    """Each figure next to its baselines from the same run, and its budget."""
    print(f"\n== {size} trainings ==  (ours | bare Material | Hugo + Pagefind | budget)")
    ratio = f["build_s"] / f["hugo_pagefind_s"]
    _row("full build incl. search index", "s", f["build_s"], f["material_s"], f["hugo_pagefind_s"], "")
    print(f"{'':32}Hugo {f['hugo_s']:.1f} s + Pagefind {f['pagefind_s']:.1f} s")
    print(f"{'  ours / Hugo + Pagefind':32}{ratio:8.2f} ×   (<= 1.0 at 10,000)")
    print(f"{'  ours / bare Material':32}{f['build_s'] / f['material_s']:8.2f} ×   (<= 0.9, issue 9)")
    _row("HTML written", "MB", f["html_mb"], None, f["hugo_html_mb"], "")
    print(f"{'training page, gzip':32}{f['page_gzip_kb']:8.1f} KB")
    for name, unit, budget in (
        ("cold_kb", "KB", "<= 35"),
        ("repeat_kb", "KB", "about 1"),
        ("fcp_s", "s", "<= 1.0 (cold, Slow 4G)"),
        ("load_s", "s", "(cold, Slow 4G)"),
    ):
        label = "training page, " + name.removesuffix("_kb").removesuffix("_s").replace("_", " ")
        _row(label, unit, f[name], f[f"material_{name}"], f[f"hugo_{name}"], budget)
    _row("start page, cold", "KB", f["start_cold_kb"], f["material_start_cold_kb"], None, "<= 45")
    _row("finder, cold", "KB", f["finder_cold_kb"], None, None, "<= 45")
    _row("search page, cold", "KB", f["search_cold_kb"], None, None, "")
    budgets = {"rare": "<= 250 at 10,000", "common": "<= 400 at 10,000"}
    for label, budget in budgets.items():
        _row(
            f"first query, {label} word",
            "KB",
            f[f"query_{label}_kb"],
            None,
            f[f"hugo_query_{label}_kb"],
            budget,
        )
    hosts = f["cold_other_hosts"] + f["repeat_other_hosts"]
    print(f"{'requests to other hosts':32}{hosts:8.0f}      (0)")
    axe = ", ".join(f"{name} {f[f'axe_{name}']:.0f}" for name in OUR_PAGE_TYPES)
    print(f"{'axe WCAG 2.1 AA violations':32}{axe}   (0 each)")


def _row(label: str, unit: str, ours: float, material: float | None, hugo: float | None, budget: str) -> None:
    cells = [f"{value:8.2f} {unit:2}" if value is not None else f"{'–':>8}   " for value in (material, hugo)]
    print(f"{label:32}{ours:8.2f} {unit:2} | {cells[0]} | {cells[1]} | {budget}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--quick", action="store_true", help="1,000 trainings, one build of each")
    parser.add_argument("--repeats", type=int, default=2, help="builds of each kind per size (default 2)")
    parser.add_argument(
        "--work", type=Path, help="keep catalogues and builds here (default: a temporary folder)"
    )
    arguments = parser.parse_args(argv)
    sizes, repeats = ([1000], 1) if arguments.quick else (arguments.sizes, arguments.repeats)
    ensure_hugo()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        work = arguments.work or Path(temporary)
        results = {}
        for size in sizes:
            print(f"benchmarking {size} trainings …", flush=True)
            results[size] = bench(size, work, repeats)
        for size, figures in results.items():
            report(size, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
