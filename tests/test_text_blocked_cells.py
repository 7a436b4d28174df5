"""Crawler text: the cells its text cannot tell, shown page by page rather than asserted.

The crawler's text of a page (``2NNt.txt``) is the page's text nodes joined with nothing, every run
of white space (a space, "&nbsp;", "　", a line break) one space, a ``<br/>`` nothing: ``_crawl``
gives the 正文 of each text twin below byte for byte from its page. Changing the page where that
text shows nothing — the blank cell of a row of zeros moved to another column, the two cells of a
procurement row split at another digit — gives the same text, while the HTML reader reads each
changed page as changed. So each of these cells is one thing on one page and another on a page with
the very same text: no reading of the text can be right on both, and the parser leaves them unread.
These are the 16 cells ``tests/test_cells.py`` counts short for the crawler text; every other cell
of those reports is read exactly.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import lxml.html
import pytest

import shared_corpus
from xxgk.pipeline import process

BODY = "==================== 正文 ====================\n"
BLANK_ROW = "结转下年度继续办理"
PROCUREMENT_ROW = "政府集中采购"
APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _crawl(root) -> str:
    """The page's text as the crawler wrote it: text nodes joined, white space one space."""
    return re.sub(r"[\s\u00a0\u3000]+", " ", "".join(root.itertext()))


def _page(name: str):
    return lxml.html.fromstring(shared_corpus.file(f"{name}.html").read_text(encoding="utf-8"))


def _crawled_body(name: str) -> str:
    return shared_corpus.file(f"{name}t.txt").read_text(encoding="utf-8").split(BODY, 1)[1].strip()


def _cells_of_row(root, label: str) -> list:
    rows = [tr for tr in root.iter("tr") if label in "".join(tr[0].itertext())]
    assert len(rows) == 1, f"one row labelled {label}"
    return list(rows[0])[1:]


def _swap(a, b) -> None:
    """Exchange the contents (text and children) of two table cells, keeping each cell's place."""
    a_text, a_kids = a.text, [copy.deepcopy(k) for k in a]
    b_text, b_kids = b.text, [copy.deepcopy(k) for k in b]
    for cell, text, kids in ((a, b_text, b_kids), (b, a_text, a_kids)):
        for kid in list(cell):
            cell.remove(kid)
        cell.text = text
        cell.extend(kids)


def _read_page(root, tmp_path: Path, name: str):
    path = tmp_path / f"{name}.html"
    path.write_text(lxml.html.tostring(root, encoding="unicode"), encoding="utf-8")
    return process(path)


def _applicant_row(report, row: str) -> list:
    cells = report.tables["applications"].get(row, {})
    return [cells[c].value if c in cells else "unread" for c in APPLICANTS]


def _blank_moved_pages(name: str, columns=APPLICANTS[:-1]):
    """(column the blank is moved to, the changed page) for every other of ``columns`` of the row."""
    blank = APPLICANTS.index("commercial")
    for k, col in enumerate(APPLICANTS):
        if col not in columns or k == blank:
            continue
        root = _page(name)
        cells = _cells_of_row(root, BLANK_ROW)
        assert len(cells) == len(APPLICANTS) and not "".join(cells[blank].itertext()).strip()
        _swap(cells[blank], cells[k])
        yield col, root


def _procurement_split_pages(name: str):
    """(projects, amount) and the changed page for every other split of the procurement run into
    two figures (no figure but 0 itself starts with 0; the amount keeps the unit it was printed with)."""
    projects, amount = (_first_paragraph(c) for c in _cells_of_row(_page(name), PROCUREMENT_ROW))
    unit = amount.text.strip().lstrip("0123456789")
    run = projects.text.strip() + amount.text.strip().removesuffix(unit)
    for i in range(1, len(run)):
        left, right = run[:i], run[i:]
        if right.startswith("0") and right != "0" or left == projects.text.strip():
            continue
        root = _page(name)
        p, a = (_first_paragraph(c) for c in _cells_of_row(root, PROCUREMENT_ROW))
        p.text, a.text = left, right + unit
        yield (int(left), int(right)), root


def _first_paragraph(cell):
    paragraphs = cell.findall("p")
    assert paragraphs and paragraphs[0].text, "a procurement cell with its figure in a paragraph"
    return paragraphs[0]


@pytest.mark.parametrize("name", ["207", "226", "211", "213"])
def test_the_crawler_text_is_the_pages_text_nodes_joined(name):
    assert _crawled_body(name) in _crawl(_page(name))


@pytest.mark.parametrize("name", ["207", "226"])
def test_a_blank_moved_to_any_other_column_gives_the_same_crawler_text(name, tmp_path):
    body = _crawled_body(name)
    assert "四、结转下年度继续办理 000000四、" in body  # six zeros for seven cells
    moved = 0
    for col, root in _blank_moved_pages(name):
        assert body in _crawl(root), f"{name}: the blank in {col} changes the crawler's text"
        expected = [None if c == col else 0 for c in APPLICANTS]
        assert _applicant_row(_read_page(root, tmp_path, name), "carried_forward") == expected, col
        moved += 1
    assert moved == 5
    # the text twin: the total is read (a row that prints a part prints its 总计), the parts not
    assert _applicant_row(process(shared_corpus.file(f"{name}t.txt")), "carried_forward") == ["unread"] * 6 + [0]


@pytest.mark.parametrize(("name", "printed"), [("211", "178810055"), ("213", "3147230元")])
def test_a_procurement_row_split_at_another_digit_gives_the_same_crawler_text(name, printed, tmp_path):
    body = _crawled_body(name)
    assert f"政府集中采购{printed} 三、" in body
    splits = []
    for (projects, amount), root in _procurement_split_pages(name):
        assert body in _crawl(root), f"{name}: {projects} | {amount} changes the crawler's text"
        read = _read_page(root, tmp_path, name).tables["active_disclosure"]["procurement"]
        assert (read["projects"].value, read["amount"].value) == (projects, amount)
        splits.append((projects, amount))
    assert len(splits) >= 4, splits
    text = process(shared_corpus.file(f"{name}t.txt")).tables["active_disclosure"].get("procurement", {})
    assert "projects" not in text and "amount" not in text


def test_the_cells_left_unread_are_exactly_those_the_pages_show_the_text_cannot_tell():
    sys.path.insert(0, str(shared_corpus.REPO))
    from tools.cells import compare_cells

    shown = {f"207.applications.carried_forward.{c}" for c in APPLICANTS[:-1]}
    shown |= {f"226.applications.carried_forward.{c}" for c in APPLICANTS[:-1]}
    shown |= {f"{n}.active_disclosure.procurement.{c}" for n in ("211", "213") for c in ("projects", "amount")}
    outcomes: dict[str, list[str]] = {"unread": [], "wrong": []}
    for name in ("207", "226", "211", "213"):
        truth = json.loads(shared_corpus.file(f"{name}t.json").read_text(encoding="utf-8"))["truth_cells"]
        for cell in compare_cells(process(shared_corpus.file(f"{name}t.txt")), truth):
            outcomes.setdefault(cell.outcome, []).append(f"{name}.{cell.cell}")
    assert outcomes["wrong"] == []
    assert sorted(outcomes["unread"]) == sorted(shown)
    assert len(shown) == 16


def test_the_total_of_a_short_row_of_zeros_is_read_on_the_templates_convention_not_the_text(corpus_dir):
    # the blank moved to the 总计 gives the same text too: the 0 read there rests on the template's
    # convention that a row printing any part prints its total, which every row of table 3 in the
    # corpus's truth keeps (a blank total beside printed parts would be read as 0: named here)
    [(col, root)] = list(_blank_moved_pages("207", columns=("total",)))
    assert _crawled_body("207") in _crawl(root)
    rows = [cells for meta in corpus_dir.glob("*.json")
            for cells in (json.loads(meta.read_text(encoding="utf-8")).get("truth_cells") or {}).get("applications", {}).values()]
    assert len(rows) > 500
    assert not [r for r in rows if r["total"] is None and any(v is not None for v in r.values())]


def test_where_the_crawler_kept_the_blank_as_a_space_moving_it_changes_the_text():
    # the control: 227's blank cell holds "&nbsp;", so the text shows its place ("0 00000") and the
    # parser reads it; the same move that leaves 207's and 226's text unchanged changes 227's
    body = _crawled_body("227")
    assert "四、结转下年度继续办理 0 00000 四、" in body and body in _crawl(_page("227"))
    changed = [col for col, root in _blank_moved_pages("227") if body not in _crawl(root)]
    assert changed == ["natural_person", "research", "social_org", "legal_service", "other_org"]
    assert _applicant_row(process(shared_corpus.file("227t.txt")), "carried_forward") == [0, None, 0, 0, 0, 0, 0]
