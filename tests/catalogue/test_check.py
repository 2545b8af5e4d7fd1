"""Every validation rule, on a broken copy of a tiny catalogue: the exact line an editor reads."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue import check_catalogue
from catalogue.cli import main
from catalogue.dates import swedish_today

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "katalog"))


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture {name} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    catalogue, found = check_catalogue(root, TODAY)
    assert (catalogue is None) == any(p.severity == "error" for p in found)
    return [str(p).replace(f"{root.parent}/", "") for p in found]


def test_the_fixture_is_valid(root: Path) -> None:
    assert problems(root) == []


def test_yaml_syntax_error_names_the_line(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "title: Basal hygien", "title: Basal: hygien: [")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:2: (syntax): ett kolon och blanksteg mitt i ett värde"
        ' — sätt värdet inom citattecken, t.ex. title: "Demens: grunderna". Är raden ett eget fält,'
        " ska den börja i samma kolumn som fälten ovanför"
    ]


# YAML's own messages ("mapping values are not allowed in this context") mean nothing to an
# editor: each common mistake gets its Swedish explanation, on the line where the mistake is.
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Basal hygien",
            'title: "Basal hygien',
            ":2: (syntax): citattecknet stängs aldrig"
            " — avsluta texten med samma citattecken som den börjar med",
        ),
        (
            "topics: [hygien]",
            "topics: [hygien, demens",
            ":8: (syntax): listan inom [ ] avslutas aldrig"
            " — skriv ] i slutet av listan, på samma rad: topics: [demens, vardegrund]",
        ),
        (
            "media: {video: true, audio: true, download_mb: 40}",
            "media: {video: true, audio: true, download_mb: 40",
            ":17: (syntax): gruppen inom { } avslutas aldrig"
            " — skriv } i slutet av gruppen, på samma rad: media: {video: true, audio: false}",
        ),
        (
            "owner: Redaktionen",
            "owner Redaktionen",
            ":21: (syntax): raden saknar kolon efter fältnamnet"
            " — skriv fältnamn, kolon, blanksteg och värde (owner: Redaktionen); hör raden till"
            " texten ovanför ska den vara indragen som den",
        ),
        (
            "  note: Din enhetschef anmäler dig.",
            "\tnote: Din enhetschef anmäler dig.",
            ":31: (syntax): raden är indragen med tabb — dra in med mellanslag i stället för tabb",
        ),
        (
            "  kind: manager",
            "   kind: manager",
            ":31: (syntax): raden är indragen mer eller mindre än raderna omkring den"
            " — fält på samma nivå ska börja i samma kolumn",
        ),
        (
            "title: Basal hygien",
            "title: @basal hygien",
            ':2: (syntax): ett värde kan inte börja med @ — sätt värdet inom citattecken: "@…"',
        ),
        (
            "title: Basal hygien",
            "title: *Basal hygien",
            ':2: (syntax): ett värde kan inte börja med * — sätt värdet inom citattecken: "*…"',
        ),
        (
            "title: Basal hygien",
            'title: "Basal hygien C:\\dator"',
            ":2: (syntax): okänt tecken efter \\ inom dubbla citattecken"
            " — använd enkla citattecken runt texten, eller skriv \\\\ för ett \\",
        ),
        (
            "title: Basal hygien",
            'title: "Basal" hygien',
            ":2: (syntax): text efter det avslutande citattecknet"
            " — sätt hela värdet inom citattecken, eller ta bort citattecknen",
        ),
        (
            "title: Basal hygien",
            "title: Basal hygien\n---\nid: annan",
            ":3: (syntax): filen har mer än ett dokument"
            " — ta bort raden med ---; en fil beskriver en enda post",
        ),
        (
            "title: Basal hygien",
            "title: Basal\x07hygien",
            ":2: (syntax): raden har ett osynligt styrtecken (#x07)"
            " — ta bort tecknet; det följer ofta med när text klistras in från ett annat program",
        ),
    ],
)
def test_yaml_syntax_errors_are_explained_in_swedish_on_their_line(
    root: Path, old: str, new: str, expected: str
) -> None:
    edit(root, "trainings/hygien.yml", old, new)
    assert problems(root) == ["katalog/trainings/hygien.yml" + expected]


def test_unknown_field_suggests_the_one_meant(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_kr: 0")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:13: cost_kr: okänt fält — menade du cost_sek? Ta annars bort fältet.",
    ]


def test_unknown_nested_field_lists_the_allowed_ones(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "download_mb: 40}", "download_mb: 40, subtitles: true}")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:17: media.subtitles: okänt fält"
        " — tillåtna fält är: audio, download_mb, video"
    ]


def test_missing_required_field_points_at_the_file_start(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "owner: Redaktionen\n", "")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:1: owner: fältet saknas — lägg till fältet, se mallen i För redaktörer"
    ]


def test_a_field_written_twice_is_reported_not_silently_overwritten(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: 0\ncost_sek: 500")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:14: (syntax): fältet 'cost_sek' står två gånger"
        " — ta bort den ena raden eller slå ihop dem"
    ]


def test_field_names_must_be_text_and_numbers_within_reason(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: 99999999999\n2026: gratis")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:13: cost_sek: är för stort: 99999999999"
        " — skriv ett tal som är högst 1000000",
        "katalog/trainings/hygien.yml:14: [2026]: fältnamnet ska vara text"
        " — skriv fältets namn, t.ex. title, före kolonet",
    ]


def test_vocabulary_entry_that_is_not_a_group_of_fields(root: Path) -> None:
    with (root / "roles.yml").open("a", encoding="utf-8") as roles:
        roles.write("- sjukskoterska\n")
    assert problems(root) == [
        "katalog/roles.yml:7: (posten): ska vara en grupp av fält, inte 'sjukskoterska'"
        " — se mallen i För redaktörer"
    ]


def test_wrong_types(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "duration_hours: 1.5", 'duration_hours: "1,5"')
    edit(root, "trainings/hygien.yml", "works_on_phone: true", "works_on_phone: kanske")
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", "last_reviewed: 1 november")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:12: duration_hours: ska vara ett tal, inte '1,5'"
        " — skriv ett tal utan citattecken, t.ex. 1.5",
        "katalog/trainings/hygien.yml:15: works_on_phone: ska vara true eller false, inte 'kanske'"
        " — skriv true eller false",
        "katalog/trainings/hygien.yml:22: last_reviewed: ska vara ett datum, inte '1 november'"
        " — skriv datumet som ÅÅÅÅ-MM-DD",
    ]


def test_a_year_of_study_is_a_length_but_a_slip_of_the_keyboard_is_not(root: Path) -> None:
    # 60 högskolepoäng are 1,600 hours: the limit was 500, and a one-year programme said 200.
    edit(root, "trainings/hygien.yml", "duration_hours: 1.5", "duration_hours: 1600")
    assert problems(root) == []
    edit(root, "trainings/hygien.yml", "duration_hours: 1600", "duration_hours: 16000")
    assert problems(root) == [
        # The limit as an editor writes it, not as the float it is (2000.0).
        "katalog/trainings/hygien.yml:12: duration_hours: är för stort: 16000"
        " — skriv ett tal som är högst 2000",
    ]


def test_impossible_date_is_reported_on_its_line(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", "last_reviewed: 2026-11-31")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:22: last_reviewed: ska vara ett datum, inte '2026-11-31'"
        " — skriv datumet som ÅÅÅÅ-MM-DD"
    ]


def test_unquoted_times_are_read_as_times(root: Path) -> None:
    edit(root, "trainings/hygien.yml", 'start: "09:00"', "start: 09:00")
    edit(root, "trainings/hygien.yml", 'end: "12:00"', "end: 12:00")
    assert problems(root) == []
    catalogue, _ = check_catalogue(root, TODAY)
    assert catalogue is not None
    assert (
        catalogue.trainings["hygien"].sessions[0].start,
        catalogue.trainings["hygien"].sessions[0].end,
    ) == (
        "09:00",
        "12:00",
    )


def test_invalid_url(root: Path) -> None:
    edit(
        root,
        "trainings/hygien.yml",
        "url: https://www.socialstyrelsen.se/hygien",
        "url: www.socialstyrelsen.se",
    )
    assert problems(root) == [
        "katalog/trainings/hygien.yml:7: url: är ingen giltig webbadress: 'www.socialstyrelsen.se'"
        " — skriv hela adressen med https://"
    ]


def test_an_address_with_a_space_is_explained_in_swedish(root: Path) -> None:
    edit(
        root,
        "trainings/hygien.yml",
        "url: https://www.socialstyrelsen.se/hygien",
        "url: https://www.socialstyrelsen.se/hygien och smitta",
    )
    assert problems(root) == [
        "katalog/trainings/hygien.yml:7: url: är ingen giltig webbadress:"
        " 'https://www.socialstyrelsen.se/hygien och smitta'"
        " — ta bort mellanslag och tecken som inte hör till adressen; kopiera den från webbläsaren"
    ]


def test_unknown_choice_lists_the_allowed_values(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "level: bas", "level: grund")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:10: level: har ett okänt värde: 'grund'"
        " — välj ett av: bas, fördjupning, spets"
    ]


def test_id_must_match_the_file_name(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "id: hygien", "id: basal-hygien")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:1: id: id 'basal-hygien' är inte samma som filnamnet"
        " — döp om filen till basal-hygien.yml eller ändra id till hygien"
    ]


def test_id_must_be_a_slug(root: Path) -> None:
    (root / "trainings" / "hygien.yml").rename(root / "trainings" / "Hygien.yml")
    edit(root, "trainings/Hygien.yml", "id: hygien", "id: Hygien")
    assert problems(root) == [
        "katalog/paths/intro.yml:9: steps[0].training: okänd utbildning 'hygien'"
        " — ange id för en fil i trainings/",
        "katalog/trainings/Hygien.yml:1: id: har fel form: 'Hygien'"
        " — använd små bokstäver a–z, siffror och bindestreck (tider som TT:MM)",
    ]


def test_references_to_a_broken_entry_are_not_reported_twice(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: gratis")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:13: cost_sek: ska vara ett heltal, inte 'gratis'"
        " — skriv ett heltal utan citattecken, t.ex. 0"
    ]


def test_duplicate_ids_in_a_vocabulary(root: Path) -> None:
    with (root / "topics.yml").open("a", encoding="utf-8") as topics:
        topics.write("- id: hygien\n  label: Hygien igen\n  description: En dubblett.\n")
    assert problems(root) == [
        "katalog/topics.yml:7: id: id 'hygien' finns redan"
        " — varje id får bara förekomma en gång; byt id på den ena posten"
    ]


def test_unknown_references_suggest_a_close_id(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "provider: socialstyrelsen", "provider: socialstyrelse")
    edit(root, "trainings/hygien.yml", "roles: [underskoterska]", "roles: [underskoterska, sjukskoterska]")
    edit(root, "trainings/hygien.yml", "municipalities: [asele]", "municipalities: [åsele]")
    edit(root, "trainings/hygien.yml", "    municipality: asele", "    municipality: lycksele")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:20: municipalities[0]: har fel form: 'åsele'"
        " — använd små bokstäver a–z, siffror och bindestreck (tider som TT:MM)",
    ]
    edit(root, "trainings/hygien.yml", "municipalities: [åsele]", "municipalities: [asel]")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:6: provider: okänd anordnare 'socialstyrelse'"
        " — menade du socialstyrelsen?",
        "katalog/trainings/hygien.yml:9: roles[1]: okänd roll 'sjukskoterska'"
        " — välj ett id ur roles.yml eller lägg till det där",
        "katalog/trainings/hygien.yml:20: municipalities[0]: okänd kommun 'asel' — menade du asele?",
        "katalog/trainings/hygien.yml:28: sessions[0].municipality: okänd kommun 'lycksele'"
        " — välj ett id ur municipalities.yml eller lägg till det där",
    ]


def test_path_may_not_point_at_an_archived_or_missing_training(root: Path) -> None:
    edit(root, "paths/intro.yml", "  - training: hygien", "  - training: gammal")
    assert problems(root) == [
        "katalog/paths/intro.yml:9: steps[0].training: utbildningen 'gammal' är arkiverad"
        " — ta bort steget eller byt till en aktiv utbildning"
    ]
    edit(root, "paths/intro.yml", "  - training: gammal", "  - training: hygein")
    assert problems(root) == [
        "katalog/paths/intro.yml:9: steps[0].training: okänd utbildning 'hygein' — menade du hygien?"
    ]


def test_path_step_roles_must_belong_to_the_path(root: Path) -> None:
    edit(root, "paths/intro.yml", "roles: [underskoterska, enhetschef]", "roles: [underskoterska]")
    assert problems(root) == [
        "katalog/paths/intro.yml:11: steps[0].recommended_for[0]: rollen 'enhetschef' ingår inte i vägen"
        " — lägg till 'enhetschef' under roles i vägen, eller ta bort den här"
    ]


def test_path_deadline_is_bounded(root: Path) -> None:
    edit(root, "paths/intro.yml", "complete_within_days: 90", "complete_within_days: 9999999999")
    assert problems(root) == [
        "katalog/paths/intro.yml:6: complete_within_days: är för stort: 9999999999"
        " — skriv ett tal som är högst 3650"
    ]


def test_only_one_path_is_the_introduction(root: Path) -> None:
    text = (root / "paths" / "intro.yml").read_text(encoding="utf-8")
    (root / "paths" / "intro2.yml").write_text(text.replace("id: intro", "id: intro2"), encoding="utf-8")
    assert problems(root) == [
        "katalog/paths/intro2.yml:7: introduction: en introduktion finns redan"
        " — bara en lärväg kan vara introduktionen; den är redan 'intro'"
    ]


def test_assessment_scale_must_have_the_four_levels(root: Path) -> None:
    edit(root, "assessments/digital.yml", "{value: 4, label: Säkert", "{value: 3, label: Säkert")
    assert problems(root) == [
        "katalog/assessments/digital.yml:6: scale: har nivåerna [1, 2, 3, 3]"
        " — skalan ska ha nivåerna 1, 2, 3 och 4, en gång var"
    ]


def test_session_must_end_after_it_starts(root: Path) -> None:
    edit(root, "trainings/hygien.yml", 'end: "12:00"', 'end: "08:30"')
    assert problems(root) == [
        "katalog/trainings/hygien.yml:26: sessions[0].end: slutar innan det börjar"
        " — sluttiden ska vara senare än starttiden"
    ]


def test_review_overdue_is_a_warning_and_future_review_an_error(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", "last_reviewed: 2025-10-01")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:22: last_reviewed: varning: granskades senast 2025-10-01,"
        " för mer än 12 månader sedan — granska uppgifterna hos anordnaren och uppdatera last_reviewed"
    ]
    assert check_catalogue(root, TODAY)[0] is not None
    edit(root, "trainings/hygien.yml", "last_reviewed: 2025-10-01", "last_reviewed: 2027-01-01")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:22: last_reviewed: 2027-01-01 ligger i framtiden"
        " — skriv det datum då posten faktiskt granskades"
    ]


def test_a_last_day_passed_is_a_warning_to_archive_and_not_before(root: Path) -> None:
    edit(
        root, "trainings/hygien.yml", "renewal_months: 12", "renewal_months: 12\navailable_until: 2026-11-26"
    )
    assert problems(root) == []  # the last day itself is still a day to take it
    edit(root, "trainings/hygien.yml", "available_until: 2026-11-26", "available_until: 2026-11-25")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:20: available_until: varning: gick att göra till och med 2026-11-25"
        " — arkivera posten (status: archived) och ta bort den ur utbildningsvägarna"
    ]
    assert check_catalogue(root, TODAY)[0] is not None


def test_file_with_another_ending_is_reported_not_ignored(root: Path) -> None:
    (root / "trainings" / "hygien.yml").rename(root / "trainings" / "hygien.yaml")
    assert problems(root) == [
        "katalog/paths/intro.yml:9: steps[0].training: okänd utbildning 'hygien'"
        " — ange id för en fil i trainings/",
        "katalog/trainings/hygien.yaml:1: (filen): filen läses inte"
        " — döp om filen så att den slutar på .yml, eller ta bort den",
    ]


def test_empty_or_non_utf8_files(root: Path) -> None:
    (root / "trainings" / "hygien.yml").write_text("", encoding="utf-8")
    (root / "trainings" / "gammal.yml").write_bytes("id: gammal\n\ntitle: Förflyttning".encode("cp1252"))
    assert problems(root) == [
        "katalog/trainings/gammal.yml:3: (filen): är inte sparad som UTF-8: tecknet 'ö' på den här raden"
        " är sparat i en annan teckenkodning — spara filen som UTF-8 (i VS Code: klicka på"
        " teckenkodningen längst ned till höger och välj Spara med kodning, UTF-8)",
        "katalog/trainings/hygien.yml:1: (filen): saknar fält"
        " — filen ska bestå av fält som 'id: …' på var sin rad",
    ]


def test_missing_vocabulary_file(root: Path) -> None:
    (root / "languages.yml").unlink()
    assert problems(root)[0] == (
        "katalog/languages.yml:1: (filen): filen saknas"
        " — lägg till languages.yml i katalogmappen (en lista med id och namn)"
    )


def test_every_problem_is_reported_in_one_run(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: gratis")
    edit(root, "trainings/gammal.yml", "level: fördjupning", "level: djup")
    edit(root, "paths/intro.yml", "complete_within_days: 90", "complete_within_days: 0")
    assert [line.split(": ", 1)[0] for line in problems(root)] == [
        "katalog/paths/intro.yml:6",
        "katalog/trainings/gammal.yml:9",
        "katalog/trainings/hygien.yml:13",
    ]


def test_cli_exit_codes_and_github_annotations(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["check", str(root)]) == 0
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: -5")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    capsys.readouterr()
    assert main(["check", str(root)]) == 1
    output = capsys.readouterr()
    path = root / "trainings" / "hygien.yml"
    assert output.out.splitlines() == [
        f"{path}:13: cost_sek: är för litet: -5 — skriv ett tal som är minst 0",
        f"::error file={path},line=13::cost_sek: är för litet: -5 — skriv ett tal som är minst 0",
    ]
    assert output.err.startswith("1 fel, 0 varningar")


def test_python_m_catalogue_exits_as_ci_expects(root: Path) -> None:
    def exit_code(*arguments: str) -> int:
        command = [sys.executable, "-m", "catalogue", *arguments]
        return subprocess.run(command, capture_output=True, check=False).returncode

    assert exit_code("check", str(root)) == 0
    edit(root, "trainings/hygien.yml", "cost_sek: 0", "cost_sek: -5")
    assert exit_code("check", str(root)) == 1
    assert exit_code() == 2  # no command: argparse's usage error


def test_cli_reports_a_folder_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "saknas")]) == 1
    assert "saknas:1: (mappen): mappen finns inte" in capsys.readouterr().out


def test_reviewed_today_in_sweden_is_not_in_the_future_whatever_the_server_clock(
    root: Path, server_clock_off_from_sweden: datetime.date
) -> None:
    today = server_clock_off_from_sweden
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", f"last_reviewed: {today}")
    assert check_catalogue(root)[1] == []
    tomorrow = today + datetime.timedelta(days=1)
    edit(root, "trainings/hygien.yml", f"last_reviewed: {today}", f"last_reviewed: {tomorrow}")
    assert [p.message for p in check_catalogue(root)[1]] == [f"{tomorrow} ligger i framtiden"]


# --- Facts a reader acts on: sources, cost, how to sign up, who must take it ------------------


def test_an_active_training_needs_a_source(root: Path) -> None:
    edit(
        root,
        "trainings/hygien.yml",
        "sources:\n  - url: https://www.socialstyrelsen.se/hygien\n    read_on: 2026-11-01\n",
        "",
    )
    assert problems(root) == [
        "katalog/trainings/hygien.yml:1: sources: ingen källa"
        " — lägg till sources med sidan där uppgifterna står (url) och dagen du läste den (read_on)"
    ]


def test_an_archived_training_needs_no_source(root: Path) -> None:
    assert "sources" not in (root / "trainings" / "gammal.yml").read_text(encoding="utf-8")
    assert problems(root) == []


def test_a_source_read_in_the_future_is_an_error(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "    read_on: 2026-11-01", "    read_on: 2026-12-24")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:34: sources[0].read_on: 2026-12-24 ligger i framtiden"
        " — skriv dagen då sidan faktiskt lästes"
    ]


def test_a_missing_cost_needs_a_note_saying_why(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "cost_sek: 0\n", "")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:1: cost_sek: kostnaden saknas"
        " — skriv cost_sek i kronor (0 = gratis), eller cost_note om kostnaden varierar eller är okänd"
    ]
    edit(
        root,
        "trainings/hygien.yml",
        "languages: [sv]",
        "cost_note: Varierar mellan kommunerna.\nlanguages: [sv]",
    )
    assert problems(root) == []
    catalogue, _ = check_catalogue(root, TODAY)
    assert catalogue is not None and catalogue.trainings["hygien"].cost_kind() == "unknown"


def test_signup_kind_must_be_one_of_the_known_ways(root: Path) -> None:
    edit(root, "trainings/hygien.yml", "  kind: manager", "  kind: chef")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:30: signup.kind: har ett okänt värde: 'chef'"
        " — välj ett av: open, account, manager, apply"
    ]


def link_to_the_providers_start_page(root: Path, start_page: str) -> None:
    edit(root, "trainings/hygien.yml", "url: https://www.socialstyrelsen.se/hygien", f"url: {start_page}")


def test_a_link_to_the_providers_start_page_must_say_how_to_find_the_training(root: Path) -> None:
    link_to_the_providers_start_page(root, "https://www.socialstyrelsen.se")  # no slash: the same page
    edit(root, "trainings/hygien.yml", "  note: Din enhetschef anmäler dig.\n", "")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:7: url: går till anordnarens startsida"
        " — länka till utbildningens egen sida, eller skriv i signup.note hur man hittar den där"
    ]


def test_a_mandatory_introduction_step_needs_its_own_link_or_the_manager(root: Path) -> None:
    link_to_the_providers_start_page(root, "https://www.socialstyrelsen.se/")
    edit(root, "trainings/hygien.yml", "  kind: manager", "  kind: account")
    assert problems(root) == [
        "katalog/paths/intro.yml:9: steps[0].training: obligatoriskt steg utan länk till utbildningen"
        " eller anmälan via chefen — länka 'hygien' till utbildningens egen sida,"
        " eller ge den signup.kind: manager"
    ]
    edit(root, "trainings/hygien.yml", "  kind: account", "  kind: manager")
    assert problems(root) == []


def test_a_training_text_may_not_say_it_is_mandatory(root: Path) -> None:
    edit(
        root,
        "trainings/hygien.yml",
        "  Handhygien och skyddsutrustning.",
        "  Obligatorisk för alla nyanställda.",
    )
    edit(root, "trainings/hygien.yml", "summary: Kort om basala", "summary: Obligatoriskt och kort om basala")
    assert problems(root) == [
        "katalog/trainings/hygien.yml:3: summary: säger att utbildningen är obligatorisk"
        " — ta bort det: vilka som måste gå den står i utbildningsvägarna och visas på sidan därifrån",
        "katalog/trainings/hygien.yml:4: description: säger att utbildningen är obligatorisk"
        " — ta bort det: vilka som måste gå den står i utbildningsvägarna och visas på sidan därifrån",
    ]


def test_due_lists_entries_due_for_review_and_unchecked_facts_for_editors(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", "last_reviewed: 2024-01-15")
    edit(root, "trainings/hygien.yml", "signup:", "unverified: Längden är uppskattad.\nsignup:")
    assert main(["due", str(root)]) == 0
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        "2024-01-15  hygien  (Redaktionen)",
        "    granskades senast 2024-01-15, för mer än 12 månader sedan",
        "    ej kontrollerat: Längden är uppskattad.",
    ]
    assert "1 poster ska granskas, 0 har okontrollerade uppgifter" in output.err


def test_due_lists_a_training_past_its_last_day_first_to_be_archived(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        root, "trainings/hygien.yml", "renewal_months: 12", "renewal_months: 12\navailable_until: 2026-01-31"
    )
    edit(root, "trainings/hygien.yml", "last_reviewed: 2026-11-01", f"last_reviewed: {swedish_today()}")
    assert main(["due", str(root)]) == 0
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        f"{swedish_today()}  hygien  (Redaktionen)",
        "    gick att göra till och med 2026-01-31: arkivera posten",
    ]
    assert "1 ska arkiveras, 0 poster ska granskas, 0 har okontrollerade uppgifter" in output.err
