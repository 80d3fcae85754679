"""Why a file could not be written or read, said the way an office user can act on it."""

from __future__ import annotations

from pathlib import Path


def why_unwritable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while writing a file."""
    if isinstance(exc, FileNotFoundError):
        # a folder that exists but takes no new files (/proc) says "no such file" too
        folder = Path(str(exc.filename)).parent if exc.filename else None
        return "该目录不能新建文件" if folder and folder.is_dir() else "所在目录不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，请写出文件名"
    if isinstance(exc, PermissionError):
        return "没有写入权限"
    if isinstance(exc, FileExistsError):
        return "文件已存在"
    return f"系统错误 {exc.errno}" if exc.errno else "系统错误"


def why_unreadable(exc: OSError) -> str:
    """A short Chinese reason for an OSError raised while reading a file."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，请写出文件名"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return f"系统错误 {exc.errno}" if exc.errno else "系统错误"
