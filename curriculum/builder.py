"""The build: the whole matrix (or a filtered part of it), one straight line per variant:

    load -> validate -> tailor -> localise -> render -> write

Loading and validating happen once. Tailoring and localising are cheap and run here; rendering
(WeasyPrint) is the slow part and runs in worker processes, `jobs` at a time, each with a time
limit: a variant that hangs or crashes is killed and reported, and the others go on. A variant
whose inputs have not changed since it was last written (same input hash in its manifest, same
file hashes) is skipped.
"""
from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Literal, Protocol

from .errors import CurriculumError
from .formats.site import write_index
from .library import Library
from .localise import localise
from .pack import Pack, Variant
from .render import render
from .tailor import Selection, tailor, variants
from .version import __version__
from .levels import derive
from .write import (MANIFEST, WriteError, build_lock, check_output, clean_stale_temporaries,
                    is_current, pack_folder, read_manifest, write_pack, write_report)

FORMATS = ("html", "pdf")
DEFAULT_TIMEOUT = 300.0
Status = Literal["built", "skipped", "failed", "removed", "held"]
STATUSES: tuple[Status, ...] = ("built", "skipped", "failed", "removed", "held")
# held: not built, because less of it is translated than the build was asked to require
ARTEFACT_STATUS = {"built": "built", "skipped": "up-to-date", "failed": "failed",
                   "removed": "removed", "held": "held"}
ARTEFACT_FILE = {"html": "index.html", "pdf": "pack.pdf"}


@dataclass
class Outcome:
    variant: Variant
    status: Status
    artefacts: int = 0
    error: str | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()


@dataclass
class Report:
    out: Path
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    formats: tuple[str, ...] = FORMATS

    def count(self, status: Status) -> int:
        return sum(o.artefacts if status != "failed" else len(self.formats)
                   for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def as_dict(self) -> dict:
        return {
            "built": self.count("built"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "variants": {status: sum(1 for o in self.outcomes if o.status == status)
                         for status in STATUSES},
            "formats": list(self.formats),
            "seconds": round(self.seconds, 1),
            "failures": [{"variant": o.variant.slug, "error": o.error} for o in self.failed],
            "warnings": [{"variant": o.variant.slug, "messages": list(o.warnings)}
                         for o in self.outcomes if o.warnings],
            "removed": [o.variant.slug for o in self.outcomes if o.status == "removed"],
            "held": [{"variant": o.variant.slug, "reason": o.error}
                     for o in self.outcomes if o.status == "held"],
            "artefacts": [{"path": f"{o.variant.slug}/{ARTEFACT_FILE[fmt]}",
                           "variant": o.variant.slug, "format": fmt,
                           "status": ARTEFACT_STATUS[o.status], "seconds": round(o.seconds, 2)}
                          for o in self.outcomes for fmt in self.formats],
        }


def templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def input_hash(pack: Pack, templates_hash: str, formats: tuple[str, ...]) -> str:
    import weasyprint

    parts = [pack.digest(), templates_hash, __version__, weasyprint.__version__,
             ",".join(formats), os.environ.get("SOURCE_DATE_EPOCH", "")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def manifest_for(pack: Pack, digest: str) -> dict:
    return {
        "variant": pack.variant.model_dump(exclude_none=True),
        "library": pack.library.model_dump(),
        "curriculum": __version__,
        "input_hash": digest,
        "level": pack.country.level,
        "minutes": pack.minutes,
        "chosen": pack.selection,
        "overlays": [{"module": m.id, "section": s.id, "by": s.overlay}
                     for m in pack.modules for s in m.sections if s.overlay],
        "modules": [{"id": m.id, "title": m.title, "minutes": m.minutes,
                     "sections": [s.id for s in m.sections],
                     "activities": [a.id for a in m.activities],
                     "quiz": [q.id for q in m.quiz]} for m in pack.modules],
        "excluded": [e.model_dump() for e in pack.excluded],
        "sources": [s.id for s in pack.sources],
        "facts": [f.path for f in pack.facts],
        "fallbacks": pack.plan()["fallbacks"],
    }


def _render_and_write(pack: Pack, templates: Path, folder: Path, digest: str,
                      formats: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    rendered = render(pack, templates, formats)
    files: dict[str, bytes] = {}
    if "html" in formats:
        files["index.html"] = rendered.html.encode("utf-8")
        files.update(rendered.assets)
    if "pdf" in formats and rendered.pdf is not None:
        files["pack.pdf"] = rendered.pdf
    if "pdf" in formats and rendered.route_card is not None:
        files["route-card.pdf"] = rendered.route_card
    write_pack(folder, files, manifest_for(pack, digest))
    return len(formats), rendered.warnings


def _worker(conn, pack_json: str, templates: str, folder: str, digest: str, formats):
    try:
        result = _render_and_write(Pack.model_validate_json(pack_json), Path(templates),
                                   Path(folder), digest, tuple(formats))
        conn.send(("ok", result))
    except BaseException as exc:  # WeasyPrint's fatal fetch error is a BaseException
        detail = f"{type(exc).__name__}: {exc}"
        if os.environ.get("CURRICULUM_DEBUG"):
            detail += "\n" + traceback.format_exc()
        conn.send(("error", detail))
    finally:
        conn.close()


@dataclass
class _Task:
    variant: Variant
    pack: Pack
    folder: Path
    digest: str


def _run(tasks: list[_Task], lib: Library, formats, jobs: int, timeout: float, on_done) -> None:
    """Render tasks in forked worker processes, at most `jobs` at a time, each time-limited."""
    context = multiprocessing.get_context("fork")
    pending = list(reversed(tasks))
    running: dict = {}  # reader -> (process, task, started)
    try:
        _loop(context, pending, running, lib, formats, jobs, timeout, on_done)
    finally:  # interrupted (SIGINT, SIGTERM) or failed: no renderer outlives the build
        for process, _, _ in running.values():
            if process.is_alive():
                process.kill()
            process.join(5)


def _loop(context, pending, running, lib, formats, jobs, timeout, on_done) -> None:
    while pending or running:
        while pending and len(running) < jobs:
            task = pending.pop()
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_worker, daemon=True, args=(
                writer, task.pack.model_dump_json(), str(lib.templates), str(task.folder),
                task.digest, formats))
            process.start()
            writer.close()
            running[reader] = (process, task, time.monotonic())
        ready = wait(list(running), timeout=0.5)
        now = time.monotonic()
        for reader in list(running):
            process, task, started = running[reader]
            if reader in ready:
                try:
                    status, value = reader.recv()
                except EOFError:
                    process.join(5)
                    status, value = "error", f"the renderer stopped (exit code {process.exitcode})"
                process.join(5)
            elif now - started > timeout:
                process.kill()
                process.join(5)
                status, value = "error", f"rendering took longer than {timeout:g} seconds"
            else:
                continue
            reader.close()
            del running[reader]
            seconds = now - started
            if status == "ok":
                count, notes = value
                on_done(Outcome(task.variant, "built", artefacts=count, seconds=seconds,
                                warnings=tuple(notes)))
            else:
                on_done(Outcome(task.variant, "failed", error=value, seconds=seconds))


def _warm_up() -> None:
    """Load WeasyPrint and fontconfig once, before forking, so every worker starts warm."""
    import weasyprint

    weasyprint.HTML(string="<p>warm</p>").write_pdf()


class Progress(Protocol):
    """What the build tells about its progress (display.BuildProgress is one)."""

    def start(self, total: int) -> None: ...
    def advance(self, outcome: Outcome) -> None: ...
    def finish(self, report: Report) -> None: ...


def variant_cost(lib: Library, variant: Variant) -> int:
    """What a variant costs to build, roughly: its course length (the facilitator guide holds
    more). Cheap: no tailoring, so that shards can be cut before anything heavy runs."""
    audience = lib.audiences[variant.audience]
    course = audience.course(variant.course)
    level = derive(lib.levels, lib.countries[variant.country]).level
    outline = (course.outline if course else audience.outline).get(level)
    minutes = (outline.minutes if outline and outline.minutes else None) or \
        (course.minutes if course else audience.minutes)
    return minutes * (3 if variant.edition == "facilitator" else 2)


def shard(todo: list[Variant], index: int, count: int, cost) -> list[Variant]:
    """Shard `index` of `count` (1-based): the costliest variants first, each to the shard with
    the least work so far. Deterministic; the shards together hold each variant once."""
    loads = [0] * count
    mine: list[Variant] = []
    for variant in sorted(todo, key=lambda v: (-cost(v), v.slug)):
        target = min(range(count), key=lambda i: (loads[i], i))
        loads[target] += cost(variant)
        if target == index - 1:
            mine.append(variant)
    return sorted(mine, key=lambda v: v.slug)


@contextlib.contextmanager
def _terminate_as_exit():
    """SIGTERM ends a build as SIGINT does: the renderers are stopped and the lock is freed
    (by default SIGTERM would end this process at once and leave its workers running)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove_stale(out: Path, kept: set[str], report: Report) -> None:
    """After a full build, the packs of variants that no longer exist go: only the files their
    manifest lists (we wrote them), then the manifest, then folders left empty."""
    for manifest in sorted(out.rglob(MANIFEST)):
        folder = manifest.parent
        slug = folder.relative_to(out).as_posix()
        if slug in kept:
            continue
        data = read_manifest(folder) or {}
        variant = data.get("variant")
        if not isinstance(variant, dict):
            continue  # not a manifest of ours
        try:
            gone = Variant.model_validate(variant)
        except ValueError:
            continue
        if gone.slug != slug:
            continue
        for name in data.get("files", {}):
            target = (folder / name).resolve()
            if target.is_relative_to(folder.resolve()) and target.is_file():
                target.unlink()
        manifest.unlink()
        for empty in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):
                empty.rmdir()
        for parent in [folder, *folder.parents]:
            if parent == out or not parent.is_relative_to(out):
                break
            with contextlib.suppress(OSError):
                parent.rmdir()
        report.outcomes.append(Outcome(gone, "removed"))


def build(lib: Library, out: Path | str, *, audiences: Iterable[str] | None = None,
          countries: Iterable[str] | None = None, locales: Iterable[str] | None = None,
          editions: Iterable[str] | None = None, formats: Iterable[str] = FORMATS,
          jobs: int | None = None, force: bool = False, timeout: float = DEFAULT_TIMEOUT,
          progress: Progress | None = None, on_wait: Callable[[], None] | None = None,
          selection: Selection | None = None, courses: Iterable[str] | None = None,
          broken_locales: dict[str, str] | None = None,
          shard_of: tuple[int, int] | None = None, min_translated: float = 0) -> Report:
    """Build the packs of the filtered matrix into `out`; `lib` must be validated."""
    started = time.monotonic()
    formats = tuple(f for f in FORMATS if f in set(formats))
    jobs = max(1, jobs or os.cpu_count() or 1)
    out = Path(out)
    report = Report(out=out, formats=formats)
    todo = [v for v in variants(lib, audiences, countries, locales, editions)
            if not courses or v.course in set(courses)]
    whole = not any((audiences, countries, locales, editions, courses, shard_of))
    if shard_of is not None:
        todo = shard(todo, *shard_of, cost=lambda v: variant_cost(lib, v))
    check_output(out, lib.root)
    try:
        with build_lock(out, wait_message=on_wait), _terminate_as_exit():
            return _build(lib, out, report, todo, whole, formats, jobs, force, timeout,
                          progress, selection, broken_locales, started, min_translated)
    except OSError as exc:  # an unwritable or full output folder: the user's to fix
        raise WriteError(f"cannot write to the output folder {out}: {exc.strerror}") from None


def _build(lib: Library, out: Path, report: Report, todo: list[Variant], whole: bool,
           formats: tuple[str, ...], jobs: int, force: bool, timeout: float,
           progress: Progress | None, selection: Selection | None,
           broken_locales: dict[str, str] | None, started: float,
           min_translated: float = 0) -> Report:
    """The build itself, holding the lock: tailor, localise, render and write."""
    clean_stale_temporaries(out)
    if progress:
        progress.start(len(todo))
    templates_hash = templates_digest(lib.templates)
    tasks: list[_Task] = []

    def done(outcome: Outcome):
        report.outcomes.append(outcome)
        if progress:
            progress.advance(outcome)

    for variant in todo:
        if broken_locales and variant.locale in broken_locales:
            done(Outcome(variant, "failed", error=f"the {variant.locale} catalogues have "
                         f"problems: {broken_locales[variant.locale]}"))
            continue
        try:
            pack = localise(lib, tailor(lib, variant, selection=selection))
            folder = pack_folder(out, variant.slug)
            digest = input_hash(pack, templates_hash, formats)
        except CurriculumError as exc:
            done(Outcome(variant, "failed", error=f"{type(exc).__name__}: {exc}"))
            continue
        share = pack.translated_share
        if min_translated and share is not None and share * 100 < min_translated:
            done(Outcome(variant, "held", error=f"{share:.0%} of its text is translated, below "
                         f"the {min_translated:g}% asked for (--min-translated)"))
            continue
        wanted = ({"index.html"} if "html" in formats else set()) | \
            ({"pack.pdf", "route-card.pdf"} if "pdf" in formats else set())
        if not force and is_current(folder, digest, wanted):
            done(Outcome(variant, "skipped", artefacts=len(formats)))
            continue
        tasks.append(_Task(variant, pack, folder, digest))
    if tasks:
        _warm_up()
        _run(tasks, lib, formats, jobs, timeout, done)
    if whole:  # a filtered build never removes what it did not select
        _remove_stale(out, {v.slug for v in todo}, report)
    report.outcomes.sort(key=lambda o: o.variant.slug)
    report.seconds = time.monotonic() - started
    write_index(out)  # out/index.html: every pack in the folder, from their manifests
    write_report(out, report.as_dict())
    if progress:
        progress.finish(report)
    return report
