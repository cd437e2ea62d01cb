"""Reading a library's files as untrusted input: nothing outside the library is read, nothing
that is not a regular file is opened, and no file is read past its size limit.

A link (or a folder on the way) that leads outside the library is refused without reading it,
and the error never shows what the link points to beyond its path; a FIFO, a device, a folder
or a dangling link where a file is expected is an error at once, before any read that could
block; the size is checked from the file system first, and the read stops at the limit anyway.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import CurriculumError


class FileProblem(CurriculumError):
    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint = path, message, hint


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links and all, resolves to a place inside `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def read_bytes(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of one library file, or FileProblem."""
    if not inside(path, root):
        raise FileProblem(path, "this is a link to a place outside the library, and is not read",
                          "copy the file into the library instead of linking to it")
    try:
        info = os.stat(path)  # follows links, which now stay inside the library
    except FileNotFoundError:
        raise FileProblem(path, "this is a link to nothing (its target does not exist)",
                          "remove the link, or point it at a file in the library") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read the file: {exc.strerror}",
                          "check that the file exists and is readable") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else \
            "a pipe" if stat.S_ISFIFO(info.st_mode) else "a device or other special file"
        raise FileProblem(path, f"this is {kind}, not a file", "put a regular file here")
    if info.st_size > limit:
        raise FileProblem(path, f"the file is {info.st_size:,} bytes, over the limit of "
                          f"{limit:,}", "split it into several files")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileProblem(path, f"cannot read the file: {exc.strerror}",
                          "check that the file exists and is readable") from None
    if len(data) > limit:
        raise FileProblem(path, f"the file is over the limit of {limit:,} bytes",
                          "split it into several files")
    return data
