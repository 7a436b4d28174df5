"""Downloads: text that a spreadsheet would run as a formula is neutralised; figures are not."""

import io

import pandas as pd

from xxgk.ui import spreadsheet_safe


def test_formula_cells_are_neutralised_in_csv_and_excel() -> None:
    frame = pd.DataFrame(
        {
            "机构": ["=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-3+4", "@SUM(A1)", "孟津区司法局", None],
            "申请数（件）": [1, -2, 3, 4, 5, 6],
        }
    )
    safe = spreadsheet_safe(frame)
    assert safe["机构"].tolist()[:5] == ["'=HYPERLINK(\"http://x\",\"点我\")", "'+1+2", "'-3+4", "'@SUM(A1)", "孟津区司法局"]
    assert pd.isna(safe["机构"].tolist()[5])
    assert safe["申请数（件）"].tolist() == [1, -2, 3, 4, 5, 6]  # numbers stay numbers
    assert frame["机构"][0].startswith("=")  # the frame on screen is untouched

    buffer = io.BytesIO()
    safe.to_excel(buffer, index=False)
    back = pd.read_excel(io.BytesIO(buffer.getvalue()), engine="openpyxl")
    assert back["机构"][0] == "'=HYPERLINK(\"http://x\",\"点我\")"
    cells = pd.read_csv(io.StringIO(safe.to_csv(index=False)))["机构"].tolist()
    assert [c[:1] for c in cells[:4]] == ["'", "'", "'", "'"]
