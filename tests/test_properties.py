"""Property-based tests: on any input the readers and the parser return a result or raise
``ReportError`` (naming the file), never anything else."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk import codes
from xxgk.errors import ReportError
from xxgk.parse import parse_document
from xxgk.readers import read_bytes

# Fragments a report is made of, so that generated text reaches deep into the table parser.
_LABELS = sorted(
    {key for row in codes.APPLICATION_ROWS_2021 + codes.APPLICATION_ROWS_2019 for key in row.keys}
    | {key for row in codes.ACTIVE_ROWS_2021 + codes.ACTIVE_ROWS_2019 for key in row.keys}
    | set(codes.SECTION_TITLES)
    | {"一、", "二、", "三、", "四、", "五、", "（一）", "1.", "2.", "信息公开", "年度报告", "2022年", "总计", "采用率"}
)
_PIECES = st.one_of(
    st.sampled_from(_LABELS),
    st.sampled_from(["\t", "|", "\n", " ", "", "/", "—", "元", "万元", "%", "+", "-", "."]),
    st.integers(min_value=0, max_value=10**9).map(str),
    st.text(max_size=8),
)
_REPORTISH = st.lists(_PIECES, max_size=200).map("".join)

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(text: str) -> None:
    try:
        report = parse_document(SimpleNamespace(path="gen.txt", text=text, format="text", encoding="utf-8", warnings=()))
    except ReportError as exc:
        assert str(exc).startswith("gen.txt: ")
        return
    # whatever was read is a number, a blank (None) or the mark as printed
    for rows in report.tables.values():
        for cells in rows.values():
            for cell in cells.values():
                assert cell.value is None or isinstance(cell.value, (int, float, str))
    report.to_json()


@_SETTINGS
@given(_REPORTISH)
def test_the_parser_returns_a_report_or_a_report_error_on_report_like_text(text: str) -> None:
    _parse(text)


@_SETTINGS
@given(st.text(max_size=2000))
def test_the_parser_returns_a_report_or_a_report_error_on_any_text(text: str) -> None:
    _parse(text)


@_SETTINGS
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a.md", "a"]))
def test_the_readers_return_a_document_or_a_report_error_on_any_bytes(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name)
    except ReportError as exc:
        assert str(exc).startswith(f"{name}: ")
        return
    assert isinstance(doc.text, str)
    _parse(doc.text)
