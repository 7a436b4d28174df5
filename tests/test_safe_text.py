"""xxgk.safe_text: outside text shown literally in Markdown, terminals and spreadsheets."""

import re

import pytest

from xxgk.safe_text import (
    clean_bidi,
    clean_control,
    clean_excel,
    escape_markdown,
    has_control,
    is_formula,
    neutralise_formula,
)


@pytest.mark.parametrize(
    "hostile",
    [
        "[点此重新登录](http://127.0.0.2:9/phish)",
        "![x](http://127.0.0.2:9/beacon.png)",
        "**粗体**",
        "$x^2$",
        ":red[红字]",
        "<img src=http://127.0.0.2:9/a.png>",
        "line one\n# heading\n- item",
        "http://127.0.0.2:9/auto HTTPS://x.cn WWW.example.com a@b.com",
        ":material/home: :smile:",
    ],
)
def test_escaped_markdown_has_no_unescaped_special_character(hostile: str) -> None:
    escaped = escape_markdown(hostile)
    assert "\n" not in escaped and "\r" not in escaped
    # Remove every escape pair: what is left has no character Markdown, KaTeX or Streamlit reads.
    bare = re.sub(r"\\.", "", escaped)
    assert not set(bare) & set("\\`*_{}[]()#+-.!|<>~$:&")
    # What renderers find in the text after parsing (autolinks, icons) is broken by a word joiner.
    text = re.sub(r"\\(.)", r"\1", escaped)
    assert not re.search(r"https?://|www\.|\w@\w|:material/", text, re.IGNORECASE)
    # Undoing the escapes and dropping the invisible joiners gives the text back (newlines as spaces).
    assert text.replace("\u2060", "") == hostile.replace("\n", " ")


def test_escaped_markdown_shows_control_and_bidi_characters() -> None:
    assert escape_markdown("孟津区\u202e司法局\x1b[1m\r\n下一行") == "孟津区\ufffd司法局␛\\[1m 下一行"


def test_escape_markdown_takes_any_value() -> None:
    assert escape_markdown(None) == ""
    assert escape_markdown(2021) == "2021"
    assert escape_markdown("孟津区司法局") == "孟津区司法局"


def test_bidi_controls_are_replaced_visibly() -> None:
    name = "孟津区\u202e局法司\u202c"
    assert clean_bidi(name) == "孟津区\ufffd局法司\ufffd"
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert clean_bidi(f"a{ch}b") == "a\ufffdb"
    assert clean_bidi("孟津区司法局") == "孟津区司法局"


def test_terminal_controls_are_shown_not_obeyed() -> None:
    assert clean_control("a\x1b[2Jb\rc\x08d\x9be\u202ef\tg\nh\x7f") == "a␛[2Jb␍c␈d\ufffde\ufffdf\tg\nh␡"


def test_has_control_says_whether_clean_control_changes_a_text() -> None:
    for text in ("孟津区司法局", "a\tb\nc", "a\x1bb", "a\u202eb", "a\x9bb", "a\u2066b"):
        assert has_control(text) == (clean_control(text) != text), text


def test_excel_illegal_characters_become_visible_pictures() -> None:
    assert clean_excel("a\x1bb\x00c\td\ne\rf\ud800g\uffff") == "a␛b␀c\td\ne\rf\ufffdg\ufffd"


@pytest.mark.parametrize("mark", ["-", "—", "--", "/", "+", "=", "@", "-3", "+5.5%", "1,234", "孟津区", " - "])
def test_marks_and_numbers_are_not_formulas(mark: str) -> None:
    assert not is_formula(mark)
    assert neutralise_formula(mark) == mark


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://x","点我")', "+1+2", "-3+4", "@SUM(A1)", "=1", " =cmd|' /C calc'!A0", "\tx", "-2+cmd|a"]
)
def test_formula_starts_are_neutralised(formula: str) -> None:
    assert is_formula(formula)
    assert neutralise_formula(formula) == "'" + formula
