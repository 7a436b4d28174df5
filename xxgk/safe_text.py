"""Text from outside (URL values, search input, file names, report text, library error messages)
made safe for where it is shown: a Markdown element, a terminal, a spreadsheet.

Pure functions on strings, no Streamlit: the dashboard and the command line share them.

- ``escape_markdown`` — shown literally by any Markdown-interpreting element (``st.warning``,
  ``st.caption``, ``st.title`` …): no link, image, emphasis, KaTeX, ``:red[…]`` or HTML, on one
  line, with control and bidi characters made visible as ``clean_control`` does. Escapes alone do
  not stop what renderers find in the text after parsing (GFM autolinks of "http://", "www." and
  e-mail addresses, Streamlit's ":material/…:" icons): an invisible U+2060 WORD JOINER goes after
  every ":" and before every "." and "@", which breaks those patterns and changes nothing on screen.
- ``clean_bidi`` — bidirectional override / isolate / mark characters, which reverse how a name
  reads, replaced by a visible U+FFFD "�" where they were.
- ``clean_control`` — for a terminal: C0/C1 control characters (ESC sequences, carriage return,
  backspace …) replaced by their visible Control Pictures (ESC → "␛") or "�"; bidi controls too.
  Newline and tab stay.
- ``clean_excel`` — for a spreadsheet cell: characters XML 1.0 cannot hold (which make openpyxl
  raise ``IllegalCharacterError``) replaced by their Control Pictures (NUL → "␀", ESC → "␛"),
  lone surrogates and U+FFFE/U+FFFF by "�".
- ``neutralise_formula`` — a cell that a spreadsheet would run as a formula gets a leading "'";
  a mark as printed ("-", "—", "/") or a plain number is left as it is.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
WORD_JOINER = "\u2060"

# Characters with a meaning in CommonMark, GFM (autolinks through "." and ":"), KaTeX ("$"),
# Streamlit's directives (":red[…]", ":material/…:") or HTML; each gets a backslash.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=\"'^%@")
_ESCAPED = {":": "\\:" + WORD_JOINER, ".": WORD_JOINER + "\\.", "@": WORD_JOINER + "\\@"}
_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")

# U+200E/U+200F marks, U+061C Arabic letter mark, U+202A–U+202E embeddings and overrides,
# U+2066–U+2069 isolates.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

# Controls a terminal acts on: C0 except tab and newline, DEL, C1.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_ANY_CONTROL = re.compile(f"{_TERMINAL_CONTROL.pattern}|{_BIDI.pattern}")

# What XML 1.0 (and so an .xlsx cell) cannot hold: C0 except tab, newline and carriage return;
# surrogates left alone by a decoder; the two non-characters.
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A value that starts a formula only if something formula-like follows the first character:
# a mark as printed ("-", "—", "--", "+") or a plain number ("-3", "+5.5%") is data.
_FORMULA_START = "=+-@"
_HARMLESS = re.compile(r"[\s\-\u2010-\u2015\u2212=+@/]*|[+\-]?\d+(?:[.,]\d+)*%?")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _picture(match: re.Match[str]) -> str:
    """The visible Control Picture of a C0 control or DEL (ESC → "␛"); "�" for anything else."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return REPLACEMENT


def escape_markdown(text: object) -> str:
    """``text`` shown literally by a Markdown element: every special character gets a backslash,
    line breaks become spaces (a new line could open a heading, a list or a block quote), control
    and bidi characters show as "␛", "�" (``clean_control``)."""
    flat = clean_control(_NEWLINES.sub(" ", _text(text)))
    return "".join(_ESCAPED.get(ch) or ("\\" + ch if ch in _MARKDOWN_SPECIAL else ch) for ch in flat)


def clean_bidi(text: object) -> str:
    """``text`` with every bidirectional control replaced by "�", so it reads in stored order."""
    return _BIDI.sub(REPLACEMENT, _text(text))


def clean_control(text: object) -> str:
    """``text`` safe for a terminal: control characters and bidi controls shown, not obeyed."""
    return _TERMINAL_CONTROL.sub(_picture, clean_bidi(text))


def has_control(text: str) -> bool:
    """Whether ``clean_control`` would change ``text`` (one scan, for whole columns joined)."""
    return _ANY_CONTROL.search(text) is not None


def clean_excel(text: object) -> str:
    """``text`` an .xlsx cell (and a CSV file read by a spreadsheet) can hold, changes visible."""
    return _EXCEL_ILLEGAL.sub(_picture, _text(text))


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula worth neutralising."""
    stripped = text.lstrip(" ")
    if text[:1] in ("\t", "\r"):
        return True
    if stripped[:1] not in _FORMULA_START:
        return False
    return _HARMLESS.fullmatch(stripped) is None


def neutralise_formula(text: str) -> str:
    """``text`` with a leading "'" when a spreadsheet would run it as a formula, else unchanged."""
    return "'" + text if is_formula(text) else text
