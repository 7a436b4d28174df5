"""Reports uploaded by administrators: checked, stored content-addressed, then loaded.

The uploaded file name is never used as a path: originals are stored under their sha256
(``data/uploads/ab/abcdef….pdf``), so ``../../etc/passwd`` or ``C:\\x`` as a name cannot write
anywhere else. The name is kept only for messages.

Each stored file is first read and parsed in a limited child process (:mod:`xxgk.sandbox`); a file
that exceeds its memory or time limit is refused and never read in the server. A ``.zip`` (a folder
the collector wrote, or any folder of reports) is unpacked by :mod:`xxgk.archive` into a private
folder beside the stored zip and loaded exactly as ``xxgk ingest DIR`` loads a folder: the manifest's
source URLs and dates, one report per collected item; ``outcomes`` says per file (zip members named
``upload.zip/inner/path``) whether it was loaded, skipped or refused, and why. Every refusal has a
Chinese reason naming the file (``chinese_reason``) and the English detail for the plain-text line
under it. Wrong admin passwords are throttled per client, across sessions (``LoginThrottle``).

Layer: ui (the upload page's server side; reads Streamlit's secrets) — may import the loader,
the sandbox, ``xxgk.db`` and the base modules.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xxgk import archive
from xxgk.collect.meta import manifest_files
from xxgk.db import DATA_DIR, Waiting
from xxgk.load import IngestSummary, expand_paths, ingest
from xxgk.safe_text import clean_control
from xxgk.sandbox import parse_all_in_children

log = logging.getLogger("xxgk.uploads")

UPLOAD_DIR = Path(os.environ.get("XXGK_UPLOAD_DIR") or DATA_DIR / "uploads")
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".xlsx", ".xls", ".et",
                    ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".zip")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def admin_password() -> str | None:
    """The configured admin password (env ``XXGK_ADMIN_PASSWORD``, else Streamlit secrets), or None.

    Without one the upload page stays off.
    """
    value = os.environ.get("XXGK_ADMIN_PASSWORD")
    if value:
        return value
    try:
        import streamlit as st

        secret = st.secrets.get("admin_password")  # type: ignore[no-untyped-call]
    except Exception:  # noqa: BLE001 - no secrets file is the normal case
        return None
    return str(secret) if secret else None


def password_ok(given: str) -> bool:
    expected = admin_password()
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def display_name(name: str) -> str:
    """The uploaded name reduced to a harmless label for messages: no folders, no odd characters."""
    base = re.split(r"[\\/]", name)[-1]
    return _SAFE_NAME.sub("_", base).strip("._") or "upload"


@dataclass
class UploadResult:
    stored: list[tuple[str, Path]] = field(default_factory=list)  # (display name, stored path)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (display name, reason in Chinese)
    summary: IngestSummary | None = None
    details: dict[str, str] = field(default_factory=dict)  # display name → English detail of its refusal
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (display name, why in Chinese): zip members not loaded


def store(data: bytes, name: str, root: Path = UPLOAD_DIR) -> Path:
    """Write the bytes under their content hash; the same content lands on the same path."""
    suffix = Path(display_name(name)).suffix.lower()
    digest = hashlib.sha256(data).hexdigest()
    target = root / digest[:2] / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def check(data: bytes, name: str) -> str | None:
    """Why an upload is refused before reading it (Chinese, for the page), or None."""
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return f"{shown}：不支持的文件类型（{suffix or '无扩展名'}），只接受 {'、'.join(ALLOWED_SUFFIXES)}。"
    if len(data) == 0:
        return f"{shown}：文件为空。"
    if len(data) > MAX_UPLOAD_BYTES:
        return f"{shown}：文件大小 {len(data) / 1048576:.1f} MB，超过 {MAX_UPLOAD_BYTES // 1048576} MB 的上限。"
    return None


def accept(
    files: Iterable[tuple[str, bytes]],
    db_path: Path | None = None,
    root: Path | None = None,
    on_wait: Waiting | None = None,
) -> UploadResult:
    """Check, store and load uploaded files; one bad file never stops the others. While another
    load writes the database the upload waits for it (``on_wait`` is told whose load it is).

    A file the limited child could not read within its memory or time limit is refused here; any
    other file goes to the loader, which records a file it cannot read among the load errors.
    """
    result = UploadResult()
    pending: list[tuple[str, Path]] = []  # (shown name, stored path): read in limited children below
    for name, data in files:
        shown = display_name(name)
        reason = check(data, name)
        if reason:
            result.rejected.append((shown, reason))
            continue
        if Path(shown).suffix.lower() == ".zip":
            pending += _accept_zip(data, name, shown, root or UPLOAD_DIR, result)
            continue
        pending.append((shown, store(data, name, root or UPLOAD_DIR)))
    _sandboxed(pending, result)
    if result.stored:
        result.summary = ingest([str(path) for _, path in result.stored], db_path, workers=1, on_wait=on_wait)
    return result


def _sandboxed(pending: list[tuple[str, Path]], result: UploadResult) -> None:
    """Read each file in a limited child; a file within the limits goes on to be loaded."""
    for (shown, path), verdict in zip(pending, parse_all_in_children([path for _, path in pending])):
        if verdict.exceeded:
            result.rejected.append((shown, chinese_reason(shown, verdict.reason, verdict.reason_zh)))
            result.details[shown] = verdict.reason.replace(str(path), shown)
        else:
            result.stored.append((shown, path))


# Why a file of an uploaded folder is not loaded (the codes of ``manifest_files``), in Chinese.
_SKIPPED_ZH = {
    "attachment_is_report": "网页只链接报告附件，以附件为准，网页本身不入库。",
    "same_as_page": "与所在网页是同一份报告，只入库一次。",
    "not_a_report_file": "图片或表格附件，不作为报告入库。",
    "partial": "未下载完整的文件（.part），不入库。",
    "manifest": "采集清单，用于读取各报告的来源网址和发布日期，本身不入库。",
    "hidden": "隐藏文件、系统文件或数据文件，不入库。",
}


def _accept_zip(data: bytes, name: str, shown: str, root: Path, result: UploadResult) -> list[tuple[str, Path]]:
    """Unpack a zip beside its stored original; its files to load, as ``xxgk ingest DIR`` would."""
    digest = hashlib.sha256(data).hexdigest()
    final = root / digest[:2] / f"{digest}.d"
    try:
        private = archive.unpack(data, final.parent)
    except archive.ArchiveRefused as exc:
        result.rejected.append((shown, f"{shown}：{exc.reason_zh}，已拒绝。"))
        result.details[shown] = exc.reason
        return []
    store(data, name, root)
    try:
        os.replace(private, final)  # the same zip again finds its folder there: the new copy goes
    except OSError:
        shutil.rmtree(private, ignore_errors=True)
    every = sorted(str(p) for p in final.rglob("*") if p.is_file())
    listed = list(expand_paths([final]))
    why: dict[str, str] = {}
    keep, _ = manifest_files(listed, why)
    label = lambda path: f"{shown}/{clean_control(Path(path).relative_to(final).as_posix())}"  # noqa: E731
    for path in every:
        if path not in listed:
            result.skipped.append((label(path), _SKIPPED_ZH["manifest" if path.endswith("/manifest.jsonl") else "hidden"]))
        elif path in why:
            result.skipped.append((label(path), _SKIPPED_ZH[why[path]]))
    return [(label(path), Path(path)) for path in keep]


OUTCOME_LOADED, OUTCOME_SKIPPED, OUTCOME_REFUSED = "已入库", "跳过", "拒绝"


def outcomes(result: UploadResult) -> list[tuple[str, str, str]]:
    """Every file of an upload as (name, 已入库 / 跳过 / 拒绝, why in Chinese): the files loaded,
    those already in the database, zip members left out (and why), and every refusal."""
    rows: list[tuple[str, str, str]] = []
    summary = result.summary
    failed = {path: reason for path, reason in summary.failed} if summary else {}
    new = set(summary.new_ids) if summary else set()
    chinese = getattr(summary, "failed_zh", {}) if summary else {}
    for shown, path in result.stored:
        key = str(path)
        if key in failed:
            reason = chinese_reason(shown, failed[key].replace(key, shown), chinese.get(key))
            rows.append((shown, OUTCOME_REFUSED, reason.removeprefix(f"{shown}：")))
        elif _sha256(path) in new:
            rows.append((shown, OUTCOME_LOADED, ""))
        else:
            rows.append((shown, OUTCOME_SKIPPED, "与已入库的报告相同，未重复入库。"))
    rows += [(shown, OUTCOME_SKIPPED, why) for shown, why in result.skipped]
    rows += [(shown, OUTCOME_REFUSED, reason.removeprefix(f"{shown}：")) for shown, reason in result.rejected]
    return rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def reasons(result: UploadResult) -> list[tuple[str, str]]:
    """Every refusal of an upload as (Chinese reason naming the file, English detail or "")."""
    out = [(reason, result.details.get(shown, "")) for shown, reason in result.rejected]
    summary = result.summary
    if summary is not None:
        names = {str(path): shown for shown, path in result.stored}
        chinese = getattr(summary, "failed_zh", {})  # the loader's own Chinese reasons, where it has them
        for path, reason in summary.failed:
            shown = names.get(path, display_name(path))
            detail = reason.replace(path, shown)
            out.append((chinese_reason(shown, detail, chinese.get(path)), detail))
    return out


# English reasons of the readers and the loader, and what to tell the user in Chinese. The first
# match wins; a reason none matches is still refused, with its English detail under it.
_CHINESE: tuple[tuple[str, str], ...] = (
    (r"the PDF has (\d+) pages, over the (\d+) page limit", "PDF 共 {0} 页，超过 {1} 页的上限。"),
    (r"XML unpacks to ([\d.]+) MB.*over the (\d+) MB limit",
     "Word 文件的 XML 内容解压后共 {0} MB，超过 {1} MB 的上限，可能是压缩炸弹或损坏的文件。"),
    (r"has ([\d,]+) characters, over the ([\d,]+) character limit", "文字共 {0} 个字符，超过 {1} 个字符的上限。"),
    (r"tables have ([\d,]+) cells, over the ([\d,]+) cell limit", "表格共 {0} 个单元格，超过 {1} 个的上限。"),
    (r"over the (\d+) MB limit", "文件大小或解压后大小超过 {0} MB 的上限。"),
    (r"encrypted", "PDF 已加密，无法读取。"),
    (r"OCR found no text", "扫描件（图片）中未识别出文字。"),
    (r"no text layer|needs OCR", "PDF 没有文字层（扫描件），需要先进行文字识别（OCR）。"),
    (r"needs LibreOffice", "读取 .doc、.wps、.rtf 文件需要 LibreOffice，本服务器未安装。"),
    (r"LibreOffice could not convert|LibreOffice took over", "LibreOffice 无法转换此文件（可能已损坏）。"),
    (r"not a (?:government information disclosure )?report", "不是政府信息公开工作年度报告。"),
    (r"damaged|truncated|cannot read the (?:Word document|PDF|spreadsheet|image)|not a readable zip", "文件已损坏或不完整，无法读取。"),
    (r"is empty|has no text|no visible text|only blank", "文件中没有文字内容。"),
    (r"cannot decode", "无法识别文件的文字编码。"),
    (r"parser failed", "解析出错，未能入库；请将此文件交给维护人员。"),
)


def chinese_reason(shown: str, reason: str, reason_zh: str | None = None) -> str:
    """Why ``shown`` was refused, in Chinese: the error's own Chinese reason if it has one, else a
    translation of the English ``reason`` by the table above.

    >>> chinese_reason("a.pdf", "a.pdf: the PDF is encrypted with a password")
    'a.pdf：PDF 已加密，无法读取。'
    """
    if reason_zh:
        return f"{shown}：{reason_zh.rstrip('。')}。"
    for pattern, text in _CHINESE:
        match = re.search(pattern, reason, re.IGNORECASE)
        if match:
            return f"{shown}：{text.format(*match.groups())}"
    return f"{shown}：无法读取此文件，未能入库。"


# --- the admin password -------------------------------------------------------------------------

GLOBAL_CLIENT = "unknown client"  # one shared bucket when the client's address is not known


class LoginThrottle:
    """Failed admin logins per client, kept in the server process across sessions.

    After each failure a client waits longer before its next try (1, 2, 4 … up to 60 seconds); after
    ``LOCK_AFTER`` failures in a row it is locked out for ``LOCKOUT_SECONDS``. A success clears it.
    ``clock`` is injectable for tests.
    """

    LOCK_AFTER = 10
    LOCKOUT_SECONDS = 15 * 60
    MAX_DELAY_SECONDS = 60

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[int, float]] = {}  # client → (failures in a row, next try allowed at)

    def failures(self, client: str) -> int:
        with self._lock:
            return self._clients.get(client, (0, 0.0))[0]

    def wait(self, client: str) -> float:
        """Seconds before ``client`` may try again (0: now)."""
        with self._lock:
            _, until = self._clients.get(client, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, client: str) -> int:
        """Record a failure; the number of failures in a row."""
        with self._lock:
            count = self._clients.get(client, (0, 0.0))[0] + 1
            pause = self.LOCKOUT_SECONDS if count >= self.LOCK_AFTER else min(2 ** (count - 1), self.MAX_DELAY_SECONDS)
            self._clients[client] = (count, self.clock() + pause)
            if len(self._clients) > 10_000:  # many clients: drop those free to try again
                now = self.clock()
                self._clients = {k: v for k, v in self._clients.items() if v[1] > now}
            return count

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def forget(self) -> None:
        with self._lock:
            self._clients.clear()


LOGIN_THROTTLE = LoginThrottle()


def login(given: str, client: object, throttle: LoginThrottle = LOGIN_THROTTLE) -> str | None:
    """Try the admin password for ``client`` (an address, or None when unknown).

    Returns None when logged in, else the Chinese message to show. While the client must wait, the
    password is not even compared. Every failure is logged with the time and the client.
    """
    client = client if isinstance(client, str) and client else GLOBAL_CLIENT
    wait = throttle.wait(client)
    if wait > 0:
        if throttle.failures(client) >= throttle.LOCK_AFTER:
            return f"密码错误次数过多，登录已锁定，请 {math.ceil(wait / 60)} 分钟后再试。"
        return f"尝试过于频繁，请 {math.ceil(wait)} 秒后再试。"
    if password_ok(given):
        throttle.succeeded(client)
        return None
    count = throttle.failed(client)
    log.warning("admin login failed: client %s, at %s, %d failure(s) in a row",
                client, time.strftime("%Y-%m-%d %H:%M:%S%z"), count)
    return "密码不正确。"
