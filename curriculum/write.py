"""Stage 6, write: rendered packs -> files, so that nothing is ever half-written.

- Every file is written to a temporary file in its own folder, flushed to disk, then renamed
  over the old one (os.replace is atomic on POSIX): a reader, or a build killed with kill -9,
  sees the whole old file or the whole new one, never a torn one.
- manifest.json is written last; it lists each artefact's hash, so a pack whose files do not
  match its manifest is known to be incomplete and is rebuilt.
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
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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


def is_current(folder: Path, input_hash: str, wanted: set[str]) -> bool:
    """True when the folder holds whole artefacts of exactly these inputs."""
    manifest = read_manifest(folder)
    if not manifest or manifest.get("input_hash") != input_hash:
        return False
    files = manifest.get("files", {})
    if not wanted <= set(files):
        return False
    for name, digest in files.items():
        try:
            if sha256((folder / name).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def write_pack(folder: Path, files: dict[str, bytes], manifest: dict) -> None:
    """Write the artefacts, then the manifest that vouches for them."""
    # the manifest vouches only for what this build wrote: a `-f pdf` build does not vouch for
    # an index.html written from other inputs
    digests: dict[str, str] = {}
    for name, data in sorted(files.items()):
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise WriteError(f"refusing to write outside the pack folder: {name!r}")
        atomic_write(target, data)
        digests[name] = sha256(data)
    manifest = {**manifest, "files": dict(sorted(digests.items()))}
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False,
                                               sort_keys=True).encode() + b"\n")


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
    return count
