"""The editors' guide, the pull-request template and the workflow say what the tools really do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from catalogue import check_catalogue
from catalogue.fields import FIELDS, ID_FIELD
from catalogue.model import Media, Provider, Session, Signup, Source, Training

PROJECT = Path(__file__).parents[2]
GUIDE = (PROJECT / "docs" / "redaktorer.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.DOTALL)


def field_table() -> dict[str, list[str]]:
    """Rows of the table under "Alla fält": field name -> its cells."""
    section = GUIDE.split("## Alla fält", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].strip().strip("`"): [cell.strip() for cell in cells] for cells in rows}


def test_every_example_file_in_the_guide_passes_the_check(catalogue_dir: Path) -> None:
    placed = []
    for block in yaml_blocks():
        match = re.match(r"# yaml-language-server: \$schema=\.\./\.\./schema/(\w+)\.schema\.json", block)
        if match is None:
            continue
        entry = yaml.safe_load(block)
        folder = catalogue_dir / match.group(1)  # the schema is named after its folder
        folder.mkdir(exist_ok=True)
        (folder / f"{entry['id']}.yml").write_text(block, encoding="utf-8")
        placed.append(entry["id"])
    catalogue, problems = check_catalogue(catalogue_dir)
    assert catalogue is not None, "\n".join(map(str, problems))
    assert len(placed) == 4
    assert {"exempel-demens-i-hemtjansten", "exempel-forflyttning-i-asele"} <= set(catalogue.trainings)
    assert "exempel-introduktion-i-hemtjansten" in catalogue.paths
    assert "exempel-bemotande" in catalogue.assessments


def test_the_new_provider_example_is_a_valid_provider() -> None:
    (block,) = [block for block in yaml_blocks() if block.startswith("- id:")]
    for item in yaml.safe_load(block):
        Provider.model_validate(item)


def _required(model: type[BaseModel]) -> dict[str, bool]:
    return {name: info.is_required() for name, info in model.model_fields.items()}


def expected_fields() -> dict[str, bool]:
    fields: dict[str, Any] = _required(Training)
    fields |= {f"media.{name}": required for name, required in _required(Media).items()}
    fields |= {f"sessions[].{name}": required for name, required in _required(Session).items()}
    fields |= {f"signup.{name}": required for name, required in _required(Signup).items()}
    fields |= {f"sources[].{name}": required for name, required in _required(Source).items()}
    return fields


def test_the_field_table_explains_every_field_of_the_model_and_whether_it_is_required() -> None:
    table = field_table()
    assert sorted(table) == sorted(expected_fields())
    for name, required in expected_fields().items():
        assert table[name][1].startswith("ja" if required else "nej"), name
        assert table[name][2], f"{name} has no explanation"


def test_the_field_table_names_every_spreadsheet_column_the_import_reads() -> None:
    table = field_table()
    for field in (*FIELDS, ID_FIELD):
        name = ".".join(field.path)
        assert table[name][4].startswith(f"`{field.column}`"), name


def test_the_guide_builds_in_mkdocs_and_its_links_within_the_page_resolve(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(GUIDE, encoding="utf-8")
    config = "site_name: Guide\ntheme: {name: material}\nmarkdown_extensions: [tables, toc]\n"
    (tmp_path / "mkdocs.yml").write_text(config + "validation: {anchors: warn}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Alla fält" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["check", "serve", "ny-utbildning", "import"])
def test_the_make_targets_the_guide_names_exist(target: str) -> None:
    assert f"make {target}" in GUIDE
    assert re.search(rf"^{target}:", (PROJECT / "Makefile").read_text(), flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("target", "command"), [("check", "check"), ("ny-utbildning", "new"), ("import", "import")]
)
def test_the_editors_make_targets_run_the_catalogue_commands(target: str, command: str) -> None:
    recipe = (PROJECT / "Makefile").read_text().split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
    assert f"$(BIN)/python -m catalogue {command}" in recipe


def test_every_command_the_guide_shows_is_one_the_catalogue_has() -> None:
    shown = set(re.findall(r"python -m catalogue (\w+)", GUIDE))
    assert {"due", "new", "import"} <= shown
    result = subprocess.run(
        [sys.executable, "-m", "catalogue", "--help"], capture_output=True, text=True, check=True
    )
    listed = set(re.findall(r"^    (\w+) ", result.stdout, flags=re.MULTILINE))
    assert listed == {"check", "due", "schema", "new", "import"}
    assert shown <= listed


def test_the_pull_request_template_asks_for_what_an_editor_must_do() -> None:
    template = (PROJECT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for expected in (
        "Vilken utbildning",
        "Var har du kontrollerat",
        "`last_reviewed`",
        "`make check`",
        "`make serve`",
    ):
        assert expected in template


def test_the_workflow_checks_the_catalogue_and_builds_the_site_on_pull_requests() -> None:
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "catalogue.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    (job,) = workflow["jobs"].values()
    python = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands == [
        "python -m pip install -r requirements.lock",
        "python -m pip install --no-deps .",
        "python -m catalogue check",
        "mkdocs build --strict",
    ]


def _columns(text: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", text))


def test_the_import_section_lists_the_columns_that_must_and_may_be_there() -> None:
    rule = GUIDE.split("**Första raden är rubriker**", 1)[1].split("\n- **", 1)[0]
    must, may = rule.split("måste finnas", 1)
    assert _columns(must) == {field.column for field in FIELDS if field.required}
    assert _columns(may.split("får finnas", 1)[0]) == {
        field.column for field in (*FIELDS, ID_FIELD) if not field.required
    }


def test_the_guide_names_every_flag_of_new_not_spelt_as_its_field() -> None:
    section = GUIDE.split("## Skapa en ny fil med frågor", 1)[1].split("\n## ", 1)[0]
    for field in FIELDS:
        if field.flag != "--" + field.path[-1].replace("_", "-") or len(field.path) > 1:
            assert f"`{field.flag}`" in section, field.flag
