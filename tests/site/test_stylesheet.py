"""Cutting Material's stylesheet to what our pages use, without a build."""

from __future__ import annotations

from catalogue_site.stylesheet import minified, page_css

THEME = (
    '@charset "UTF-8";'
    ":root{--md-used:#111;--md-unused:url(\"data:image/svg+xml;charset=utf-8,<svg a='{b;c}'/>\");"
    "--md-code-font:mono}"
    "body{--md-code-font-family:var(--md-code-font);color:var(--md-used)}"
    ".md-header{top:0}.md-search{top:1px}.md-header .md-search,.md-header__title{left:0}"
    "[dir=rtl] .md-header{right:0}[data-md-color-scheme=slate]{color:#fff}"
    ".md-typeset .ok-unused:not(.md-header){margin:0}"
    "@media screen and (min-width:76.25em){.md-header{height:3rem}.md-tabs{display:block}}"
    "@media print{.md-tabs{display:none}}"
    ".md-typeset code{font-family:var(--md-code-font-family)}.md-footer{color:var(--md-used)}"
)
PAGE = '<header class="md-header"><div class="md-header__title"></div></header><p>x</p>'
WITH_CODE = PAGE + '<article class="md-typeset"><code>x</code></article><footer class="md-footer"></footer>'


def test_rules_for_what_no_page_has_go_and_the_rest_stay() -> None:
    css = page_css(THEME, "", [PAGE, "const pre = el('code', {class: 'md-typeset'});"])
    everything = css.first_screen + css.rest
    assert ".md-header{top:0}" in everything
    assert "@media screen and (min-width:76.25em){.md-header{height:3rem}}" in everything
    assert (
        ".md-search" not in everything and ".md-tabs" not in everything and "@media print" not in everything
    )
    assert ".md-header__title{left:0}" in everything, "a selector list keeps the selectors a page can match"
    assert "[dir=rtl]" not in everything and "slate" not in everything
    assert ".md-typeset code{" in everything, "elements a script makes count"


def test_custom_properties_nothing_reads_go() -> None:
    css = page_css(THEME, "", [WITH_CODE])
    assert "--md-unused" not in css.first_screen + css.rest
    assert "--md-used:#111" in css.first_screen


def test_what_the_first_screen_cannot_show_loads_later_with_what_it_reads() -> None:
    css = page_css(THEME, "", [WITH_CODE])
    assert ".md-footer{" in css.rest and ".md-footer" not in css.first_screen
    assert ".md-typeset code{" in css.rest
    # The code font is set on body (first screen) and read only by the later code rule: it stays.
    assert "--md-code-font-family:var(--md-code-font)" in css.first_screen
    assert "--md-code-font:mono" in css.first_screen
    assert "--md-used:#111" in css.rest, "the later file defines the properties it reads"


def test_our_stylesheet_comes_last_and_minified() -> None:
    own = (
        "/* why */\n.md-typeset .ok-lead {\n  font-size: 1.05em;\n}\n\n.ok-a > .ok-b , .ok-c { margin: 0 }\n"
    )
    css = page_css(THEME, own, [PAGE])
    assert css.first_screen.endswith(".md-typeset .ok-lead{font-size: 1.05em}.ok-a>.ok-b,.ok-c{margin: 0}")
    assert minified(own) == ".md-typeset .ok-lead{font-size: 1.05em}.ok-a>.ok-b,.ok-c{margin: 0}"
