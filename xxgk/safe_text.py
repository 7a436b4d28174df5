"""Text from outside (report text, file names, library error messages) made safe where it is shown.

Pure functions, str → str, shared by the dashboard and the command line:

- ``escape_markdown`` — for an element that renders Markdown (``st.error``, ``st.caption`` …): every
  character with a meaning in Markdown, Streamlit's directives or HTML gets a backslash, and line
  breaks become spaces, so no link, image, emphasis or heading comes out of it.
- ``clean_control`` — for a terminal: C0 controls except tab and newline become their visible
  Control Pictures (ESC → "␛", so an escape sequence prints as "␛[2K"), DEL "␡", C1 controls and
  bidirectional overrides "�". Nothing is obeyed, nothing silently dropped.
- ``clean_bidi`` — bidirectional override, isolate and mark characters, which reorder how a line
  reads, replaced by "�".
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=\"'^%@")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block mirrors C0 in order
    return "\u2421" if code == 0x7F else REPLACEMENT


def escape_markdown(text: str) -> str:
    r"""``text`` shown literally by a Markdown element.

    >>> escape_markdown("![x](http://a/b.png)")
    '\\!\\[x\\]\\(http\\://a/b\\.png\\)'
    """
    flat = _LINE_BREAKS.sub(" ", str(text))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in flat)


def clean_bidi(text: str) -> str:
    """``text`` with bidirectional controls replaced by "�", so it reads in stored order."""
    return _BIDI.sub(REPLACEMENT, str(text))


def clean_control(text: str) -> str:
    """``text`` safe for a terminal: controls shown, not obeyed; tab and newline kept.

    >>> clean_control("a\\x1b[2Kb\\tc\\n")
    'a␛[2Kb\\tc\\n'
    """
    return _TERMINAL_CONTROL.sub(_visible, clean_bidi(text))
