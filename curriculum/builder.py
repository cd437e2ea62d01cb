"""The build: the whole matrix (or a filtered part of it), one straight line per variant:

    load -> validate -> tailor -> localise -> render -> write

Loading and validating happen once, in this process. Then a few long-lived workers (pool.py),
forked with the library in memory, take the variants costliest first and each runs the rest of
the line for its variant, so that rendering starts at once and the pool does not end on one big
pack alone. Each artefact is made only when what it is made of changed:

- a variant whose tailored pack is the one its manifest records (same input hash, files
  intact) is up to date without rendering anything;
- otherwise its HTML is rendered (cheap), and each PDF is keyed on the exact HTML WeasyPrint
  would read, the assets, the fonts and the versions (cache.py): an edit that leaves a pack's
  pages as they were renders nothing of it, and pages shared by packs (route cards) render once;
- a file whose bytes are already in the pack folder is not written again (status up-to-date);
  the rest are written whole, the manifest last (write.py).

Before all of it, a build whose inputs have not changed at all since the last good build of the
same output (stamp.py) does nothing and says so, without loading the library.
"""
from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from . import stamp
from .cache import Cache, key
from .errors import CurriculumError
from .formats.light import LIGHT_FILE, light_html, light_reason
from .formats.site import write_index
from .library import Library
from .localise import localise
from .pack import Pack, Variant
from .pool import Done, Pool
from .render import PDF_OPTIONS, assets, print_html, render_html, render_pdf, route_card_html
from .tailor import Selection, tailor, variants
from .version import __version__
from .levels import derive
from .write import (MANIFEST, REPORT, WriteError, build_lock, check_output,
                    clean_stale_temporaries, pack_folder, read_manifest, sha256, write_pack,
                    write_report)

FORMATS = ("html", "pdf", "slides")
DEFAULT_TIMEOUT = 300.0
CACHE = ".cache"  # the default cache folder, inside the output folder
Status = Literal["built", "skipped", "failed", "removed", "held"]
STATUSES: tuple[Status, ...] = ("built", "skipped", "failed", "removed", "held")
# held: not built, because less of it is translated than the build was asked to require
ArtefactStatus = Literal["built", "up-to-date", "failed", "removed", "held"]
# the files of each format; the first is the format's main file. Slides are made for the
# facilitator edition only (the trainer teaches from them).
FORMAT_FILES = {"html": ("index.html",), "pdf": ("pack.pdf", "route-card.pdf"),
                "slides": ("slides.pdf", "slides.pptx")}
SLIDES_EDITION = "facilitator"
ARTEFACT_NAMES = {name for names in FORMAT_FILES.values() for name in names} | {LIGHT_FILE}


def files_of(fmt: str, edition: str, light: bool = False) -> tuple[str, ...]:
    """The files format `fmt` gives a pack of `edition` (`light`: of a country that gets light
    packs too, formats/light.py)."""
    if fmt == "slides" and edition != SLIDES_EDITION:
        return ()
    return FORMAT_FILES[fmt] + ((LIGHT_FILE,) if fmt == "html" and light else ())


@dataclass(frozen=True)
class Artefact:
    name: str  # file name in the pack folder
    format: str
    status: ArtefactStatus
    seconds: float = 0.0
    cached: bool = False  # its bytes came from the render cache, not from rendering


@dataclass
class Outcome:
    variant: Variant
    status: Status
    artefacts: list[Artefact] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    peak_mb: float = 0.0  # the worker's peak resident memory


@dataclass
class Report:
    out: Path
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    formats: tuple[str, ...] = FORMATS
    cache: str | None = None
    unchanged: bool = False  # nothing to do: the inputs are those of the last good build
    summary: dict | None = None  # as_dict() of a build that had nothing to do
    notes: str = ""  # what validation said before the build (said again when nothing changed)

    def artefacts(self, status: ArtefactStatus | None = None) -> list[tuple[Outcome, Artefact]]:
        return [(o, a) for o in self.outcomes for a in self._artefacts_of(o)
                if status is None or a.status == status]

    def _artefacts_of(self, outcome: Outcome) -> list[Artefact]:
        if outcome.artefacts or outcome.status not in ("failed", "held"):
            return outcome.artefacts
        status: ArtefactStatus = outcome.status
        return [Artefact(files_of(fmt, outcome.variant.edition)[0], fmt, status,
                         outcome.seconds)
                for fmt in self.formats if files_of(fmt, outcome.variant.edition)]

    def count(self, status: Status) -> int:
        if status == "skipped":
            return len(self.artefacts("up-to-date"))
        if status in ("built", "failed"):
            return len(self.artefacts(status))
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def as_dict(self) -> dict:
        if self.summary is not None:
            return self.summary
        peaks = [o.peak_mb for o in self.outcomes if o.peak_mb]
        return {
            "built": self.count("built"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "unchanged": self.unchanged,
            "variants": {status: sum(1 for o in self.outcomes if o.status == status)
                         for status in STATUSES},
            "formats": list(self.formats),
            "seconds": round(self.seconds, 1),
            "cache": self.cache,
            "peak_worker_mb": round(max(peaks), 1) if peaks else None,
            "failures": [{"variant": o.variant.slug, "error": o.error} for o in self.failed],
            "warnings": [{"variant": o.variant.slug, "messages": list(o.warnings)}
                         for o in self.outcomes if o.warnings],
            "removed": [o.variant.slug for o in self.outcomes if o.status == "removed"],
            "held": [{"variant": o.variant.slug, "reason": o.error}
                     for o in self.outcomes if o.status == "held"],
            "artefacts": [{"path": f"{o.variant.slug}/{a.name}", "variant": o.variant.slug,
                           "format": a.format, "status": a.status, "seconds": round(a.seconds, 2),
                           **({"cached": True} if a.cached else {})}
                          for o in self.outcomes for a in self._artefacts_of(o)]
        }


def templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _versions() -> str:
    """What else a PDF is made of: the code that lays it out, and how fonts are subset."""
    import ctypes.util
    import importlib.metadata

    names = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen")
    found = []
    for name in names:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name}=={importlib.metadata.version(name)}")
    from . import fonts
    found += [f"{p.name}:{p.stat().st_size}" for p in fonts.font_files()]
    found.append(f"harfbuzz-subset={ctypes.util.find_library('harfbuzz-subset')}")
    found.append(f"curriculum=={__version__} options={sorted(PDF_OPTIONS.items())}")
    for code in ("render.py", "fonts.py"):  # what turns HTML into PDF, on our side
        found.append(hashlib.sha256((Path(__file__).parent / code).read_bytes()).hexdigest())
    return "\n".join(found)


def input_hash(pack: Pack, templates_hash: str, formats: tuple[str, ...],
               versions: str = "") -> str:
    parts = [pack.digest(), templates_hash, __version__, versions, ",".join(formats),
             os.environ.get("SOURCE_DATE_EPOCH", "")]
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


# ---------------------------------------------------------------------------------------------
# One variant, in a worker: tailor -> localise -> render what changed -> write


@dataclass
class Job:
    """What every variant's work shares (forked into the workers with the library)."""
    lib: Library
    out: Path
    formats: tuple[str, ...]
    force: bool
    selection: Selection | None
    min_translated: float
    keep_html: bool
    cache: Cache
    templates_hash: str
    versions: str
    started: float = field(default_factory=time.time)  # wall clock: cache entries used since


def wanted_files(formats: tuple[str, ...], keep_html: bool, edition: str,
                 light: bool = False) -> set[str]:
    names = {name for fmt in formats for name in files_of(fmt, edition, light)}
    return names | ({"pack.print.html"} if keep_html and "pdf" in formats else set())


def _intact(folder: Path, manifest: dict) -> dict[str, str]:
    """The files the manifest vouches for that are on disk as it says: name -> hash (each file
    read once a variant; what follows asks this, not the disk)."""
    files = manifest.get("files", {})
    intact = {}
    for name, digest in files.items():
        try:
            if sha256((folder / name).read_bytes()) == digest:
                intact[name] = digest
        except OSError:
            continue
    return intact


def build_variant(job: Job, variant: Variant) -> Outcome:
    """The rest of the line for one variant; an Outcome with a status per artefact."""
    started = time.monotonic()
    lib = job.lib
    try:
        pack = localise(lib, tailor(lib, variant, selection=job.selection))
        folder = pack_folder(job.out, variant.slug)
        light = light_reason(lib.countries[variant.country], pack.country.level)
        digest = input_hash(pack, job.templates_hash,
                            job.formats + (("keep-html",) if job.keep_html else ())
                            + ((f"light: {light}",) if light else ()), job.versions)
    except CurriculumError as exc:
        return Outcome(variant, "failed", error=f"{type(exc).__name__}: {exc}")
    share = pack.translated_share
    if job.min_translated and share is not None and share * 100 < job.min_translated:
        return Outcome(variant, "held", error=f"{share:.0%} of its text is translated, below "
                       f"the {job.min_translated:g}% asked for (--min-translated)")
    manifest = read_manifest(folder) or {}
    previous = _intact(folder, manifest)
    wanted = wanted_files(job.formats, job.keep_html, variant.edition, bool(light))
    if not job.force and manifest.get("input_hash") == digest and wanted <= set(previous):
        job.cache.touch(manifest.get("keys", {}).values())
        return Outcome(variant, "skipped", [
            Artefact(name, fmt, "up-to-date") for fmt in job.formats
            for name in files_of(fmt, variant.edition, bool(light))],
            seconds=time.monotonic() - started)
    files, made, keys = _render(job, pack, folder, manifest.get("keys", {}), previous, light)
    artefacts = []
    for fmt in job.formats:
        for name in files_of(fmt, variant.edition, bool(light)):
            seconds, cached = made.get(name, (0.0, False))
            same = not job.force and previous.get(name) == sha256(files[name])
            artefacts.append(Artefact(name, fmt, "up-to-date" if same else "built", seconds,
                                      cached))
    described = {**manifest_for(pack, digest), "keys": keys,
                 "light": {"file": LIGHT_FILE, "reason": light}
                 if light and "html" in job.formats else None}
    write_pack(folder, files, described, previous)
    built = any(a.status == "built" for a in artefacts)
    return Outcome(variant, "built" if built else "skipped", artefacts,
                   seconds=time.monotonic() - started, warnings=tuple(made.get("warnings", ())))


def _render(job: Job, pack: Pack, folder: Path, keys: dict, previous: dict[str, str],
            light: str | None = None) -> tuple[dict[str, bytes], dict, dict[str, str]]:
    """Every file of the pack: HTML rendered; each printed file (PDFs, slides) taken from the
    pack folder or the cache when its key is unchanged, else made (and cached)."""
    templates = job.lib.templates
    html = render_html(pack, templates)
    files: dict[str, bytes] = {}
    made: dict = {}
    notes: list[str] = []
    base = (job.versions, job.templates_hash, pack.library.date,
            os.environ.get("SOURCE_DATE_EPOCH", ""))
    printed: dict[str, tuple[str, Callable[[], bytes]]] = {}  # name -> (key, how to make it)
    if "html" in job.formats:
        files["index.html"] = html.encode("utf-8")
        files.update(assets(templates))
        if light:
            files[LIGHT_FILE] = light_html(html, templates).encode("utf-8")
    if "pdf" in job.formats:
        page = print_html(html)
        if job.keep_html:
            files["pack.print.html"] = page.encode("utf-8")
        cards = route_card_html(pack, templates)
        printed["pack.pdf"] = (key("pack", *base, page),
                               lambda: render_pdf(pack, html, templates, notes))
        printed["route-card.pdf"] = (key("card", *base, *map(print_html, cards)),
                                     lambda: render_pdf(pack, cards[0], templates, notes,
                                                        pages=1, denser=tuple(cards[1:])))
    if "slides" in job.formats and pack.variant.edition == SLIDES_EDITION:
        from .formats.slides import deck as slide_deck, render_pptx, slides_html

        deck = slide_deck(pack, templates)
        shown = slides_html(pack, deck, templates)
        printed["slides.pdf"] = (key("slides", *base, print_html(shown)),
                                 lambda: render_pdf(pack, shown, templates, notes))
        printed["slides.pptx"] = (key("pptx", *base, repr(deck), _pptx_version()),
                                  lambda: render_pptx(pack, deck))
    used: dict[str, str] = {}
    for name, (digest, make) in printed.items():
        started = time.monotonic()
        entry = used[name] = f"{name.split('.')[0]}-{digest}.{name.rsplit('.', 1)[1]}"
        if not job.force and keys.get(name) == entry and name in previous:
            data, cached = (folder / name).read_bytes(), True  # as it was: nothing to do
            job.cache.touch([entry])
        elif job.force:
            data, cached = make(), False
            job.cache.put(entry, data)
        else:
            data, cached = job.cache.fetch_or_make(entry, make)
        files[name] = data
        made[name] = (time.monotonic() - started, cached)
    made["warnings"] = notes
    return files, made, used


def _pptx_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("python-pptx")
    except importlib.metadata.PackageNotFoundError:
        return ""


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


def _format_of(name: str) -> str:
    return next((fmt for fmt, names in FORMAT_FILES.items() if name in names),
                "html" if name.startswith("assets/") or name == LIGHT_FILE else "other")


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
        removed = []
        for name in data.get("files", {}):
            target = (folder / name).resolve()
            if target.is_relative_to(folder.resolve()) and target.is_file():
                target.unlink()
                if name in ARTEFACT_NAMES:
                    removed.append(Artefact(name, _format_of(name), "removed"))
        manifest.unlink()
        for empty in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):
                empty.rmdir()
        for parent in [folder, *folder.parents]:
            if parent == out or not parent.is_relative_to(out):
                break
            with contextlib.suppress(OSError):
                parent.rmdir()
        report.outcomes.append(Outcome(gone, "removed", removed))


def build_options(*, audiences=None, countries=None, locales=None, editions=None,
                  formats: Iterable[str] = FORMATS, selection=None,
                  courses=None, shard_of=None, min_translated: float = 0,
                  keep_html: bool = False, strict: bool = False) -> dict:
    """The options that change what a build writes (for its no-change fingerprint)."""
    def listed(values):
        return sorted(values) if values else None
    return {"audiences": listed(audiences), "countries": listed(countries),
            "locales": listed(locales), "editions": listed(editions),
            "formats": [f for f in FORMATS if f in set(formats)],
            "selection": repr(selection), "courses": listed(courses), "shard": shard_of,
            "min_translated": min_translated, "keep_html": keep_html, "strict": strict}


def unchanged(out: Path | str, print_: str,
              on_wait: Callable[[], None] | None = None) -> Report | None:
    """The report of a build with nothing to do: `print_` (stamp.fingerprint of the library and
    the options) is that of the last good build of `out`, and its files are untouched. None
    means: build (the long way is exact on its own)."""
    started = time.monotonic()
    out = Path(out)
    if stamp.unchanged(out, print_) is None:
        return None
    with build_lock(out, wait_message=on_wait):  # and again, holding the lock
        last = stamp.unchanged(out, print_)
        if last is None:
            return None
        previous = last.get("report", {})
        artefacts = [{**a, "status": "up-to-date" if a.get("status") == "built" else
                      a.get("status"), "seconds": 0.0}
                     for a in previous.get("artefacts", []) if a.get("status") != "removed"]
        report = {**previous, "built": 0, "skipped": sum(1 for a in artefacts
                                                        if a["status"] == "up-to-date"),
                  "failed": 0, "unchanged": True, "removed": [], "artefacts": artefacts,
                  "seconds": round(time.monotonic() - started, 2)}
        write_report(out, report)
        notes = last.get("notes", "") if isinstance(last.get("notes"), str) else ""
        stamp.record(out, print_, [*last["files"]], {"report": report, "notes": notes})
    result = Report(out=out, formats=tuple(previous.get("formats", FORMATS)), unchanged=True,
                    notes=notes)
    result.seconds = time.monotonic() - started
    result.summary = report
    return result


def build(lib: Library, out: Path | str, *, audiences: Iterable[str] | None = None,
          countries: Iterable[str] | None = None, locales: Iterable[str] | None = None,
          editions: Iterable[str] | None = None, formats: Iterable[str] = FORMATS,
          jobs: int | None = None, force: bool = False, timeout: float = DEFAULT_TIMEOUT,
          progress: Progress | None = None, on_wait: Callable[[], None] | None = None,
          selection: Selection | None = None, courses: Iterable[str] | None = None,
          broken_locales: dict[str, str] | None = None,
          shard_of: tuple[int, int] | None = None, min_translated: float = 0,
          keep_html: bool = False, cache: Path | str | None = None,
          fingerprint: str | None = None, notes: str = "") -> Report:
    """Build the packs of the filtered matrix into `out`; `lib` must be validated. With
    `fingerprint` (stamp.fingerprint of the library and options), a wholly good build records
    it, so that the next build with nothing changed returns at once (`unchanged`)."""
    started = time.monotonic()
    formats = tuple(f for f in FORMATS if f in set(formats))
    jobs = max(1, jobs or os.cpu_count() or 1)
    out = Path(out)
    report = Report(out=out, formats=formats, notes=notes)
    todo = [v for v in variants(lib, audiences, countries, locales, editions)
            if not courses or v.course in set(courses)]
    whole = not any((audiences, countries, locales, editions, courses, shard_of))
    if shard_of is not None:
        todo = shard(todo, *shard_of, cost=lambda v: variant_cost(lib, v))
    check_output(out, lib.root)
    cache_folder = Path(cache) if cache is not None else out / CACHE
    report.cache = str(cache_folder)
    job = Job(lib=lib, out=out, formats=formats, force=force, selection=selection,
              min_translated=min_translated, keep_html=keep_html, cache=Cache(cache_folder),
              templates_hash=templates_digest(lib.templates), versions=_versions())
    try:
        with build_lock(out, wait_message=on_wait), _terminate_as_exit():
            stamp.forget(out)  # until this build has ended well
            _build(job, report, todo, whole, jobs, timeout, progress, broken_locales)
            report.seconds = time.monotonic() - started
            write_index(out)  # out/index.html: every pack in the folder, from their manifests
            write_report(out, report.as_dict())
            if fingerprint and not report.failed and report.outcomes:
                _record(out, fingerprint, report)
    except OSError as exc:  # an unwritable or full output folder: the user's to fix
        raise WriteError(f"cannot write to the output folder {out}: {exc.strerror}") from None
    if progress:
        progress.finish(report)
    return report


def _record(out: Path, fingerprint: str, report: Report) -> None:
    names = [REPORT, "index.html"]
    for outcome in report.outcomes:
        if outcome.status == "removed":
            continue
        folder = pack_folder(out, outcome.variant.slug)
        names.append(f"{outcome.variant.slug}/{MANIFEST}")
        names += [f"{outcome.variant.slug}/{name}"
                  for name in (read_manifest(folder) or {}).get("files", {})]
    stamp.record(out, fingerprint, names, {"report": report.as_dict(), "notes": report.notes})


def _build(job: Job, report: Report, todo: list[Variant], whole: bool, jobs: int,
           timeout: float, progress: Progress | None,
           broken_locales: dict[str, str] | None) -> None:
    """The build itself, holding the lock: the variants, costliest first, through the pool."""
    out, lib = job.out, job.lib
    clean_stale_temporaries(out)
    if progress:
        progress.start(len(todo))

    def done(outcome: Outcome):
        report.outcomes.append(outcome)
        if progress:
            progress.advance(outcome)

    ready: list[Variant] = []
    for variant in todo:
        if broken_locales and variant.locale in broken_locales:
            done(Outcome(variant, "failed", error=f"the {variant.locale} catalogues have "
                         f"problems: {broken_locales[variant.locale]}"))
        else:
            ready.append(variant)
    ready.sort(key=lambda v: (-variant_cost(lib, v), v.slug))  # the pool ends on small packs

    def finished(result: Done) -> None:
        variant = ready[result.task]
        if result.ok:
            outcome = result.value
            outcome.peak_mb = result.peak_mb
            done(outcome)
        else:
            done(Outcome(variant, "failed", error=result.value, seconds=result.seconds,
                         peak_mb=result.peak_mb))

    if ready:
        _warm_up()
        pool = Pool(lambda index: build_variant(job, ready[index]), jobs, timeout)
        pool.run(list(range(len(ready))), finished)
    if whole:  # a filtered build never removes what it did not select
        _remove_stale(out, {v.slug for v in todo}, report)
        # the default cache keeps what this build used; a shared one (--cache) keeps a month
        job.cache.prune(before=job.started if job.cache.folder == out / CACHE
                        else time.time() - 30 * 86400)
    report.outcomes.sort(key=lambda o: o.variant.slug)
