"""What a row's reader knows when figures ran together: the row (``RowSpec``), the prose beside the
tables (``SplitContext``), and the evidence that narrows the splits of a run (``_narrow``).

A run of digits such as "2225" has many splits into a row's cells; the table's arithmetic (R3 row
total, R5 block total) keeps some, and the evidence a person would use narrows them further, each
step only when some candidate fits it: visible spaces or cell edges, the stock of documents in
force (2021: what was issued this year is in force or repealed), a figure the prose binds to one
column ("废止规范性文件6件"), the 2019 prior that 本年增/减 is 0, equal parts, figures the prose
states about the row. Never a guess: what the evidence leaves open stays open.

Layer: parse (nothing of xxgk besides the standard library).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


_SENTENCE_END = re.compile(r"[!?;\n]|(?<!\d)\.|\.(?!\d)")


_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@dataclass
class SplitContext:
    """What the row parser may use to choose among splits of a run of digits.

    ``prose`` is the normalised text outside the tables. A figure stated in a sentence that names
    the row ("现行有效行政规范性文件698件") is evidence for the split that contains it.
    """

    prose: str = ""
    asked: bool = False  # whether a reader asked for the prose's figures (``topic_numbers``, ``column_numbers``)
    _sentences: list[str] | None = None
    _topics: dict[tuple[str, ...], frozenset[int | float]] = field(default_factory=dict)

    def topic_numbers(self, keys: Sequence[str]) -> frozenset[int | float]:
        """Figures (≥ 10: small ones are everywhere) stated in sentences naming any of ``keys``."""
        self.asked = True
        cache_key = tuple(keys)
        if cache_key not in self._topics:
            if self._sentences is None:
                self._sentences = [s for s in _SENTENCE_END.split(self.prose) if s.strip()]
            numbers: set[int | float] = set()
            for sentence in self._sentences:
                if any(key in sentence for key in keys):
                    for m in _FIGURE.finditer(sentence):
                        value = float(m.group()) if "." in m.group() else int(m.group())
                        if value >= 10:
                            numbers.add(value)
            self._topics[cache_key] = frozenset(numbers)
        return self._topics[cache_key]


    def column_numbers(self, keys: Sequence[str], words: Sequence[str]) -> frozenset[int]:
        """Figures the prose binds to one column of a row, any size: "废止规范性文件6件" gives 6
        for 本年废止 of 规范性文件 (a column word, the row's name, the figure, in one clause)."""
        self.asked = True
        pattern = re.compile(
            "(?:" + "|".join(map(re.escape, words)) + r")[^\d，。；,;]{0,12}?(?:"
            + "|".join(map(re.escape, keys)) + r")[^\d，。；,;]{0,6}?(\d+)\s*[件个部]"
        )
        return frozenset(int(m.group(1)) for m in pattern.finditer(self.prose))


@dataclass
class RowSpec:
    """What the reader knows about the row it is filling."""

    where: str  # "applications.new_received", for messages
    columns: Sequence[str]
    groups: Sequence[int]
    check: Callable[[Sequence[int | float]], bool] | None = None
    prefer_zero_at: int | None = None  # 2019 本年增/减: a change of 0 is the usual case
    topic: Sequence[str] = ()  # words naming the row in the prose
    stock: bool = False  # 2021 本年制发 | 本年废止 | 现行有效: what was issued is in force or repealed
    column_words: Sequence[Sequence[str]] = ()  # per column, words that name it in the prose


def _cuts(parts: Sequence[str]) -> set[int]:
    cuts, pos = set(), 0
    for part in parts[:-1]:
        pos += len(part)
        cuts.add(pos)
    return cuts


def _narrow(
    candidates: list[list[str]], pieces: Sequence[str], spec: RowSpec, context: SplitContext
) -> tuple[list[list[str]], list[str]]:
    """Keep the candidates the evidence favours; the second item names the evidence used.

    Evidence, strongest first: boundaries visible in the text (a stray space, a cell edge), the
    2019 prior that 本年增/减 is 0, equal parts (本年新制作 = 本年新公开 = 对外公开总数量), figures
    the prose states about the row. Each step only narrows: if no candidate fits it, it is skipped.
    """
    used: list[str] = []

    def step(name: str, kept: list[list[str]]) -> None:
        nonlocal candidates
        if kept and len(kept) < len(candidates):
            candidates = kept
            used.append(name)

    if len(candidates) > 1 and len(pieces) > 1:
        bounds = _cuts(pieces)
        step("the spaces in the text", [c for c in candidates if bounds <= _cuts(c)])
    if len(candidates) > 1 and spec.stock:
        # documents issued this year are in force at its end unless repealed: issued ≤ in force + repealed
        # (a blank 现行有效 or 本年废止 is no figure: it refutes nothing)
        step(
            "the documents in force (those issued this year are in force or repealed)",
            [c for c in candidates if "" in (c[1], c[2]) or _num0(c[0]) <= _num(c[2]) + _num(c[1])],
        )
    for i, words in enumerate(spec.column_words):
        if len(candidates) > 1 and words:
            stated = context.column_numbers(spec.topic, words)
            if stated:
                step("a figure the prose states for that column", [c for c in candidates if _num0(c[i]) in stated])
    if len(candidates) > 1 and spec.prefer_zero_at is not None:
        # (a blank is no change either: it stays beside a printed 0, never ruled out by the prior)
        step("no change from last year", [c for c in candidates if c[spec.prefer_zero_at] in ("0", "")])
    if len(candidates) > 1:
        step("equal parts", [c for c in candidates if len(set(c)) == 1])
    if len(candidates) > 1 and spec.topic:
        stated = context.topic_numbers(spec.topic)
        if stated:
            scores = [sum(1 for p in c if p and _num(p) in stated) for c in candidates]
            best = max(scores)
            if best > 0:
                step("figures stated in the prose", [c for c, s in zip(candidates, scores) if s == best])
    return candidates, used


def _num(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _num0(text: str) -> int | float:
    """A part's figure, a blank part ("") counting as nothing in the table's arithmetic."""
    return _num(text) if text else 0


def _grouped(values: Sequence[int | float], groups: Sequence[int]) -> list[Sequence[int | float]]:
    out, pos = [], 0
    for size in groups:
        out.append(values[pos : pos + size])
        pos += size
    return out
