"""Why a file could not be written or read, said the way an office user can act on it.

The operating system's own words (`[Errno 21] Is a directory`) are English; every message that
names a file the user gave goes through here instead. It sits in the lowest layer so that the
holidays file (domain), the ledger (storage), the CLI and the dashboard all say the same."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOTHING = Path(os.devnull)
DISK_FULL = "磁盘已满，请清理出空间后再试"
FOLDER = "这是一个文件夹，不是文件"
NOT_REGULAR = "这不是普通文件（是管道、设备一类的特殊文件），请给出普通文件"
_Reasons = tuple[tuple[type[OSError], str], ...]
_WRITING: _Reasons = (
    (IsADirectoryError, "这是一个文件夹，请写出文件名"),
    (PermissionError, "没有写入权限"),
    (FileExistsError, "文件已存在"),
)
_READING: _Reasons = (
    (IsADirectoryError, FOLDER),
    (FileNotFoundError, "文件不存在"),
    (PermissionError, "没有读取权限"),
)
_BY_NUMBER = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: "磁盘配额已用完，请清理出空间后再试",
    errno.EROFS: "磁盘是只读的",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EIO: "磁盘读写出错（磁盘或网络盘故障）",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多，请稍后再试",
    errno.ENFILE: "同时打开的文件太多，请稍后再试",
}


def why_unwritable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while writing a file."""
    if isinstance(exc, FileNotFoundError):
        # a folder that exists but takes no new files (/proc) says "no such file" too
        folder = Path(str(exc.filename)).parent if exc.filename else None
        return "该文件夹不能新建文件" if folder and folder.is_dir() else "所在文件夹不存在"
    return _reason(exc, _WRITING)


def why_unreadable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while reading a file."""
    return _reason(exc, _READING)


def cannot_read(path: Path) -> str | None:
    """Why `path` cannot be read as a file (missing, a folder, a pipe or device, no
    permission), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return why_unreadable(exc)
    if stat.S_ISDIR(mode):
        return FOLDER
    if not stat.S_ISREG(mode) and path != _NOTHING:
        # opening a named pipe waits for a writer, a device may never end: never open them
        # (/dev/null reads as an empty file at once: `--config /dev/null`, settings from the
        # environment alone)
        return NOT_REGULAR
    try:
        with path.open("rb"):
            return None
    except OSError as exc:
        return why_unreadable(exc)


def _reason(exc: OSError, reasons: _Reasons) -> str:
    for kind, why in reasons:
        if isinstance(exc, kind):
            return why
    if exc.errno in _BY_NUMBER:
        return _BY_NUMBER[exc.errno]
    return f"系统错误 {exc.errno}" if exc.errno else "系统错误"
