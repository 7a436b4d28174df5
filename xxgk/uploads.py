"""Reports uploaded by administrators: checked, stored content-addressed, then loaded.

The uploaded file name is never used as a path: originals are stored under their sha256
(``data/uploads/ab/abcdef….pdf``), so ``../../etc/passwd`` or ``C:\\x`` as a name cannot write
anywhere else. The name is kept only for messages.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.db import DATA_DIR, Waiting
from xxgk.load import IngestSummary, ingest

UPLOAD_DIR = DATA_DIR / "uploads"
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
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
    root: Path = UPLOAD_DIR,
    on_wait: Waiting | None = None,
) -> UploadResult:
    """Check, store and load uploaded files; one bad file never stops the others. While another
    load writes the database the upload waits for it (``on_wait`` is told whose load it is)."""
    result = UploadResult()
    for name, data in files:
        reason = check(data, name)
        if reason:
            result.rejected.append((display_name(name), reason))
            continue
        result.stored.append((display_name(name), store(data, name, root)))
    if result.stored:
        result.summary = ingest([str(path) for _, path in result.stored], db_path, workers=1, on_wait=on_wait)
    return result
