"""Plain files are built from libyaml's nodes without PyYAML's constructor: the values and the
problems must be exactly those of the careful way, for every file, YAML 1.1's surprises included."""

from __future__ import annotations

import datetime
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import catalogue.loader
from catalogue import Catalogue, check_catalogue
from catalogue.layout import CONTENT_DIR
from catalogue.problems import Problem
from catalogue.yaml_source import CatalogueLoader, SourceFile, YamlSyntaxError, _plain_load, _PlainLoader
from scripts.generate_catalogue import generate

# One mapping whose values are every kind of scalar YAML 1.1 resolves by itself, written the ways
# editors write them (and some they should not): each must come out as PyYAML's safe loading has it.
SCALARS = """\
bool_words: [yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]
not_bools: [y, n, Y, N, yEs, tRue, 'yes', "no", ja, nej]
ints: [0, 7, -7, +7, 012, 0o12, 0x1F, 0b101, 1_000, 0_12, 99999999999999999999999]
times: [12:00, 08:30, 190:20:30, 1:2, '12:00', -1:30]
floats: [1.5, -0.5, +2.0, .5, 1., 1e3, 1.0e3, 1.0e+3, 6.8523015e+5, 1_000.5, .inf, -.Inf, .NaN, 190:20:30.15]
nulls: [~, null, Null, NULL, nUll, '', "~"]
empty_value:
dates: [2026-01-01, 2026-1-1, 2026-11-31, 2026-02-29, 2024-02-29, 0000-01-01, '2026-01-01']
timestamps:
- 2001-12-14t21:59:43.10-05:00
- 2001-12-14 21:59:43.10 +5
- 2001-12-15T02:59:43.1Z
- 2001-12-14 21:59:43.10
- 2002-12-14 25:00:00
- 2001-12-14T21:59:43.1234567
text:
- plain text with: a colon inside
- "double \\u00e5 \\t escaped \\x41"
- 'single ''quoted'''
- |
  kept
    lines

- >-
  folded
  lines

  paragraph
- = sign
- 0.1.2
- 1-2-3
- 'å ä ö'
- "  spaces  "
nested:
  deeper:
    list: [[1, 2], {a: b}, []]
    empty_map: {}
flow: {a: 1, b: [x, y], c: {d: e}}
"""

# Files that use more of YAML than plain mappings, lists and scalars, or that are broken:
# whatever way reads them, the careful way's value or error is what the loader must give.
NOT_PLAIN = [
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {k: 1}\nmerged:\n  <<: *b\n  j: 2\n",
    "a: !!str 12\nb: !!int '7'\nc: !!float '1'\n",
    "a: !!binary aGVq\n",
    "a: !!set {x, y}\nb: !!omap [x: 1, y: 2]\nc: !!pairs [x: 1, x: 2]\n",
    "a: !custom 1\n",
    "a: !!python/object:os.system x\n",
    "1: a\n'1': b\n",
    "yes: a\ntrue: b\n",
    "1: one\n2026-01-01: date\nnull: nothing\n1.5: half\n",
    "a: 1\nb: 2\na: 3\n",
    "a:\n  x: 1\n  x: 2\nb:\n  y: 1\n  y: 2\n",
    "? [a, b]\n: c\n",
    "? {a: b}\n: c\n",
    "a: =\n",
    "=: a\n",
    "a: <<\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "# only a comment\n",
    "---\n...\n",
    "a: 1\n---\nb: 2\n",
    "\ufeffa: 1\n",
    "a: [" * 3 + "\n",
    "a: b: c\n",
    "a: 'open\n",
    "a:\n\t- b\n",
    "a: *undefined\n",
    "a: @x\n",
    "a: 1\x07\n",
    "a: " + "[" * 300 + "]" * 300 + "\n",
    "a: x\n" + "".join(f"k{i}: {i}\n" for i in range(200)),
    "R&D: 1\n",
]


def outcome(parse: Any) -> tuple[str, ...]:
    """What a parse gives, comparable across ways: the value's repr (so 1, 1.0 and True differ,
    and a date is not a datetime) or the syntax error's line, message and hint."""
    try:
        return ("value", repr(parse()))
    except YamlSyntaxError as error:
        return ("error", str(error.line), error.message, error.hint)


def source(text: str) -> SourceFile:
    return SourceFile(Path("fil.yml"), "fil.yml", text)


def careful(text: str) -> Any:
    return yaml.load(text, Loader=CatalogueLoader)  # noqa: S506 - a SafeLoader


def test_every_scalar_yaml_resolves_by_itself_is_read_the_plain_way_as_the_careful_way() -> None:
    assert repr(_plain_load(SCALARS)) == repr(careful(SCALARS))
    scalars = careful(SCALARS)
    # The YAML 1.1 readings the models rely on, so that the comparison above compares something.
    assert scalars["bool_words"][:4] == [True, True, True, False] and scalars["not_bools"][0] == "y"
    assert scalars["ints"][4] == 10 and scalars["times"][:2] == ["12:00", "08:30"]
    assert scalars["dates"][0] == datetime.date(2026, 1, 1) and isinstance(
        scalars["timestamps"][0], datetime.datetime
    )
    assert scalars["dates"][2] == "2026-11-31" and scalars["nulls"][:2] == [None, None]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_and_broken_files_give_the_careful_value_or_error(text: str) -> None:
    read = source(text)
    assert outcome(read.parse) == outcome(read.parse_carefully)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_the_plain_way_gives_the_careful_value_or_gives_up(text: str) -> None:
    """Where `_plain_load` builds a value at all, it is the careful one; where it cannot, it says so."""
    try:
        plain = _plain_load(text)
    except Exception:  # the careful way reads it
        return
    assert repr(plain) == repr(careful(text))


RESOLVED = ["", "~", "y", "yes", "On", "12:00", "012", "0x1F", ".5", ".inf", "-.5", "+1", "2026-01-01"]
RESOLVED += [
    "<<",
    "=",
    "null",
    "nUll",
    "1_0",
    "1.",
    "text",
    "å",
    "-",
    "0b1",
    "190:20:30.15",
    "2001-12-14t21:59",
]


@pytest.mark.parametrize("value", RESOLVED)
def test_the_plain_resolver_gives_pyyaml_s_tags(value: str) -> None:
    plain, pyyaml = _PlainLoader(""), CatalogueLoader("")
    for implicit in [(True, False), (False, True), (False, False)]:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            expected = pyyaml.resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            assert plain.resolve(kind, value, implicit) == expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generate(root, 1000, random.Random(12))
    return root


@pytest.mark.parametrize("which", ["content", "generated"])
def test_every_catalogue_file_is_read_the_plain_way_with_the_careful_value(
    which: str, generated: Path
) -> None:
    root = CONTENT_DIR if which == "content" else generated
    files = sorted(root.rglob("*.yml"))
    assert len(files) > (1000 if which == "generated" else 20)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert repr(_plain_load(text)) == repr(careful(text)), path


def checked_carefully(
    root: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> tuple[Catalogue | None, list[Problem]]:
    with monkeypatch.context() as patch:
        patch.setattr(SourceFile, "parse", SourceFile.parse_carefully)
        return check_catalogue(root, parallel=parallel)


def break_files(root: Path) -> None:
    """One file for each way a file can go wrong, and some that are fine but not plain."""
    trainings = sorted((root / "trainings").glob("*.yml"))
    texts = [path.read_text(encoding="utf-8") for path in trainings[:13]]
    trainings[0].write_text(texts[0].replace("title:", "title: [oavslutad\nx:", 1), encoding="utf-8")
    trainings[1].write_bytes(texts[1].encode("utf-8") + "\nsummary: caf\u00e9\n".encode("latin-1"))
    trainings[2].write_text(texts[2].replace("duration_hours:", "duration_hours: -1\nx_duration:", 1))
    trainings[3].write_text(texts[3] + "owner: Någon annan\n", encoding="utf-8")
    trainings[4].write_text(texts[4].replace("level:", "yes: 1\nlevel:", 1), encoding="utf-8")
    trainings[5].write_text(texts[5].replace("owner:", "owner: &vem", 1), encoding="utf-8")
    trainings[6].write_text(texts[6].replace("title:", "title: !!str", 1), encoding="utf-8")
    trainings[7].write_text(texts[7].replace("last_reviewed: 20", "last_reviewed: 19", 1))
    trainings[8].write_text(texts[8].replace("cost_sek:", "cost_sek: '12'\nx:", 1), encoding="utf-8")
    trainings[9].write_text(texts[9].replace("sign_in:", "sign_in: on\nx:", 1), encoding="utf-8")
    trainings[10].write_text(texts[10].replace("url:", "url: <<\nx:", 1), encoding="utf-8")
    trainings[11].write_text("- just\n- a list\n", encoding="utf-8")
    # A reference to a topic that is not there: a problem found across files, on its line.
    trainings[12].write_text(texts[12].replace("topics:\n", "topics:\n- okant-amne\n", 1), encoding="utf-8")
    (root / "topics.yml").write_text("- id: a\n  label: b\n  description: c\n  label: d\n", encoding="utf-8")


@pytest.mark.parametrize("parallel", [False, True])
def test_a_broken_catalogue_gives_the_same_problems_either_way(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    root = Path(shutil.copytree(generated, tmp_path / "katalog"))
    break_files(root)
    monkeypatch.setattr(catalogue.loader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(catalogue.loader, "_cores", lambda: 2)
    found, problems = check_catalogue(root, parallel=parallel)
    assert (found, problems) == checked_carefully(root, monkeypatch, parallel)
    assert found is None
    broken = {Path(p.path).name for p in problems if p.severity == "error"}
    assert len(broken) >= 11
    unknown = [p for p in problems if "okänt ämne 'okant-amne'" in p.message]
    assert len(unknown) == 1 and unknown[0].line > 1
    assert any(p.severity == "warning" and p.field == "last_reviewed" and p.line > 1 for p in problems)


def test_a_sound_catalogue_is_the_same_catalogue_either_way(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = check_catalogue(generated)
    assert plain[0] is not None and len(plain[0].trainings) == 1000
    assert plain == checked_carefully(generated, monkeypatch, parallel=False)
    content = check_catalogue(CONTENT_DIR)
    assert content[0] is not None
    assert content == checked_carefully(CONTENT_DIR, monkeypatch, parallel=False)
