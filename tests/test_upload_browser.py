"""The upload page in a real browser: a Word file whose error message is Markdown makes the admin's
browser fetch nothing and shows a Chinese refusal; the English detail goes to the server log only.

A relationship target of the .docx holds a Markdown image and link to a server on 127.0.0.1 that
counts requests; python-docx quotes the target in its error, which the page used to render.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, _server, _settle, browser, seed_db  # noqa: F401 - fixtures
from tests.test_upload_security import PASSWORD, markdown_target_docx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()


def test_an_upload_error_fetches_nothing_and_reads_as_text(
    seed_db: Path, browser: object, counting_server: tuple[str, list[str]], tmp_path: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host, requests = counting_server
    evil = tmp_path / "evil.docx"
    evil.write_bytes(markdown_target_docx(f"x ![pic](http://{host}/pic.png) [link](http://{host}/link) **bold**"))
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("XXGK_UPLOAD_DIR", str(tmp_path / "uploads"))
    with _server(seed_db) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
        page.goto(f"{url}/upload", wait_until="domcontentloaded")
        _settle(page)
        page.locator('input[type="password"]').fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.locator('input[type="file"]').wait_for(state="attached", timeout=60_000)
        page.locator('input[type="file"]').set_input_files(str(evil))
        page.get_by_role("button", name="上传并入库").click()
        page.get_by_text("文件已损坏或不完整，无法读取。").wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("img").count() == 0
        assert main.locator(f'a[href*="{host}"]').count() == 0
        assert main.locator("strong", has_text="bold").count() == 0
        assert "pic.png" not in main.inner_text()  # the library's English detail is logged, not shown
        page.close()
    assert requests == []
