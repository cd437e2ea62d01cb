"""The render cache: rendered bytes by the hash of exactly what they were made from.

A PDF is a function of the HTML WeasyPrint reads, the assets and fonts it may load, and the
versions of the code that lay it out; its key hashes all of these (`key`). Whatever changed
upstream (a module, a profile, a translation), a pack whose final HTML comes out the same finds
its PDF here and is not rendered again; packs that share a page (the route card of one country
and language, whatever the audience) render it once.

The cache is a flat folder of files named by key (default: `<out>/.cache`; `--cache DIR` puts
it anywhere, e.g. where a CI cache step restores it, shared by shards). Entries are written
atomically as soon as they are made, so an interrupted build keeps what it rendered. A worker
about to render an entry claims it with a lock file, so that two workers never render the same
page at once: the second waits and reads the first one's result.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .write import atomic_write

LOCK_SUFFIX = ".lock"


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        return self.folder / name

    def get(self, name: str) -> bytes | None:
        try:
            data = self._path(name).read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(self._path(name))  # used: kept by pruning
        return data

    def put(self, name: str, data: bytes) -> None:
        with contextlib.suppress(OSError):  # a full or read-only cache costs time, not the build
            atomic_write(self._path(name), data)

    @contextlib.contextmanager
    def claim(self, name: str) -> Iterator[None]:
        """Hold `name` while rendering it; another worker claiming it waits, then finds it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self._path(name + LOCK_SUFFIX), "a+")
        except OSError:
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                with contextlib.suppress(OSError):
                    os.unlink(handle.name)

    def fetch_or_make(self, name: str, make) -> tuple[bytes, bool]:
        """(bytes, True) from the cache, or (make(), False) after storing it."""
        data = self.get(name)
        if data is not None:
            return data, True
        with self.claim(name):
            data = self.get(name)
            if data is not None:
                return data, True
            data = make()
            self.put(name, data)
            return data, False

    def touch(self, names) -> None:
        """Mark entries as used by this build (pruning keeps them)."""
        for name in names:
            with contextlib.suppress(OSError):
                os.utime(self._path(name))

    def prune(self, before: float) -> int:
        """Remove our entries last used before `before` (a wall-clock time)."""
        removed = 0
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if not _ours(path.name) or path.name.endswith(LOCK_SUFFIX) or \
                        not path.is_file():
                    continue
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < before:
                        path.unlink()
                        removed += 1
        return removed


def _ours(name: str) -> bool:
    """A cache entry's name: <kind>-<64 hex digits>.<ext>."""
    stem = name.split(".", 1)[0]
    kind, _, digest = stem.rpartition("-")
    return bool(kind) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
