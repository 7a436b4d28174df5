"""The parser keeps no state of its own between parses (issue #17).

Its memo caches are ``functools`` caches of pure functions of hashable values (never keyed by an
object's ``id()``), so a parse writes no module global of ``xxgk.parse``: parsing a report twice,
or two reports interleaved, gives the same result each time.
"""

from __future__ import annotations

import json
import sys
import types

import shared_corpus
from reports_support import build_report, parse
from xxgk.pipeline import process

_COPYABLE = (dict, list, set, frozenset, tuple, int, float, str, bytes, bytearray, bool, type(None))


def _module_state() -> dict[tuple[str, str], tuple[int, str | None]]:
    """Every global of the xxgk.parse modules: the object bound, and the contents of plain data."""
    state = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "xxgk.parse" or name.startswith("xxgk.parse.")):
            continue
        for attr, value in vars(module).items():
            if attr.startswith("__") or isinstance(value, types.ModuleType):
                continue
            shown = repr(value) if isinstance(value, _COPYABLE) else None
            state[(name, attr)] = (id(value), shown)
    return state


def _dump(report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, sort_keys=True, default=str)


def test_a_parse_writes_no_module_global_of_the_parser():
    # labels and figures no earlier test used, so that any memo keyed on them would take an entry
    text = build_report("2021", "tab", agency="独一无二县测试局") + "\n(附注:本表数据 7319 项)\n"
    flat = build_report("2019", "flat", agency="另一个从未见过的测试办")
    parse(text)  # import everything a parse imports first
    before = _module_state()
    parse(text.replace("7319", "8426"))
    parse(flat.replace("示范", "别样"))
    after = _module_state()
    changed = sorted(f"{m}.{a}" for m, a in before.keys() | after.keys() if before.get((m, a)) != after.get((m, a)))
    assert changed == []


def test_the_same_report_twice_and_two_reports_interleaved_give_identical_results():
    a, b = shared_corpus.file("227t.txt"), shared_corpus.file("204.html")
    first_a = _dump(process(a))
    first_b = _dump(process(b))
    assert first_a != first_b
    for _ in range(2):
        assert _dump(process(a)) == first_a
        assert _dump(process(b)) == first_b
    flat = build_report("2021", "flat")
    tab = build_report("2021", "tab")
    once = [_dump(parse(flat)), _dump(parse(tab))]
    assert [_dump(parse(tab)), _dump(parse(flat))] == once[::-1]
