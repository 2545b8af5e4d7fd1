"""YAML syntax errors explained in Swedish, on the line where the editor's mistake is.

libyaml says "mapping values are not allowed in this context"; an editor needs to hear that a
colon inside a value wants quotes. Each common mistake has its message and fix here. Where libyaml
notices a mistake only further down (a quote or a list never closed, a key without its colon), the
line reported is the one where the unfinished thing began.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Explanation:
    """One kind of syntax error: libyaml's words for it, and what an editor should read instead."""

    says: str  # the start of libyaml's (or PyYAML's) problem text
    message: str
    hint: str
    # Report the line where the unfinished construct began, not where libyaml gave up on it.
    at_start: bool = False
    # When libyaml's words fit several mistakes: the one whose reported line matches this.
    line_pattern: re.Pattern[str] | None = None

    def fits(self, problem: str, line: str) -> bool:
        if not problem.startswith(self.says):
            return False
        return self.line_pattern is None or self.line_pattern.search(line) is not None


_UNCLOSED = Explanation(
    "found unexpected end of stream",
    "citattecknet stängs aldrig",
    "avsluta texten med samma citattecken som den börjar med",
    at_start=True,
)
_EXPLANATIONS = (
    Explanation(
        "mapping values are not allowed",
        "ett kolon och blanksteg mitt i ett värde",
        'sätt värdet inom citattecken, t.ex. title: "Demens: grunderna". Är raden ett eget fält, ska den'
        " börja i samma kolumn som fälten ovanför",
    ),
    _UNCLOSED,
    Explanation(
        "did not find expected ',' or ']'",
        "listan inom [ ] avslutas aldrig",
        "skriv ] i slutet av listan, på samma rad: topics: [demens, vardegrund]",
        at_start=True,
    ),
    Explanation(
        "did not find expected ',' or '}'",
        "gruppen inom { } avslutas aldrig",
        "skriv } i slutet av gruppen, på samma rad: media: {video: true, audio: false}",
        at_start=True,
    ),
    Explanation(
        "could not find expected ':'",
        "raden saknar kolon efter fältnamnet",
        "skriv fältnamn, kolon, blanksteg och värde (owner: Redaktionen); hör raden till texten ovanför"
        " ska den vara indragen som den",
        at_start=True,
    ),
    Explanation(
        "found a tab character",
        "raden är indragen med tabb",
        "dra in med mellanslag i stället för tabb",
    ),
    Explanation(
        "found character that cannot start any token",
        "ett värde kan inte börja med {character}",
        'sätt värdet inom citattecken: "{character}…"',
    ),
    Explanation(
        "found undefined alias",
        "ett värde kan inte börja med *",
        'sätt värdet inom citattecken: "*…"',
    ),
    Explanation(
        "did not find expected key",
        "text efter det avslutande citattecknet",
        "sätt hela värdet inom citattecken, eller ta bort citattecknen",
        line_pattern=re.compile(r"""^\s*(- )?[^:#'"]+:\s*("[^"]*"|'[^']*')\s*[^\s#]"""),
    ),
    Explanation(
        "did not find expected key",
        "raden är indragen mer eller mindre än raderna omkring den",
        "fält på samma nivå ska börja i samma kolumn",
    ),
    Explanation(
        "but found another document",
        "filen har mer än ett dokument",
        "ta bort raden med ---; en fil beskriver en enda post",
    ),
    Explanation(
        "found unknown escape character",
        "okänt tecken efter \\ inom dubbla citattecken",
        "använd enkla citattecken runt texten, eller skriv \\\\ för ett \\",
    ),
)
_FALLBACK_HINT = "rätta YAML-syntaxen: kolla indrag, kolon och citattecken"


def explain(error: yaml.YAMLError, text: str) -> tuple[int, str, str]:
    """The line, the Swedish message and the fix for a YAML syntax error found reading `text`."""
    if isinstance(error, yaml.reader.ReaderError):
        return _control_character(error, text)
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return 1, f"filen kan inte läsas som YAML ({error})", _FALLBACK_HINT
    lines = text.splitlines()
    mark = error.problem_mark
    unclosed = _unclosed_quote(lines[: mark.line])
    if unclosed is not None:
        # A quoted value may run over several lines, so libyaml only fails where the text
        # after the next quote character no longer fits: the mistake is the quote never closed.
        return unclosed + 1, _UNCLOSED.message, _UNCLOSED.hint
    found = next((e for e in _EXPLANATIONS if e.fits(error.problem or "", _line(lines, mark))), None)
    if found is None:
        return mark.line + 1, f"YAML-fel: {error.problem or error}", _FALLBACK_HINT
    if found.at_start and error.context_mark is not None:
        mark = error.context_mark
    row = _line(lines, mark)
    character = row[mark.column] if mark.column < len(row) else "?"
    message, hint = (part.replace("{character}", character) for part in (found.message, found.hint))
    return mark.line + 1, message, hint


def _line(lines: list[str], mark: yaml.Mark) -> str:
    return lines[mark.line] if mark.line < len(lines) else ""


def _control_character(error: yaml.reader.ReaderError, text: str) -> tuple[int, str, str]:
    """An invisible character libyaml refuses, such as a bell pasted in from another program."""
    line = text.count("\n", 0, max(error.position, 0)) + 1
    code = f"#x{error.character:02X}" if isinstance(error.character, int) else str(error.character)
    hint = "ta bort tecknet; det följer ofta med när text klistras in från ett annat program"
    return line, f"raden har ett osynligt styrtecken ({code})", hint


# `key: "text` or `- key: 'text` with no closing quote on the same line.
_OPENS_QUOTE = re.compile(r"""^\s*(- )?[^:#'"]+:\s*(?:"(?:[^"\\]|\\.)*|'(?:[^']|'')*)$""")


def _unclosed_quote(lines: list[str]) -> int | None:
    """The index of the first of `lines` whose value opens a quote that the line never closes."""
    return next((index for index, line in enumerate(lines) if _OPENS_QUOTE.match(line)), None)
