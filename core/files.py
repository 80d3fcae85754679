"""Why a file could not be written or read, said the way an office user can act on it."""

from __future__ import annotations

from pathlib import Path

_Reasons = tuple[tuple[type[OSError], str], ...]
_EITHER: _Reasons = ((IsADirectoryError, "这是一个目录，请写出文件名"),)
_WRITING: _Reasons = (*_EITHER, (PermissionError, "没有写入权限"), (FileExistsError, "文件已存在"))
_READING: _Reasons = (
    *_EITHER,
    (FileNotFoundError, "文件不存在"),
    (PermissionError, "没有读取权限"),
)


def why_unwritable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while writing a file."""
    if isinstance(exc, FileNotFoundError):
        # a folder that exists but takes no new files (/proc) says "no such file" too
        folder = Path(str(exc.filename)).parent if exc.filename else None
        return "该目录不能新建文件" if folder and folder.is_dir() else "所在目录不存在"
    return _reason(exc, _WRITING)


def why_unreadable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while reading a file."""
    return _reason(exc, _READING)


def _reason(exc: OSError, reasons: _Reasons) -> str:
    for kind, why in reasons:
        if isinstance(exc, kind):
            return why
    return f"系统错误 {exc.errno}" if exc.errno else "系统错误"
