"""Our client of Pagefind's indexing service: pages in, an index out, and a failure said, not hung."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue_site.pagefind_service import PagefindFailed, PagefindService

PAGE = '<html lang="sv"><body><main><h1>{}</h1><p>Basal hygien i vården.</p></main></body></html>'


def test_every_page_sent_is_in_the_written_index(tmp_path: Path) -> None:
    service = PagefindService({})
    for number in range(300):
        service.add_page(f"utbildning/u{number}/index.html", PAGE.format(f"Utbildning {number}"))
    service.write(str(tmp_path / "pagefind"))
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["sv"]["page_count"] == 300


def test_pagefind_ends_on_its_own_after_writing_so_no_file_is_cut_short(tmp_path: Path) -> None:
    # Its reply to WriteFiles can come before its last write reaches the disk: a kill then left
    # pagefind-entry.json empty now and then. Ended by closing its input, it exits 0.
    service = PagefindService({})
    service.add_page("om/index.html", PAGE.format("Om"))
    service.write(str(tmp_path / "pagefind"))
    assert service._process.returncode == 0  # ended by itself: a kill gives -9
    assert json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())["languages"]


def test_an_index_that_cannot_be_written_is_an_error_with_pagefinds_reason(tmp_path: Path) -> None:
    (tmp_path / "pagefind").write_text("a file where the index folder should be")
    service = PagefindService({})
    service.add_page("om/index.html", PAGE.format("Om"))
    with pytest.raises(PagefindFailed, match="Not a directory"):
        service.write(str(tmp_path / "pagefind" / "index"))


def test_a_stopped_pagefind_fails_what_waits_for_it_instead_of_hanging(tmp_path: Path) -> None:
    service = PagefindService({})
    service.add_page("om/index.html", PAGE.format("Om"))
    service.stop()
    with pytest.raises(PagefindFailed, match=r"Pagefind (avslutades|stoppades)"):
        service.write(str(tmp_path / "pagefind"))
    assert not (tmp_path / "pagefind").exists()


def test_pages_sent_after_a_stop_fail_at_once(tmp_path: Path) -> None:
    service = PagefindService({})
    service.stop()
    service.add_page("om/index.html", PAGE.format("Om"))
    with pytest.raises(PagefindFailed, match="stoppades"):
        service.write(str(tmp_path / "pagefind"))


def test_a_folders_pages_are_found_at_their_paths_within_it(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    for number in range(3):
        page = folder / "utbildning" / f"u{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(f"Utbildning {number}"), encoding="utf-8")
    service = PagefindService({})
    service.add_folder(str(folder))
    service.add_page("om/index.html", PAGE.format("Om"))
    service.write(str(tmp_path / "pagefind"))
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["sv"]["page_count"] == 4
