"""After render, export: tailored, localised packs -> files for learning platforms.

    variants -> tailor -> localise -> (answer key) -> a format of formats/ -> atomic files

The formats (formats/scorm.py, formats/gift.py) turn one pack into the bytes of its files; this
stage picks the variants (the same filters as `curriculum build`), makes their packs as the
build does, and writes what the format returns, each file atomically, into the output folder.

A participant pack leaves out the answers and explanations of its questions (a handout must
not give them away); a quiz needs them, so they are taken from the facilitator edition of the
same variant, as it reads in the same locale.

File names: `<audience>[-<course>]-<country>-<locale>-<edition>` (ids only), with the format's
suffix: SCORM `<name>.zip`; GIFT `<name>.gift`, or per module `<name>/<module-id>.gift`.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import CurriculumError
from .formats import gift, scorm
from .library import Library
from .localise import localise
from .pack import EDITIONS, Pack, PackQuestion, Variant
from .tailor import tailor, variants
from .write import WriteError, atomic_write, build_lock, check_output, pack_folder

Format = Literal["scorm", "gift"]
FORMATS: tuple[Format, ...] = ("scorm", "gift")
PER = ("pack", "module")
# learners take SCORM courses; a question bank is the teacher's, but a participant pack asks the
# same questions, so both default to the edition learners see
DEFAULT_EDITIONS: dict[str, tuple[str, ...]] = {"scorm": ("participant",),
                                                "gift": ("participant",)}
DEFAULT_OUT = {"scorm": Path("build/export/scorm"), "gift": Path("build/export/gift")}


@dataclass
class Exported:
    variant: Variant
    files: list[str] = field(default_factory=list)  # relative to the output folder
    error: str | None = None


@dataclass
class ExportReport:
    out: Path
    format: str
    exported: list[Exported] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Exported]:
        return [e for e in self.exported if e.error]

    @property
    def files(self) -> list[str]:
        return [name for e in self.exported for name in e.files]


def file_name(variant: Variant) -> str:
    who = f"{variant.audience}-{variant.course}" if variant.course else variant.audience
    return f"{who}-{variant.country}-{variant.locale}-{variant.edition}"


def _answer_key(lib: Library, pack: Pack) -> dict[str, PackQuestion]:
    if pack.variant.edition == "facilitator":
        keyed = pack
    else:
        keyed = localise(lib, tailor(lib, pack.variant.model_copy(
            update={"edition": "facilitator"})))
    return {q.context: q for m in keyed.modules for q in keyed.questions(m)}


def with_answers(lib: Library, pack: Pack) -> Pack:
    """`pack` with the answer and explanation of each of its questions (see the docstring)."""
    key = _answer_key(lib, pack)
    pack = pack.model_copy(deep=True)
    for question in [*(q for m in pack.modules for q in m.quiz), *pack.knowledge_check]:
        known = key.get(question.context)
        if known is None:  # not asked in the facilitator edition: the library still knows it
            module, _, ident = question.context.removeprefix("module/").partition("/quiz/")
            source = next((q for q in getattr(lib.modules.get(module), "quiz", [])
                           if q.id == ident), None)
            if source is None:
                raise CurriculumError(f"{question.context}: no answer to this question is known")
            question.correct = source.correct
        else:
            question.correct, question.explanation = known.correct, known.explanation
    return pack


def pack_files(lib: Library, fmt: str, pack: Pack, per: str = "pack") -> dict[str, bytes]:
    """The files of one pack in format `fmt`, by name relative to the output folder."""
    name = file_name(pack.variant)
    if fmt == "scorm":
        return {f"{name}.zip": scorm.package(pack, lib.templates)}
    if fmt == "gift":
        return gift.files(pack, name, per)
    raise ValueError(f"unknown export format {fmt!r}")


def export(lib: Library, fmt: str, out: Path | str | None = None, *,
           audiences: Iterable[str] | None = None, countries: Iterable[str] | None = None,
           locales: Iterable[str] | None = None, editions: Iterable[str] | None = None,
           per: str = "pack", progress: Callable[[Exported], None] | None = None,
           ) -> ExportReport:
    """Export the filtered matrix's packs in `fmt` into `out`; `lib` must be validated. A pack
    that fails is reported and the others go on; every file is written whole or not at all."""
    started = time.monotonic()
    out = Path(out) if out is not None else DEFAULT_OUT[fmt]
    chosen = tuple(editions or DEFAULT_EDITIONS[fmt])
    report = ExportReport(out=out, format=fmt)
    check_output(out, lib.root)
    try:
        with build_lock(out):
            for variant in variants(lib, audiences, countries, locales,
                                    [e for e in EDITIONS if e in chosen]):
                done = Exported(variant)
                try:
                    pack = with_answers(lib, localise(lib, tailor(lib, variant)))
                    for name, data in sorted(pack_files(lib, fmt, pack, per).items()):
                        atomic_write(pack_folder(out, name), data)
                        done.files.append(name)
                except CurriculumError as exc:
                    done.error = f"{type(exc).__name__}: {exc}"
                report.exported.append(done)
                if progress:
                    progress(done)
    except OSError as exc:
        raise WriteError(f"cannot write to the output folder {out}: {exc.strerror}") from None
    report.seconds = time.monotonic() - started
    return report
