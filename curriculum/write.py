"""Stage 6, write: rendered packs -> files, so that nothing is ever half-written.

- A single file (report.json, a cache entry, a catalogue) is written to a temporary file in its
  own folder, flushed to disk, then renamed over the old one (os.replace is atomic on POSIX).
- A pack is replaced as a whole (write_pack): put together beside the old one, then the two
  folders exchanged in one step, so a reader or a kill sees the old pack with its manifest or
  the new one with its own. manifest.json lists each file's hash, so a pack whose files do not
  match its manifest is rebuilt.
- Paths are built from validated ids and checked to stay inside the output folder.
- Builds into the same folder take a lock (build/.lock), so two at once take turns; their
  temporary files are unique per process in any case.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from .errors import CurriculumError

MANIFEST = "manifest.json"
TEMP_PREFIX = ".curriculum-"  # our temporary files, and only ours, are cleaned up
REPORT = "report.json"
LOCK = ".lock"


class WriteError(CurriculumError):
    pass


def check_output(out: Path, library: Path) -> None:
    """The output folder is the user's, and never the library's own: refuse the library's root
    or any folder inside it other than a build folder of its own."""
    out_abs, root = out.resolve(), library.resolve()
    if out_abs == root:
        raise WriteError(f"refusing to build into the library's own folder ({library}): name "
                         f"an output folder with --out, e.g. --out build")
    for name in ("templates", "locales", "modules", "audiences", "countries", "sources",
                 "overlays", ".git", "curriculum"):
        if out_abs.is_relative_to(root / name):
            raise WriteError(f"refusing to build into {name}/, a folder of the library: name "
                             f"another output folder with --out")


def pack_folder(out: Path, slug: str) -> Path:
    """out/<locale>/<country>/<audience>/<edition>, refusing anything that escapes `out`."""
    base = out.resolve()
    folder = (base / slug).resolve()
    if not folder.is_relative_to(base) or folder == base or ".." in Path(slug).parts:
        raise WriteError(f"refusing to write outside the output folder: {slug!r}")
    return folder


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _flush(handle, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _flush(handle, data: bytes) -> None:
    """Write `data` and make sure it is on disk before the file is renamed into place."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict | None:
    """The pack's manifest, or None when there is none or it is not one we wrote (then the
    pack is rebuilt, never an internal error)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files", {}), dict) or \
            not all(isinstance(k, str) and isinstance(v, str)
                    for k, v in data.get("files", {}).items()):
        return None
    return data


STAGE_SUFFIX = ".stage"  # a pack being put together beside the one it replaces


def write_pack(folder: Path, files: dict[str, bytes], manifest: dict,
               previous: dict[str, str] | None = None) -> None:
    """Replace the pack in `folder` as a whole: the new pack is put together in a folder beside
    it (new files written and flushed; files whose bytes are unchanged, as `previous`, the old
    manifest's hashes, says, and anything else the folder holds, linked across), then the two
    folders are exchanged in one step (renameat2 RENAME_EXCHANGE). A reader, or a build killed
    at any moment, sees the previous pack with its manifest or the new one with its own, never
    a mix; a file that is not ours stays where it was."""
    # the manifest vouches only for what this build wrote: a `-f pdf` build does not vouch for
    # an index.html written from other inputs
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{folder.name}.", suffix=STAGE_SUFFIX,
                                  dir=folder.parent))
    os.chmod(stage, 0o755)  # a pack folder, not a private temporary one
    placed = False
    try:
        digests: dict[str, str] = {}
        for name, data in sorted(files.items()):
            target = (stage / name).resolve()
            if not target.is_relative_to(stage.resolve()):
                raise WriteError(f"refusing to write outside the pack folder: {name!r}")
            digests[name] = sha256(data)
            target.parent.mkdir(parents=True, exist_ok=True)
            old = folder / name
            if previous and previous.get(name) == digests[name] and _holds(old, data):
                _link(old, target)
            else:
                _flushed(target, data)
        body = json.dumps({**manifest, "files": dict(sorted(digests.items()))}, indent=2,
                          ensure_ascii=False, sort_keys=True).encode() + b"\n"
        _flushed(stage / MANIFEST, body)
        if folder.is_dir():
            _carry_over(folder, stage, set(files) | {MANIFEST})
        _fsync_dir(stage)
        if folder.is_dir():
            _exchange(stage, folder)  # stage now holds the previous pack
        else:
            os.rename(stage, folder)
            placed = True
        _fsync_dir(folder.parent)
    finally:
        if not placed:
            remove_stage(stage)


def _flushed(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        _flush(handle, data)
    os.chmod(path, 0o644)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file system without hard links: copy
        _flushed(target, source.read_bytes())


def _carry_over(folder: Path, stage: Path, replaced: set[str], prefix: str = "") -> None:
    """Everything of `folder` that the new pack does not replace (a user's file, a format this
    build did not make) is linked into the new pack, where it was."""
    for entry in os.scandir(folder):
        name = prefix + entry.name
        if name in replaced:
            continue
        target = stage / entry.name
        if entry.is_dir(follow_symlinks=False):
            target.mkdir(exist_ok=True)
            _carry_over(Path(entry.path), target, replaced, name + "/")
        elif not target.exists() and not target.is_symlink():
            os.link(entry.path, target, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None and renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:
        return  # AT_FDCWD, RENAME_EXCHANGE
    # no atomic exchange here: the old pack steps aside, the new one takes its place
    aside = a.with_name(a.name + ".old")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stage(stage: Path) -> None:
    """A stage folder holds only what we wrote and links to files that live on elsewhere."""
    import shutil

    shutil.rmtree(stage, ignore_errors=True)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_report(out: Path, report: dict) -> None:
    atomic_write(out / REPORT, json.dumps(report, indent=2, ensure_ascii=False).encode() + b"\n")


@contextlib.contextmanager
def build_lock(out: Path, wait_message=None, timeout: float | None = None):
    """Hold out/.lock for the duration of a build; a second build waits its turn."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait_message:
                wait_message()
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise WriteError(
                            f"another build holds {out / LOCK}; gave up waiting") from None
                    time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_stale_temporaries(out: Path) -> int:
    """Remove temporary files left by a build that was killed (they are never read): ours only,
    named by TEMP_PREFIX; a user's own hidden files stay."""
    count = 0
    for path in out.rglob(f"{TEMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()
            count += 1
    for path in sorted(out.rglob(f"{TEMP_PREFIX}*{STAGE_SUFFIX}*")):
        if not path.is_dir() or path.is_symlink():
            continue
        original = path.parent / path.name[len(TEMP_PREFIX):].split(".", 1)[0]
        if path.name.endswith(".old") and not original.exists():
            os.rename(path, original)  # killed mid-swap (no atomic exchange): the old pack back
            continue
        remove_stage(path)
        count += 1
    return count
