"""Benchmark of the catalogue site against its budgets; prints figures, asserts nothing.

    .venv/bin/python -m scripts.bench_site [--sizes 1000 10000] [--work DIR]

For each size: generates a synthetic catalogue, builds the site (search index included) and a
bare Material build of the same training pages as plain Markdown with a handful of pages in the
nav, then visits the built site in headless Chromium and counts bytes on the wire (CDP
encodedDataLength, gzip as the server sends it). A 10,000-training run takes a few minutes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from playwright.sync_api import BrowserContext, CDPSession, Page, sync_playwright

from tests.support.site_server import launch_chromium, serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KB = 1024


_sessions: dict[Page, list[CDPSession]] = {}


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


def watch(context: BrowserContext, page: Page) -> Transfer:
    """Record what `page` downloads from now on, through Chromium's own network events."""
    transfer = Transfer()
    for previous in _sessions.pop(page, []):
        previous.detach()
    urls: dict[str, str] = {}
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    # Cache the browser keeps across visits is what a repeat visit should use.
    client.send("Network.setCacheDisabled", {"cacheDisabled": False})

    def sent(event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        urls[event["requestId"]] = url
        transfer.hosts.add(urlparse(url).netloc)

    def finished(event: dict[str, Any]) -> None:
        url = urls.get(event["requestId"], event["requestId"])
        transfer.bytes_by_url[url] = transfer.bytes_by_url.get(url, 0) + int(event["encodedDataLength"])

    client.on("Network.requestWillBeSent", sent)
    client.on("Network.loadingFinished", finished)
    _sessions.setdefault(page, []).append(client)
    return transfer


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def generate(size: int, out: Path) -> None:
    run([sys.executable, "-m", "scripts.generate_catalogue", "--courses", str(size), "--out", str(out)])


def build_site(catalogue: Path, out: Path) -> float:
    env = {**os.environ, "CATALOGUE_DIR": str(catalogue), "NO_MKDOCS_2_WARNING": "1"}
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)], env)


def write_bare(catalogue: Path, work: Path) -> Path:
    """A Material project, no plugins, the training pages as plain Markdown, five pages in the nav."""
    docs = work / "docs"
    (docs / "utbildning").mkdir(parents=True, exist_ok=True)
    nav = []
    for name in ("index", "hitta", "sok", "nulage", "om"):
        (docs / f"{name}.md").write_text(f"# {name.title()}\n\nEn handskriven sida.\n", encoding="utf-8")
        nav.append({name.title(): f"{name}.md"})
    for path in sorted((catalogue / "trainings").glob("*.yml")):
        (docs / "utbildning" / f"{path.stem}.md").write_text(plain_markdown(path), encoding="utf-8")
    config = {"site_name": "Bare", "theme": {"name": "material", "font": False}, "plugins": [], "nav": nav}
    config["not_in_nav"] = "/utbildning/"
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return work / "mkdocs.yml"


def build_bare(config: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config)], env)


def build_times(catalogue: Path, site: Path, bare: Path, repeats: int) -> tuple[list[float], list[float]]:
    """Both builds, alternating, `repeats` times each: on a shared machine the fastest is the cost."""
    config = write_bare(catalogue, bare)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):
        ours.append(build_site(catalogue, site))
        theirs.append(build_bare(config))
    return ours, theirs


def plain_markdown(path: Path) -> str:
    t = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = ["provider", "format", "duration_hours", "cost_sek", "languages", "works_on_phone", "sign_in"]
    lines = [f"- {key}: {t[key]}" for key in facts if key in t]  # cost_sek is absent when it varies
    return f"# {t['title']}\n\n{t['summary']}\n\n" + "\n".join(lines) + f"\n\n{t['description']}\n"


def page_sizes(site: Path) -> list[int]:
    return [len(gzip.compress(p.read_bytes())) for p in (site / "utbildning").glob("*/index.html")]


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


def visit_training(base: str, context: BrowserContext, training: str) -> tuple[Transfer, Transfer]:
    """Cold visit, then a repeat visit in the same browser (its cache warm)."""
    url = f"{base}utbildning/{training}/"
    transfers = []
    for _ in range(2):
        page = context.new_page()
        transfer = watch(context, page)
        page.goto(url, wait_until="networkidle")
        page.close()
        transfers.append(transfer)
    return transfers[0], transfers[1]


def first_query(base: str, context: BrowserContext, word: str) -> tuple[Transfer, Transfer, str]:
    """Bytes of the search page itself, then of the first query for `word`."""
    page = context.new_page()
    on_load = watch(context, page)
    page.goto(f"{base}sok/", wait_until="networkidle")
    query = watch(context, page)
    page.fill("#q", word)
    page.wait_for_function("document.getElementById('search-status').textContent.includes('på')")
    page.wait_for_load_state("networkidle")
    status = page.inner_text("#search-status")
    page.close()
    return on_load, query, status


def bench(size: int, work: Path) -> dict[str, float]:
    catalogue, site, bare = work / f"cat-{size}", work / f"site-{size}", work / f"bare-{size}"
    generate(size, catalogue)
    ours, theirs = build_times(catalogue, site, bare, repeats=3 if size < 10000 else 2)
    print(f"  {size}: builds {[round(t, 1) for t in ours]} s, bare {[round(t, 1) for t in theirs]} s")
    figures: dict[str, float] = {"site_build_s": min(ours), "bare_build_s": min(theirs)}
    sizes = page_sizes(site)
    figures["page_gz_max_kb"] = max(sizes) / KB
    figures["page_gz_median_kb"] = statistics.median(sizes) / KB
    rare, common = words(catalogue)
    training = sorted(p.stem for p in (catalogue / "trainings").glob("*.yml"))[size // 2]
    with serving(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        cold, repeat = visit_training(base, browser.new_context(), training)
        figures["cold_kb"] = cold.total / KB
        figures["repeat_kb"] = repeat.total / KB
        figures["cold_search_index_kb"] = cold.matching("/pagefind/") / KB
        own = urlparse(base).netloc
        figures["other_hosts"] = len((cold.hosts | repeat.hosts) - {own})
        for label, word in (("rare", rare), ("common", common)):
            loaded, query, status = first_query(base, browser.new_context(), word)
            figures[f"search_page_index_kb_{label}"] = loaded.matching("/pagefind/") / KB
            figures[f"query_{label}_kb"] = query.total / KB
            print(f"  {size}: first query {label} word {word!r}: {status}")
        browser.close()
    return figures


def report(results: dict[int, dict[str, float]]) -> None:
    for size, f in results.items():
        print(f"\n== {size} trainings ==")
        ratio = f["site_build_s"] / f["bare_build_s"]
        print(
            f"build with search index  {f['site_build_s']:7.1f} s   bare Material {f['bare_build_s']:.1f} s"
        )
        print(f"  ratio to bare          {ratio:7.2f}     (budget <= 1.3 at 10,000)")
        sizes = f"{f['page_gz_max_kb']:7.1f} KB max, {f['page_gz_median_kb']:.1f} median"
        print(f"training page gzipped    {sizes} (< 8)")
        print(f"cold visit               {f['cold_kb']:7.1f} KB  (<= 75)")
        print(f"repeat visit             {f['repeat_kb']:7.1f} KB  (<= 8)")
        print(f"search index on visit    {f['cold_search_index_kb']:7.1f} KB  (0)")
        print(f"  ... on opening search  {f['search_page_index_kb_rare']:7.1f} KB  (0)")
        print(f"requests to other hosts  {f['other_hosts']:7.0f}     (0)")
        print(f"first query, rare word   {f['query_rare_kb']:7.1f} KB  (<= 250 at 10,000)")
        print(f"first query, common word {f['query_common_kb']:7.1f} KB  (<= 400 at 10,000)")
    if len(results) >= 2:
        small, large = sorted(results)
        growth = results[large]["site_build_s"] / results[small]["site_build_s"]
        print(f"\nbuild growth {small} -> {large}: x{growth:.2f} (budget <= {large / small * 1.1:.0f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--work", type=Path, help="keep catalogues and builds here (default: a temporary folder)"
    )
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        work = arguments.work or Path(temporary)
        results = {}
        for size in arguments.sizes:
            print(f"benchmarking {size} trainings …", flush=True)
            results[size] = bench(size, work)
        report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
