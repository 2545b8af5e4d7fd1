"""`python -m catalogue new`: a training file from flags or questions, valid from the start."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogue import check_catalogue, load_catalogue
from catalogue.cli import main
from catalogue.dates import swedish_today
from tests.support.catalogue_copy import break_catalogue, trainings_in

COMMAND = [sys.executable, "-m", "catalogue", "new"]
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
    """The command as an editor runs it, with input that is not a terminal."""
    flags = {**FLAGS, **changes}
    arguments = [item for flag, value in flags.items() if value for item in (flag, value)]
    return subprocess.run(
        [*COMMAND, *arguments, "--catalogue", str(root)],
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
    assert f"--id: {path} finns redan — välj ett annat id" in result.stderr
    assert path.read_text() == original


def test_in_a_terminal_a_title_whose_file_exists_is_asked_again_at_once(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = any_training(catalogue_dir)
    original = existing.read_text()
    new_title = "Basala hygienrutiner i hemtjänsten"
    run = asked(catalogue_dir, capsys, without("--title"), existing.stem.replace("-", " "), new_title)
    assert run.code == 0
    assert run.prompts[:2] == ["Titel: ", "Titel: "]
    assert f"  {existing} finns redan — skriv en annan titel, eller ange ett eget id med --id\n" in run.shown
    assert "--title" not in run.shown
    assert existing.read_text() == original
    assert (catalogue_dir / "trainings" / "basala-hygienrutiner-i-hemtjansten.yml").is_file()


def test_when_the_catalogue_fails_its_check_the_new_file_is_not_kept(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reported = break_catalogue(catalogue_dir)
    before = trainings_in(catalogue_dir)
    arguments = [item for pair in FLAGS.items() for item in pair] + ["--catalogue", str(catalogue_dir)]
    assert main(["new", *arguments]) == 1
    output = capsys.readouterr()
    assert reported in output.out
    assert "så den sparades inte" in output.err
    assert trainings_in(catalogue_dir) == before


def answers(*given: str) -> Iterator[str]:
    yield from given


@dataclass
class Asked:
    """One run in a terminal: its exit code, the questions asked, and what it printed."""

    code: int
    prompts: list[str]
    shown: str


def asked(root: Path, capsys: pytest.CaptureFixture[str], flags: dict[str, str], *replies: str) -> Asked:
    """`new` with these flags in a terminal that gives these answers; Enter for the ten optional
    questions (kostnad_info, språk, förnyas, sista dag, kommuner, finansiering, granskad,
    anmälan_info, reser, okontrollerat) is added at the end."""
    given = answers(*replies, *[""] * 10)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(given)

    arguments = [item for pair in flags.items() for item in pair]
    code = main(["new", *arguments, "--catalogue", str(root)], ask=ask)
    return Asked(code, prompts, capsys.readouterr().out)


def without(flag: str) -> dict[str, str]:
    return {name: value for name, value in FLAGS.items() if name != flag}


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
    "",  # förnyas
    "31/12",  # sista dag in the wrong form: asked again
    "2026-12-31",
    "",  # kommuner
    "",  # finansiering
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

    assert main(["new", "--catalogue", str(catalogue_dir)], ask=ask) == 0
    shown = capsys.readouterr().out
    assert "okänt ämne 'demenz' — menade du demens?\n" in shown  # the choices are on screen already
    assert "Språk [sv]: " in prompts
    training = load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"]
    assert training.description == "Första raden.\n\nAndra stycket."
    assert training.topics == ["demens"]
    assert training.media.audio is False
    assert training.last_reviewed == swedish_today()
    assert training.available_until == datetime.date(2026, 12, 31)
    assert training.signup.note == "Välj Utbildning i menyn och sök på kursens namn."
    assert [str(source.url) for source in training.sources] == ["https://www.demenscentrum.se/"]


URL_QUESTION = "Webbadress till utbildningens egen sida (https://…): "


def test_in_a_terminal_an_address_without_https_is_refused_at_its_own_question(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = asked(catalogue_dir, capsys, without("--url"), "kunskapsguiden.se", "https://kunskapsguiden.se/")
    assert run.code == 0
    assert run.prompts[:2] == [URL_QUESTION, URL_QUESTION]  # asked again at once, nothing in between
    assert (
        "  är ingen fullständig webbadress: 'kunskapsguiden.se'"
        " — skriv hela adressen med https:// först, t.ex. https://kunskapsguiden.se\n"
    ) in run.shown
    assert "--url" not in run.shown
    training = load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"]
    assert str(training.url) == "https://kunskapsguiden.se/"


def test_in_a_terminal_a_value_the_model_rejects_is_refused_at_its_question(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = asked(catalogue_dir, capsys, without("--summary"), "x" * 201, "Grunderna om demenssjukdom.")
    assert run.code == 0
    assert run.prompts[0] == run.prompts[1]
    assert "  är för långt — korta texten till högst 200 tecken\n" in run.shown


def test_in_a_terminal_a_bad_flag_is_named_and_its_question_asked(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = {**FLAGS, "--url": "www.demenscentrum.se/utbildningar"}
    run = asked(catalogue_dir, capsys, flags, "https://www.demenscentrum.se/utbildningar")
    assert run.code == 0
    assert run.shown.startswith("--url: är ingen fullständig webbadress: 'www.demenscentrum.se/utbildningar'")
    assert run.prompts[0] == URL_QUESTION


def test_in_a_terminal_gratis_for_cost_means_0_kronor(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert asked(catalogue_dir, capsys, without("--cost-sek"), "Gratis").code == 0
    assert load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"].cost_sek == 0


@pytest.mark.parametrize(
    ("first", "refused"),
    [
        # A cost in words: refused with a whole-kronor answer; then no cost.
        (
            "beror på",
            "  ska vara ett belopp i hela kronor, inte 'beror på' — skriv kostnaden i hela kronor, t.ex. 450"
            " (0 eller gratis när den är gratis); lämna tomt om den varierar eller är okänd\n",
        ),
        # No cost and no note: the note is refused at its own question.
        (
            "",
            "  saknas när kostnaden är tom — skriv vad som gäller, t.ex. att kostnaden varierar mellan"
            " anordnare, eller ange kostnaden i kronor\n",
        ),
    ],
)
def test_in_a_terminal_a_cost_that_is_not_whole_kronor_is_explained_at_once(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str], first: str, refused: str
) -> None:
    # Then empty answers until the note, which says what the cost is about.
    run = asked(catalogue_dir, capsys, without("--cost-sek"), first, "", "Varierar mellan kommunerna.")
    assert run.code == 0
    assert refused in run.shown
    assert "1,5" not in run.shown
    training = load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"]
    assert (training.cost_sek, training.cost_note) == (None, "Varierar mellan kommunerna.")


def test_stopping_in_the_middle_of_the_questions_writes_nothing(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = trainings_in(catalogue_dir)
    replies = answers("Demens – ABC för hemtjänst", "Grunderna om demenssjukdom.")

    def ask(prompt: str) -> str:
        return next(replies, None) or _end_of_input()

    assert main(["new", "--catalogue", str(catalogue_dir)], ask=ask) == 1
    assert "Avbrutet; ingen fil skrevs." in capsys.readouterr().err
    assert trainings_in(catalogue_dir) == before


def _end_of_input() -> str:
    raise EOFError


def test_run_in_a_real_terminal_the_command_asks(catalogue_dir: Path) -> None:
    controller, terminal = os.openpty()
    flags = [item for pair in FLAGS.items() if pair[0] != "--owner" for item in pair]
    process = subprocess.Popen(
        [*COMMAND, *flags, "--catalogue", str(catalogue_dir)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    os.write(controller, b"\n\n\n\n\n\nRedaktionen\n\n\n\n\n")  # kostnad_info … ansvarig … okontrollerat
    try:
        output, errors = process.communicate(timeout=20)
    finally:
        os.close(controller)
    assert process.returncode == 0, errors
    assert "Ansvarig för posten (en funktion, inte en person): " in output
    assert load_catalogue(catalogue_dir).trainings["demens-abc-for-hemtjanst"].owner == "Redaktionen"
