"""Text normalisation for matching labels, independent of how a report was typed or converted.

Reports reach us with full-width digits, the Kangxi radicals PDF extraction produces (⼈ for 人),
Traditional characters from mirror sites (本年製發件數) and labels spaced out (自 然 人).
``normalize`` folds all of these with a single ``str.translate`` plus NFKC, keeping one character
for one character so that offsets into the normalised text are offsets into the original.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import opencc  # opencc-python-reimplemented ships its dictionaries as text files

from xxgk.vocabulary import T2S_EXTRAS

# CJK Radicals Supplement characters that PDF text extraction emits for whole characters (NFKC
# already folds the Kangxi radicals ⼈ → 人 but leaves these alone).
_RADICALS = {
    "⺠": "民", "⺟": "母", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻋": "车",
    "⻐": "钅", "⻓": "长", "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻠": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤",
    "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
}


@functools.cache
def opencc_characters() -> dict[str, str]:
    """Traditional → Simplified, single characters, from OpenCC's own dictionary file (its first
    choice). Reading the file directly avoids OpenCC's converter, which costs a millisecond a report."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1:
            pairs[trad] = simp
    return pairs


@functools.cache
def traditional_simplified() -> dict[str, str]:
    """Traditional → Simplified, single characters: OpenCC's first choice, corrected where it folds
    a character otherwise than reports mean (``vocabulary.T2S_EXTRAS``). The one table the label
    matcher, the prose reader and the region resolver fold with."""
    return {**opencc_characters(), **T2S_EXTRAS}


@functools.cache
def _t2s_table() -> dict[int, str]:
    """Single-character Traditional → Simplified map, then the PDF radicals."""
    table = {ord(trad): simp for trad, simp in traditional_simplified().items()}
    table.update({ord(k): v for k, v in _RADICALS.items()})
    return table


# Punctuation folded after NFKC so that label keys can be written once.
_PUNCT = str.maketrans(
    {
        "、": ",",
        "，": ",",
        "。": ".",
        "．": ".",
        "：": ":",
        "；": ";",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "\u3000": " ",
        "\u00a0": " ",
    }
)

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u2060]")

# Enclosed numbers (① ⑴ ⒈ ⓫ ❶ ➀ ㉑ 🄁 …) number notes and list items, never a figure's digits:
# NFKC would fold ① into "1" and glue a footnote to the figure before it (157① → 1571).
_ENCLOSED_NUMBERS = "\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3248-\u324f\u3251-\u325f\u32b1-\u32bf\U0001f100-\U0001f10c"
_ENCLOSED_NUMBER = re.compile(f"([{_ENCLOSED_NUMBERS}])")


def normalize(text: str) -> str:
    """Fold width, compatibility forms, Traditional characters and punctuation.

    Length is preserved except where NFKC itself expands a character (rare ligatures), which is
    acceptable for matching.

    >>> normalize("本年製發件數（一）１２")
    '本年制发件数(一)12'
    >>> normalize("3.其它")
    '3.其他'

    A report uses a few hundred distinct characters, and only a handful of them change: each
    distinct character is folded once (memoised) and replaced across the text, which is several
    times faster than NFKC and two translations over the whole text. Text with combining marks or
    Hangul jamo, where NFKC composes neighbouring characters, takes the whole-text path.
    """
    unknown = set(_unstable().findall(text))
    unknown -= _STABLE
    for ch in unknown:
        folded = _FOLDED.get(ch)
        if folded is None:
            if _composes(ch):
                return _normalize_whole(text)
            folded = _fold(ch)
            if folded == ch:
                _STABLE.add(ch)
                continue
            _FOLDED[ch] = folded
        text = text.replace(ch, folded)
    return _fold_words(text)


# Words written two ways with one meaning, folded to the template's: "其它" for "其他" (other)
# is common in real reports' labels (3.其它, 其它法律行政法规禁止公开); same length, one for one.
_WORDS = {"其它": "其他"}


def _fold_words(text: str) -> str:
    for variant, word in _WORDS.items():
        if variant in text:
            text = text.replace(variant, word)
    return text


_FOLDED: dict[str, str] = {}  # characters that change, and what into
_STABLE: set[str] = set()  # characters seen that stay as they are

# ``set(text)`` makes a string object of every character and costs more than the folding itself.
# A character class of the stable characters known when it was compiled finds the others at
# regex speed instead: what it returns is a superset of ``set(text) - _STABLE`` (characters that
# became stable since are dropped by the subtraction), so the class may lag behind ``_STABLE``.
# It is recompiled as ``_STABLE`` grows by a quarter, so a text of ever new characters costs
# only a logarithmic number of compilations.
_UNSTABLE: tuple[int, re.Pattern[str]] = (0, re.compile(r"[\s\S]"))


def _unstable() -> re.Pattern[str]:
    global _UNSTABLE
    size, pattern = _UNSTABLE
    if len(_STABLE) >= size + size // 4 + 64:
        chars = sorted(_STABLE)
        pattern = re.compile("[^" + "".join(map(re.escape, chars)) + "]")
        _UNSTABLE = (len(chars), pattern)
    return pattern


def _fold(ch: str) -> str:
    if _ZERO_WIDTH.match(ch):
        return ""
    if _ENCLOSED_NUMBER.match(ch):
        return ch
    return unicodedata.normalize("NFKC", ch).translate(_t2s_table()).translate(_PUNCT)


def _composes(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.combining(ch) > 0 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F or 0xD7B0 <= code <= 0xD7FF


def _normalize_whole(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    parts = _ENCLOSED_NUMBER.split(text)  # the enclosed numbers at odd places, kept as they are
    text = "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))
    return _fold_words(text.translate(_t2s_table()).translate(_PUNCT))


_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Normalised text without any whitespace: the form label keys are compared in."""
    return _SPACE.sub("", normalize(text))
