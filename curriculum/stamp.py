"""The no-change check: has anything a build reads changed since the last good build?

Before anything heavy is loaded, the build hashes what it would read (every file of the library's
own folders, the code, the installed versions, the options, SOURCE_DATE_EPOCH) into one
fingerprint. A build that succeeded writes that fingerprint to `<out>/.stamp.json`, beside the
size and modification time of every file it vouches for. The next build with the same
fingerprint, finding those files as it left them, has nothing to do and says so in well under
a second; anything else (an edit, a deleted or touched pack, another option) goes the long way,
which is exact on its own. Standard library only: this module must stay cheap to import.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
from pathlib import Path

STAMP = ".stamp.json"
# what the loader reads, and nothing else (a user's other files never make a build stale)
LIBRARY_FILES = ("library.yaml", "terminology.yaml")
LIBRARY_FOLDERS = ("modules", "audiences", "countries", "overlays", "locales", "templates",
                   "sources")
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _walk(path: Path, digest, root: Path) -> None:
    try:
        info = path.lstat()
    except OSError:
        return
    name = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
    if stat.S_ISDIR(info.st_mode):
        with contextlib.suppress(OSError):
            for child in sorted(path.iterdir()):
                _walk(child, digest, root)
    elif stat.S_ISREG(info.st_mode):
        digest.update(b"F" + name + b"\0")
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())
    elif stat.S_ISLNK(info.st_mode):  # never followed: the loader refuses what it points at
        digest.update(b"L" + name + b"\0" + os.readlink(path).encode("utf-8", "surrogateescape"))
    else:
        digest.update(b"S" + name + b"\0")


def _code(digest) -> None:
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())


def fingerprint(root: Path, options: dict) -> str:
    """One hash of everything a build of `root` with `options` reads."""
    digest = hashlib.sha256()
    root = Path(root)
    for name in LIBRARY_FILES + LIBRARY_FOLDERS:
        _walk(root / name, digest, root)
    _code(digest)
    versions = sorted(f"{d.metadata['Name']}=={d.version}"
                      for d in importlib.metadata.distributions())
    fonts = sorted(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                   for p in SYSTEM_FONTS.glob("*.ttf")) if SYSTEM_FONTS.is_dir() else []
    digest.update(json.dumps({
        "options": options, "versions": versions, "fonts": fonts, "python": sys.version,
        "harfbuzz-subset": ctypes.util.find_library("harfbuzz-subset"),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _state(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def unchanged(out: Path, print_: str) -> dict | None:
    """The stamp of the last good build of `out`, if it had this fingerprint and every file it
    vouched for is still as it was written; else None."""
    try:
        data = json.loads((Path(out) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != print_ or \
            not isinstance(data.get("files"), dict):
        return None
    for name, state in data["files"].items():
        if _state(Path(out) / name) != state:
            return None
    return data


def record(out: Path, print_: str, names: list[str], extra: dict) -> None:
    """Write the stamp for a good build: its fingerprint and the files it vouches for."""
    from .write import atomic_write

    files = {name: _state(Path(out) / name) for name in sorted(set(names))}
    data = {"fingerprint": print_, "files": {k: v for k, v in files.items() if v}, **extra}
    atomic_write(Path(out) / STAMP, json.dumps(data, ensure_ascii=False).encode() + b"\n")


def forget(out: Path) -> None:
    """A build that is not wholly good leaves no stamp: the next one goes the long way."""
    with contextlib.suppress(OSError):
        (Path(out) / STAMP).unlink()
