"""Text a page puts between the cells of a table (outside any cell) is kept after the table as a
paragraph; the spaces between its pieces are kept too, so that two figures never join into one."""

from __future__ import annotations

from xxgk.readers.html import read_html


def _text(html: str) -> str:
    return read_html("page.html", html, "utf-8").text


def test_two_stray_figures_between_cells_stay_apart():
    text = _text("<html><body><table><tr><td>a</td><span>1</span> <span>2</span><td>b</td></tr>"
                 "<tr><td>c</td><td>d</td></tr></table></body></html>")
    assert "1 2" in text.split("\n"), text
    assert "12" not in text, text


def test_stray_words_keep_their_spaces():
    text = _text("<html><body><table><tr><td>a</td><b>共</b> <b>3</b> <b>件</b><td>b</td></tr></table></body></html>")
    assert "共 3 件" in text.split("\n"), text


def test_indentation_between_cells_adds_nothing():
    text = _text("<html><body><table>\n  <tr>\n    <td>a</td>\n    <td>b</td>\n  </tr>\n</table><p>后文</p></body></html>")
    assert text.split("\n")[:2] == ["a\tb", ""] or "a\tb" in text.split("\n"), text
    assert all(line == line.strip() for line in text.split("\n")), text
