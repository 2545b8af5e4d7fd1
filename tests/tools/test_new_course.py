"""scripts/new_course.py: a training file from flags or questions, valid from the start."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue import check_catalogue, load_catalogue
from catalogue.dates import swedish_today
from scripts import new_course
from tests.support.catalogue_copy import break_catalogue, trainings_in

SCRIPT = Path(__file__).parents[2] / "scripts" / "new_course.py"
FLAGS = {
    "--title": "Demens – ABC för hemtjänst",
    "--summary": "Grunderna om demenssjukdom för dig som arbetar i hemtjänsten.",
    "--description": "Om symtom och bemötande.\n\nMed filmer från hemtjänsten.",
    "--provider": "svenskt-demenscentrum",
    "--url": "https://www.demenscentrum.se/utbildningar",
    "--topics": "demens,vardegrund",
    "--roles": "underskoterska,vardbitrade",
    "--level": "bas",
    "--format": "webbutbildning",
    "--duration-hours": "2,5",
    "--cost-sek": "0",
    "--works-on-phone": "ja",
    "--sign-in": "konto",
    "--video": "ja",
    "--audio": "ja",
    "--download-mb": "120",
    "--certificate": "ja",
    "--owner": "Redaktionen Omsorgskatalogen",
    "--signup": "account",
    "--source": "https://www.demenscentrum.se/utbildningar",
}
NEW_FILE = "demens-abc-for-hemtjanst.yml"


def any_training(root: Path) -> Path:
    return sorted((root / "trainings").glob("*.yml"))[0]


def run(root: Path, **changes: str) -> subprocess.CompletedProcess[str]:
    """The script as an editor runs it, with input that is not a terminal."""
    flags = {**FLAGS, **changes}
    arguments = [item for flag, value in flags.items() if value for item in (flag, value)]
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments, "--catalogue", str(root)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=root.parent,
        check=False,
    )


def test_flags_write_a_valid_training_file_and_say_what_to_do_next(catalogue_dir: Path) -> None:
    result = run(catalogue_dir)
    assert result.returncode == 0, result.stderr
    path = catalogue_dir / "trainings" / NEW_FILE
    assert f"Skrev {path}" in result.stdout
    assert "make serve" in result.stdout and "pull request" in result.stdout
    catalogue, problems = check_catalogue(catalogue_dir)
    assert catalogue is not None, problems
    training = catalogue.trainings["demens-abc-for-hemtjanst"]
    assert training.title == "Demens – ABC för hemtjänst"
    assert training.duration_hours == 2.5
    assert training.languages == ["sv"]
    assert training.last_reviewed == swedish_today()
    assert (training.signup.kind, training.signup.note) == ("account", None)
    assert [(str(s.url), s.read_on) for s in training.sources] == [
        ("https://www.demenscentrum.se/utbildningar", swedish_today())
    ]
    assert (
        "description: |\n  Om symtom och bemötande.\n\n  Med filmer från hemtjänsten.\n" in path.read_text()
    )


def test_a_wrong_topic_is_a_clear_error_and_writes_nothing(catalogue_dir: Path) -> None:
    before = trainings_in(catalogue_dir)
    result = run(catalogue_dir, **{"--topics": "demenz"})
    assert result.returncode == 1
    assert (
        "--topics: okänt ämne 'demenz' — menade du demens? Välj bland: digital-grundkunskap" in result.stderr
    )
    assert "Ingen fil skrevs." in result.stderr
    assert trainings_in(catalogue_dir) == before


def test_without_a_terminal_missing_flags_are_listed_instead_of_asked(catalogue_dir: Path) -> None:
    before = trainings_in(catalogue_dir)
    result = run(catalogue_dir, **{"--summary": "", "--video": ""})
    assert result.returncode == 2
    assert "Fel: värden saknas för --summary, --video\n" in result.stderr
    assert trainings_in(catalogue_dir) == before


def test_an_existing_file_is_never_overwritten(catalogue_dir: Path) -> None:
    path = any_training(catalogue_dir)
    original = path.read_text()
    result = run(catalogue_dir, **{"--id": path.stem})
    assert result.returncode == 1
    assert f"--id: {path} finns redan — välj en annan titel eller ange ett eget --id" in result.stderr
    assert path.read_text() == original


def test_in_a_terminal_a_title_whose_file_exists_is_asked_again(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = any_training(catalogue_dir)
    original = existing.read_text()
    arguments = [item for pair in FLAGS.items() if pair[0] != "--title" for item in pair]
    # A title that gives the existing file's id, then one that does not.
    # The title, then Enter for each of the nine optional questions, then a new title.
    replies = answers(existing.stem.replace("-", " "), *[""] * 9, "Basala hygienrutiner i hemtjänsten")

    def ask(prompt: str) -> str:
        return next(replies)

    assert new_course.main([*arguments, "--catalogue", str(catalogue_dir)], ask=ask) == 0
    assert f"--title: {existing} finns redan" in capsys.readouterr().out
    assert existing.read_text() == original
    assert (catalogue_dir / "trainings" / "basala-hygienrutiner-i-hemtjansten.yml").is_file()


def test_when_the_catalogue_fails_its_check_the_new_file_is_not_kept(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reported = break_catalogue(catalogue_dir)
    before = trainings_in(catalogue_dir)
    arguments = [item for pair in FLAGS.items() for item in pair] + ["--catalogue", str(catalogue_dir)]
    assert new_course.main(arguments) == 1
    output = capsys.readouterr()
    assert reported in output.out
    assert "så den sparades inte" in output.err
    assert trainings_in(catalogue_dir) == before


def answers(*given: str) -> Iterator[str]:
    yield from given


ANSWERS = [
    "Demens – ABC för hemtjänst",
    "Grunderna om demenssjukdom.",
    "Första raden.",
    "",
    "Andra stycket.",
    ".",
    "Svenskt Demenscentrum",
    "https://www.demenscentrum.se/",
    "demenz",  # a typo: asked again
    "demens",
    "underskoterska",
    "bas",
    "webbutbildning",
    "1,5",
    "0",
    "",  # kostnad_info
    "",  # språk: the default, sv
    "ja",
    "ingen",
    "ja",
    "nej",
    "45",
    "ja",
    "",
    "",
    "",
    "Redaktionen Omsorgskatalogen",
    "",  # granskad: the default, today
    "account",
    "Välj Utbildning i menyn och sök på kursens namn.",  # the link is the provider's start page
    "",
    "https://www.demenscentrum.se/",
    "",
]


def test_in_a_terminal_it_asks_for_every_value_and_asks_again_after_a_mistake(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replies = answers(*ANSWERS)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(replies)

    assert new_course.main(["--catalogue", str(catalogue_dir)], ask=ask) == 0
    shown = capsys.readouterr().out
    assert "okänt ämne 'demenz' — menade du demens?\n" in shown  # the choices are on screen already
    assert "Språk [sv]: " in prompts
    training = load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"]
    assert training.description == "Första raden.\n\nAndra stycket."
    assert training.topics == ["demens"]
    assert training.media.audio is False
    assert training.last_reviewed == swedish_today()
    assert training.signup.note == "Välj Utbildning i menyn och sök på kursens namn."
    assert [str(source.url) for source in training.sources] == ["https://www.demenscentrum.se/"]


def test_in_a_terminal_a_value_the_model_rejects_is_asked_again(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = [item for pair in FLAGS.items() if pair[0] != "--url" for item in pair]
    replies = answers("kunskapsguiden.se", *[""] * 9, "https://kunskapsguiden.se/")

    def ask(prompt: str) -> str:
        return next(replies)

    assert new_course.main([*arguments, "--catalogue", str(catalogue_dir)], ask=ask) == 0
    assert "--url: är ingen giltig webbadress: 'kunskapsguiden.se'" in capsys.readouterr().out
    training = load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"]
    assert str(training.url) == "https://kunskapsguiden.se/"


def test_stopping_in_the_middle_of_the_questions_writes_nothing(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    replies = answers("Demens – ABC för hemtjänst", "Grunderna om demenssjukdom.")

    def ask(prompt: str) -> str:
        return next(replies, None) or _end_of_input()

    assert new_course.main(["--catalogue", str(catalogue_dir)], ask=ask) == 1
    assert "Avbrutet; ingen fil skrevs." in capsys.readouterr().err
    assert trainings_in(catalogue_dir) == before


def _end_of_input() -> str:
    raise EOFError


def test_run_in_a_real_terminal_the_script_asks(catalogue_dir: Path) -> None:
    controller, terminal = os.openpty()
    flags = [item for pair in FLAGS.items() if pair[0] != "--owner" for item in pair]
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), *flags, "--catalogue", str(catalogue_dir)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    os.write(controller, b"\n\n\n\n\nRedaktionen\n\n\n\n\n")  # kostnad_info … ansvarig … okontrollerat
    try:
        output, errors = process.communicate(timeout=20)
    finally:
        os.close(controller)
    assert process.returncode == 0, errors
    assert "Ansvarig för posten (en funktion, inte en person): " in output
    assert load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"].owner == "Redaktionen"
