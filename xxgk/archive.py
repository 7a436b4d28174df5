"""Unpacking an uploaded zip (a collected folder: ``manifest.jsonl``, saved pages, attachments)
without trusting it.

Every member is checked before anything is written: no absolute name or drive, no ``..``, no
symlink or other special file, no encrypted member, no name twice, at most ``MAX_MEMBERS`` members
and ``MAX_BYTES`` unpacked in all, and no member that inflates more than ``MAX_RATIO`` times (a zip
bomb). The declared sizes are summed first; the bytes are counted again while writing, so a header
that lies gets no further. Members are written only inside a fresh private folder (``mkdtemp``,
mode 0700), each file created new (``O_EXCL``, ``O_NOFOLLOW``). A refusal raises
:class:`ArchiveRefused` with the English reason and the Chinese one for the upload page, after the
private folder is removed.

Names a Windows tool wrote in GBK (no UTF-8 flag) are read as Chinese.

Layer: readers — input as it arrives; imports nothing of xxgk but the base modules.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

MB = 1024 * 1024
MAX_MEMBERS = 2000
MAX_BYTES = 500 * MB
MAX_RATIO = 100  # unpacked ÷ packed, for a member over RATIO_FLOOR unpacked
RATIO_FLOOR = 1 * MB
_CHUNK = 1 * MB
_DRIVE = re.compile(r"^[A-Za-z]:")
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


class ArchiveRefused(Exception):
    """A zip that is not unpacked: ``reason`` (English) and ``reason_zh`` (Chinese, no file name)."""

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_zh = reason_zh


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its writer meant it: UTF-8 where flagged, else UTF-8 if it decodes,
    else GB18030 (zipfile decodes unflagged names as CP437)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def member_parts(name: str) -> list[str]:
    """The folders and file name of a member inside the private folder; refused if it would leave it."""
    if "\0" in name:
        raise ArchiveRefused(f"member name with a NUL character: {name!r}", "压缩包中有文件名含非法字符")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise ArchiveRefused(f"member with an absolute path: {name!r}", "压缩包中有文件使用绝对路径，可能写到服务器的其他位置")
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveRefused(f"member that climbs out of the folder: {name!r}", "压缩包中有文件路径指向上级目录（..），可能写到服务器的其他位置")
    return parts


def _check(members: list[zipfile.ZipInfo], max_members: int, max_bytes: int, max_ratio: float) -> list[tuple[zipfile.ZipInfo, list[str]]]:
    """The files to write (folders are made as needed), after every check that needs no writing."""
    files = [m for m in members if not m.is_dir()]
    if len(files) > max_members:
        raise ArchiveRefused(f"{len(files)} members, over the {max_members} member limit",
                             f"压缩包内有 {len(files)} 个文件，超过 {max_members} 个的上限")
    declared = sum(m.file_size for m in files)
    if declared > max_bytes:
        raise ArchiveRefused(f"unpacks to {declared / MB:.1f} MB, over the {max_bytes / MB:g} MB limit",
                             f"解压后共 {declared / MB:.1f} MB，超过 {max_bytes / MB:g} MB 的上限，可能是压缩炸弹")
    chosen, seen = [], set()
    for info in members:
        name = member_name(info)
        parts = member_parts(name)
        mode = info.external_attr >> 16
        if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = "链接" if stat.S_ISLNK(mode) else "特殊文件"
            raise ArchiveRefused(f"member that is not a plain file (mode {oct(mode)}): {name!r}",
                                 f"压缩包中有{kind}（{'符号链接' if kind == '链接' else '设备或管道'}），可能指向服务器的其他位置")
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise ArchiveRefused(f"encrypted member: {name!r}", "压缩包已加密，无法读取")
        if info.is_dir() or not parts:
            continue
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ArchiveRefused(
                f"member {name!r} inflates {info.file_size / max(info.compress_size, 1):,.0f} times, over {max_ratio:g}",
                f"其中文件解压后是压缩前的 {info.file_size / max(info.compress_size, 1):,.0f} 倍，可能是压缩炸弹")
        key = "/".join(parts).casefold()
        if key in seen:
            raise ArchiveRefused(f"member named twice: {name!r}", "压缩包中有重名文件")
        seen.add(key)
        chosen.append((info, parts))
    return chosen


def unpack(data: bytes, parent: str | os.PathLike[str], max_members: int = MAX_MEMBERS, max_bytes: int = MAX_BYTES,
           max_ratio: float = MAX_RATIO) -> Path:
    """Unpack the zip ``data`` into a new private folder under ``parent``; that folder, or
    :class:`ArchiveRefused` (with nothing left behind)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveRefused(f"not a readable zip: {exc}", "不是有效的 zip 压缩包，或文件已损坏") from exc
    chosen = _check(members, max_members, max_bytes, max_ratio)
    Path(parent).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".unzip-", dir=parent))
    try:
        written = 0
        for info, parts in chosen:
            written = _write(archive, info, folder, parts, written, max_bytes)
    except ArchiveRefused:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ArchiveRefused(f"cannot unpack: {exc}", "压缩包已损坏或使用了不支持的压缩方式，无法解压") from exc
    return folder


def _write(archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, parts: list[str], written: int,
           max_bytes: int) -> int:
    """Write one member below ``folder``; the running total of bytes written."""
    target = folder.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not os.path.realpath(target.parent).startswith(os.path.realpath(folder) + os.sep) and target.parent != folder:
        raise ArchiveRefused(f"member leaves the folder: {info.filename!r}", "压缩包中有文件路径指向其他位置")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out, archive.open(info) as source:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise ArchiveRefused(f"unpacks to over {max_bytes / MB:g} MB", f"解压后超过 {max_bytes / MB:g} MB 的上限，可能是压缩炸弹")
            out.write(chunk)
    return written
