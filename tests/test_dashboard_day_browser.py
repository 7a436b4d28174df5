"""Issue #16 in a real Chromium at 1440×900 (and 1920×1080 for the key columns): what the browser itself draws (the upload widget, a
form's hint) is Chinese too, and the columns that matter are in view without scrolling right."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse
from pathlib import Path

import pytest

from xxgk.uploads import ALLOWED_SUFFIXES
from tests.test_browser import CHROMIUM, _server, _settle, browser, demo_db, seed_db  # noqa: F401 - fixtures
from tests.test_upload_security import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

# Names of file formats and units must stay Latin; nothing else may.
ALLOWED = {"PDF", "TXT", "MD", "HTML", "HTM", "DOCX", "MB", "CSV", "Excel", "Word"}
# the file types the upload page accepts are named by their extensions, as users see them on files
ALLOWED = ALLOWED | {suffix.lstrip(".").upper() for suffix in ALLOWED_SUFFIXES}


def _latin(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z]+", text) if w not in ALLOWED}


def _visible_text(page: object) -> str:
    """The main area's text as a reader sees it: icon ligatures (drawn as pictures) left out."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
            main.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stMarkdownContainer"] code')
                .forEach(e => e.remove());
            document.body.appendChild(main);
            main.style.position = 'absolute'; main.style.left = '-99999px';
            const text = main.innerText;
            main.remove();
            return text;
        }"""
    )


def test_the_upload_page_speaks_chinese(seed_db: Path, browser: object, tmp_path: Path,  # noqa: F811
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("XXGK_UPLOAD_DIR", str(tmp_path / "uploads"))
    with _server(seed_db) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.goto(f"{url}/upload", wait_until="domcontentloaded")
        _settle(page)
        page.locator('input[type="password"]').fill(PASSWORD)
        page.wait_for_timeout(800)
        assert _latin(_visible_text(page)) == set()  # no "Press Enter to submit form"
        page.get_by_role("button", name="登录").click()
        page.locator('input[type="file"]').wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(1500)
        text = _visible_text(page)
        assert _latin(text) == set(), text  # no "Upload", no "200MB per file"
        assert "50 MB" in text
        page.close()


def test_the_upload_page_off_names_no_setting(seed_db: Path, browser: object,  # noqa: F811
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_ADMIN_PASSWORD", raising=False)
    with _server(seed_db) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.goto(f"{url}/upload", wait_until="domcontentloaded")
        _settle(page)
        page.wait_for_timeout(800)
        assert _latin(_visible_text(page)) == set()
        page.close()


KEY_COLUMNS = {
    "data_quality": ["说明"],
    "adoption": ["差值（百分点）"],
    "districts": ["实质公开率（%）", "复议纠错率（%）", "诉讼纠错率（%）"],
    "review_litigation": ["复议纠错率（%）", "诉讼纠错率（%）"],
}


@pytest.fixture(scope="module")
def key_server(demo_db: Path) -> object:  # noqa: F811
    with _server(demo_db) as url:
        yield url


@pytest.mark.parametrize("size", [(1440, 900), (1920, 1080)], ids=["1440x900", "1920x1080"])
@pytest.mark.parametrize(("path", "column"), [(p, c) for p, columns in KEY_COLUMNS.items() for c in columns])
def test_the_columns_that_matter_are_in_view(key_server: str, browser: object, path: str, column: str,  # noqa: F811
                                             size: tuple[int, int]) -> None:
    url = key_server
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page.goto(f"{url}/{path}?province=河南省&city=洛阳市", wait_until="domcontentloaded")
    _settle(page)
    page.wait_for_timeout(2000)
    # The grid draws on a canvas; its accessible table holds a header for each column it draws,
    # with aria-colindex. A column is wholly in view when it is drawn and so is the one after
    # it (or it is the table's last column and the grid does not scroll sideways).
    visible = page.evaluate(
        """(name) => {
            for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
                const heads = [...grid.querySelectorAll('[role="columnheader"], th')];
                const head = heads.find(h => h.textContent.trim() === name);
                if (!head) continue;
                const index = Number(head.getAttribute('aria-colindex'));
                const drawn = heads.map(h => Number(h.getAttribute('aria-colindex')));
                const table = grid.querySelector('[aria-colcount]');
                const count = table ? Number(table.getAttribute('aria-colcount')) : NaN;
                return drawn.includes(index + 1) || index === count;
            }
            return null;
        }""",
        column,
    )
    assert visible is True, (path, column, visible)
    page.close()


def test_one_click_opens_the_evidence_in_the_same_tab_keeping_the_filters(demo_db: Path, browser: object) -> None:  # noqa: F811
    with _server(demo_db) as url:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{url}/data_quality?province=河南省&city=洛阳市&year_from=2022", wait_until="domcontentloaded")
        _settle(page)
        page.wait_for_timeout(2000)
        # the findings list: the grid whose headers include 说明; its first column is 原文
        grid = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator('th:text-is("说明")')).first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 30, box["y"] + 55)  # first row, 查看原文
        page.wait_for_url(re.compile(r"/report\?"), timeout=60_000)
        assert len(context.pages) == 1  # the same tab
        query = parse_qs(urlparse(page.url).query)
        assert query["city"] == ["洛阳市"] and query["year_from"] == ["2022"] and len(query["report"][0]) == 64
        assert query["table"][0] in {"applications", "active_disclosure", "review_litigation"}
        context.close()
