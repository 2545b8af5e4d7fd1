"""How editors' values become a training: ids, reading cells, validation and the written YAML."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from catalogue.answers import ValueProblem, load_vocabularies, parse_value, slugify
from catalogue.fields import FIELDS, Field
from catalogue.layout import schema_modeline
from catalogue.model import Training
from catalogue.training_files import build_training, render_training

FIELD = {field.column: field for field in FIELDS}
VALUES = {
    "titel": "Demens – ABC för hemtjänst",
    "sammanfattning": "Grunderna om demenssjukdom: symtom, bemötande och stöd i vardagen.",
    "beskrivning": "Första stycket.\r\nAndra raden.  \r\n\r\nAndra stycket.",
    "anordnare": "Svenskt Demenscentrum",
    "adress": "https://www.demenscentrum.se/",
    "ämnen": "demens, Värdegrund och bemötande",
    "roller": "underskoterska,vardbitrade",
    "nivå": "Bas",
    "format": "Webbutbildning",
    "timmar": "1,5",
    "kostnad": "0",
    "språk": "Svenska",
    "mobil": "ja",
    "inloggning": "BankID",
    "video": "JA",
    "ljud": "nej",
    "nedladdning_mb": "80",
    "intyg": "ja",
    "förnyas_månader": "",
    "kommuner": "Åsele, lycksele",
    "finansiering": "Äldreomsorgslyftet",
    "ansvarig": "Redaktionen Omsorgskatalogen",
    "granskad": "2026-11-02",
    "anmälan": "account",
    "källa": "https://www.demenscentrum.se/",
}


@pytest.fixture
def vocabularies(catalogue_dir: Path) -> dict[str, dict[str, str]]:
    return load_vocabularies(catalogue_dir)


def values(**changes: object) -> dict[Field, object]:
    return {FIELD[column]: value for column, value in {**VALUES, **changes}.items()}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Demens – ABC för hemtjänst", "demens-abc-for-hemtjanst"),
        ("Åldrandets sjukdomar: én översikt", "aldrandets-sjukdomar-en-oversikt"),
        ("Välfärdsteknik i omsorgen (del 2)", "valfardsteknik-i-omsorgen-del-2"),
    ],
)
def test_ids_are_made_from_titles_with_swedish_letters_transliterated(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_long_title_gives_an_id_cut_between_words_within_the_models_limit() -> None:
    slug = slugify("Personcentrerad vård " * 10)
    assert slug == "personcentrerad-vard-personcentrerad-vard-personcentrerad-vard-personcentrerad"


def test_fields_follow_the_models_order() -> None:
    names = list(dict.fromkeys(field.path[0] for field in FIELDS))
    model_order = [name for name in Training.model_fields if name in names]
    assert names == model_order


def test_spreadsheet_values_are_read_as_editors_write_them(vocabularies: dict[str, dict[str, str]]) -> None:
    data, problems = build_training(values(), vocabularies)
    assert problems == []
    assert data["id"] == "demens-abc-for-hemtjanst"
    assert data["provider"] == "svenskt-demenscentrum"
    assert data["topics"] == ["demens", "vardegrund"]
    assert data["level"] == "bas"
    assert data["sign_in"] == "bankid"
    assert data["languages"] == ["sv"]
    assert data["duration_hours"] == 1.5
    assert data["media"] == {"video": True, "audio": False, "download_mb": 80}
    assert data["municipalities"] == ["asele", "lycksele"]
    assert data["funding"] == ["aldreomsorgslyftet"]
    assert data["last_reviewed"] == datetime.date(2026, 11, 2)
    assert "renewal_months" not in data


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        ("kostnad", "1 200", 1200),
        ("kostnad", 1200.0, 1200),
        ("kostnad", "450 kr", 450),
        ("kostnad", "Gratis", 0),
        ("kostnad", "kostnadsfri", 0),
        ("adress", " https://www.demenscentrum.se/ ", "https://www.demenscentrum.se/"),
        ("timmar", 2, 2),
        ("timmar", "0,75", 0.75),
        ("mobil", "Nej", False),
        ("mobil", True, True),
        ("mobil", "SANT", True),
        ("granskad", datetime.datetime(2026, 5, 4, 0, 0), datetime.date(2026, 5, 4)),
        ("granskad", "2026-05-04 00:00:00", datetime.date(2026, 5, 4)),
        ("kommuner", "  ", None),
    ],
)
def test_cells_are_read_whatever_type_the_spreadsheet_gives(
    vocabularies: dict[str, dict[str, str]], column: str, raw: object, expected: object
) -> None:
    assert parse_value(FIELD[column], raw, vocabularies) == expected


@pytest.mark.parametrize(
    ("column", "raw", "message"),
    [
        ("kostnad", "1,5", "ska vara ett belopp i hela kronor, inte '1,5'"),
        ("förnyas_månader", "1,5", "ska vara ett heltal, inte '1,5'"),
        ("adress", "www.demenscentrum.se", "är ingen fullständig webbadress: 'www.demenscentrum.se'"),
        ("källa", "demenscentrum.se/abc", "är ingen fullständig webbadress: 'demenscentrum.se/abc'"),
        ("timmar", "en timme", "ska vara ett tal, inte 'en timme'"),
        ("timmar", "nan", "ska vara ett tal, inte 'nan'"),
        ("mobil", "kanske", "ska vara ja eller nej, inte 'kanske'"),
        ("granskad", "4/5/2026", "ska vara ett datum, inte '4/5/2026'"),
        ("roller", "underskoterska, chef", "okänd roll 'chef'"),
    ],
)
def test_unreadable_cells_say_what_is_wrong(
    vocabularies: dict[str, dict[str, str]], column: str, raw: object, message: str
) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(FIELD[column], raw, vocabularies)
    assert caught.value.message == message


def test_an_unknown_topic_suggests_the_closest_and_lists_them_all(
    vocabularies: dict[str, dict[str, str]],
) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(FIELD["ämnen"], "demenz", vocabularies)
    assert caught.value.message == "okänt ämne 'demenz'"
    assert caught.value.hint.startswith("menade du demens? Välj bland: ")
    for topic in vocabularies["topics.yml"]:
        assert topic in caught.value.hint


def test_model_rules_are_reported_against_the_field(vocabularies: dict[str, dict[str, str]]) -> None:
    _, problems = build_training(
        values(sammanfattning="x" * 201, adress="https://", källa="https://www.demenscentrum.se/ abc"),
        vocabularies,
    )
    found = {(problem.field.column, problem.message) for problem in problems}
    assert found == {
        ("sammanfattning", "är för långt"),
        ("adress", "är ingen giltig webbadress: 'https://'"),
        ("källa", "är ingen giltig webbadress: 'https://www.demenscentrum.se/ abc'"),
    }


def test_a_cost_that_cannot_be_read_gets_a_whole_kronor_hint(vocabularies: dict[str, dict[str, str]]) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(FIELD["kostnad"], "1,5", vocabularies)
    assert caught.value.hint == (
        "skriv kostnaden i hela kronor, t.ex. 450 (0 eller gratis när den är gratis);"
        " lämna tomt om den varierar eller är okänd"
    )


def test_an_empty_cost_without_a_note_is_reported_on_the_note(
    vocabularies: dict[str, dict[str, str]],
) -> None:
    _, problems = build_training(values(kostnad=""), vocabularies)
    assert [(p.field.column, p.message) for p in problems] == [
        ("kostnad_info", "saknas när kostnaden är tom")
    ]


def test_a_value_reported_unreadable_is_not_reported_again_as_missing(
    vocabularies: dict[str, dict[str, str]],
) -> None:
    _, problems = build_training(values(video="kanske", titel=""), vocabularies)
    assert [(p.field.column, p.message) for p in problems] == [
        ("titel", "saknas"),
        ("video", "ska vara ja eller nej, inte 'kanske'"),
    ]


def test_the_written_file_validates_and_reads_like_a_hand_written_one(
    vocabularies: dict[str, dict[str, str]],
) -> None:
    data, _ = build_training(values(), vocabularies)
    text = render_training(data)
    lines = text.splitlines()
    assert lines[0] == schema_modeline("trainings", 2)
    assert lines[1] == "id: demens-abc-for-hemtjanst"
    assert "description: |\n  Första stycket.\n  Andra raden.\n\n  Andra stycket.\n" in text
    assert "topics: [demens, vardegrund]" in lines
    assert "media: {video: true, audio: false, download_mb: 80}" in lines
    loaded = Training.model_validate(yaml.safe_load(text))
    assert [line.split(":")[0] for line in lines[1:] if line and not line.startswith((" ", "-"))] == [
        name for name in Training.model_fields if name in data
    ]
    assert loaded.description == "Första stycket.\nAndra raden.\n\nAndra stycket."
