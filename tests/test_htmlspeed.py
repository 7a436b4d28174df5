"""The HTML reader's plain-table path gives the text its general walk gives.

``xxgk.readers.html`` reads a *plain* data table (rows of td/th cells, no table, row or cell inside
a cell, only whitespace between cells) straight from the tree instead of event by event. It must
not change a byte of any Document. An empty ``<span>`` right inside ``<table>`` adds no text, but
makes the table not plain: the same table is then read by the walk, so the two readings of every
generated table must be equal. Hand-written cases pin what both give for the shapes that differ
most (blocks and breaks inside cells, text between rows, whitespace between cells).
"""

from __future__ import annotations

import random

import pytest
from xxgk.readers import read_bytes
from xxgk.readers import html as html_reader


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>年报</title></head><body>{body}</body></html>".encode()


def _text(body: str) -> str:
    return read_bytes(_page(body), "page.html").text


def _tables(body: str) -> list:
    root, _ = html_reader._parse(_page(body).decode())
    return list(root.iter("table"))


def _first_table(body: str):
    return _tables(body)[0]


@pytest.mark.parametrize(("table", "expected"), [
    # text after the last row of a tbody is stray text: kept, before the table
    ("<table><tbody><tr><td>规章</td><td>0</td></tr>另见附表</tbody></table>", "年报\n另见附表\n\n规章\t0\n"),
    # a block inside a cell is a space before and after it, a br a space
    ("<table><tr><td><p>自然</p><p>人</p></td><td>a<br>b</td><td><p><span>1</span><o:p></o:p></p></td></tr></table>",
     "年报\n\n自然 人\ta b\t1\n"),
    ("<table><thead><tr><th>项目</th><th>数量</th></tr></thead><tbody>\n<tr>\n<td> 规章 </td>\n<td>\n 0 \n</td></tr>"
     "</tbody></table>", "年报\n\n项目\t数量\n规章\t0\n"),
    ("<table><tr><td>a</td> 中间 <td>b</td></tr></table>", "年报\n中间\n\na\tb\n"),
    ("<table><tr><td><div>x<div>y</div>z</div></td><td><span><b>1</b>2</span></td></tr></table>", "年报\n\nx y z\t12\n"),
])
def test_hand_written_tables(table, expected):
    assert _text(table) == expected


def test_which_tables_are_plain():
    assert html_reader._plain_rows(_first_table(
        "<table><tbody><tr><th>项目</th></tr><tr><td><p>规章<br>0</p></td></tr></tbody></table>")) == [["项目"], [" 规章 0 "]]
    for not_plain in ("<table><tr><td>a</td></tr>另见</table>",  # stray text
                      "<table><caption>表一</caption><tr><td>a</td></tr></table>",
                      "<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>",  # a table in a cell
                      "<table><span></span><tr><td>a</td></tr></table>"):
        assert html_reader._plain_rows(_first_table(not_plain)) is None, not_plain


_WS = ["", "", " ", "\n", "\n  ", "\t", "\xa0", "\u3000", "&nbsp;", "x"]
_INLINE = ["<span>{}</span>", "<b>{}</b>", "<o:p>{}</o:p>", "<font>{}</font>", "<st1:chsdate>{}</st1:chsdate>",
           "{}<br>", "<SPAN>{}</SPAN>"]
_BLOCK = ["<p>{}</p>", "<div>{}</div>", "<li>{}</li>", "<pre>{}</pre>", "<center>{}</center>"]
_WORDS = ["0", "12", "规章", "a b", "a  b", " x ", "\n1\n", "&amp;", ""]


def _content(rnd: random.Random, depth: int = 0) -> str:
    r = rnd.random()
    if r < 0.4 or depth > 3:
        return rnd.choice(_WORDS)
    if r < 0.65:
        return rnd.choice(_INLINE).format(_content(rnd, depth + 1))
    if r < 0.9:
        return rnd.choice(_BLOCK).format(_content(rnd, depth + 1))
    return _content(rnd, depth + 1) + rnd.choice(_WS) + _content(rnd, depth + 1)


def _table(rnd: random.Random, lead: str) -> str:
    def rare(p: float, s: str) -> str:
        return s if rnd.random() < p else ""

    rows = []
    for _ in range(rnd.randint(0, 4)):
        cells = "".join(f"<{tag}>{_content(rnd)}{rare(0.9, f'</{tag}>')}{rare(0.2, rnd.choice(_WS))}"
                        for tag in rnd.choices(["td", "td", "th", "TD"], k=rnd.randint(0, 4)))
        rows.append(f"<tr>{rare(0.2, rnd.choice(_WS))}{cells}{rare(0.9, '</tr>')}{rare(0.3, rnd.choice(_WS))}")
    body = "".join(rows)
    if rnd.random() < 0.3:
        body = f"<tbody>{rare(0.2, rnd.choice(_WS))}{body}</tbody>{rare(0.2, rnd.choice(_WS))}"
    return f"<table>{lead}{rare(0.2, rnd.choice(_WS))}{body}</table>"


def test_generated_tables_read_the_same_plain_or_walked():
    plain = 0
    for seed in range(1500):
        rnd = random.Random(seed)
        wrap = rnd.choice(["{}", "<p>前</p>{}<p>后</p>", "<div>{}</div>", "<pre>a\nb{}c\nd</pre>",
                           "<table><tr><td>外</td><td>{}</td></tr></table>"])
        state = rnd.getstate()
        as_is = wrap.format(_table(rnd, ""))
        rnd.setstate(state)
        walked = wrap.format(_table(rnd, "<span></span>"))
        assert all(html_reader._plain_rows(t) is None for t in _tables(walked) if t.find("span") is not None)
        plain += any(html_reader._plain_rows(t) is not None for t in _tables(as_is))
        assert _text(as_is) == _text(walked), (seed, as_is)
    assert plain > 1000  # the comparison is about the plain path: most generated tables take it
