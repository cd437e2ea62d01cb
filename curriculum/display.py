"""What the terminal shows: a plan as text, a comparison of two packs, build progress."""
from __future__ import annotations

import sys
import unicodedata

from .pack import Pack


def plan_text(pack: Pack) -> str:
    v = pack.variant
    c = pack.country
    lines = [
        f"{pack.audience.name} — {c.name} — {pack.locale_name} — {v.edition} edition",
        f"level: {c.level}" + (f" (set by hand; the rule gives {c.derived_level}: "
                               f"{c.override_reason})" if c.override_reason else " (derived)"),
        f"time: {pack.minutes} of {pack.budget_minutes} minutes"
        + ("  OVER BUDGET: the core modules alone do not fit" if pack.over_budget else ""),
        "",
        "Agenda",
    ]
    for item in pack.agenda:
        part = f", part {item.part} of {item.parts}" if item.parts > 1 else ""
        lines.append(f"  day {item.day}  {item.start}-{item.end}  {item.title} ({item.minutes} min"
                     f"{part})")
    lines += ["", "Modules"]
    for n, m in enumerate(pack.modules, 1):
        lines.append(f"  {n:2}. {m.id} — {m.title} — {m.minutes} min [{m.priority}]")
        for s in m.sections:
            extra = f", {s.edition} edition" if s.edition != "both" else ""
            lines.append(f"        · {s.id}: {s.title} ({s.minutes} min{extra})")
        for a in m.activities:
            lines.append(f"        · activity {a.id}: {a.title} ({a.minutes} min)")
        if m.quiz:
            lines.append(f"        · quiz: {len(m.quiz)} questions ({m.quiz_minutes} min)")
    modules_out = [e for e in pack.excluded if e.kind == "module"]
    parts_out = [e for e in pack.excluded if e.kind != "module"]
    if modules_out:
        lines += ["", "Modules left out"]
        width = max(len(e.id) for e in modules_out)
        lines += [f"  {e.id.ljust(width)}  {e.code}: {e.reason}" for e in modules_out]
    if parts_out:
        lines += ["", "Sections, activities and questions left out"]
        width = max(len(e.id) for e in parts_out)
        lines += [f"  {e.id.ljust(width)}  {e.code}: {e.reason}" for e in parts_out]
    if pack.fallbacks:
        lines += ["", f"{len(pack.fallbacks)} texts not translated into {v.locale} (shown in the "
                      f"original language)"]
    return "\n".join(lines)


def compare_text(result: dict) -> str:
    a, b = result["a"], result["b"]
    name = lambda v: f"{v['audience']}/{v['country']}"  # noqa: E731
    lines = [f"A: {name(a)} ({result['a_sections']} sections, {result['a_minutes']} min)",
             f"B: {name(b)} ({result['b_sections']} sections, {result['b_minutes']} min)",
             f"overlap (shared / all sections): {result['overlap']:.0%}",
             "", f"shared ({len(result['shared'])}):"]
    lines += [f"  {s}" for s in result["shared"]]
    lines += ["", f"only in A ({len(result['only_a'])}):"] + [f"  {s}" for s in result["only_a"]]
    lines += ["", f"only in B ({len(result['only_b'])}):"] + [f"  {s}" for s in result["only_b"]]
    return "\n".join(lines)


def width(text: str) -> int:
    """The columns `text` takes on a terminal: wide (CJK) characters take two, combining marks
    none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF"
               else 1 for ch in text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def table(rows: list[dict], columns: list[str]) -> str:
    """Rows as aligned text columns, with a header line; lists and mappings read as words."""
    cells = [[_cell(r.get(c, "")) for c in columns] for r in rows]
    widths = [max([len(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line([c.upper() for c in columns])] + [line(row) for row in cells])


class BuildProgress:
    """A progress bar on a terminal; one line a pack elsewhere (CI logs)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0
        self.bar = None
        self.task = None

    def start(self, total: int) -> None:
        self.total = total
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self.bar = Progress(TextColumn("building packs"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TimeRemainingColumn(),
                                TextColumn("{task.description}"),
                                console=Console(file=self.stream), auto_refresh=False)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        else:
            print(f"building {total} packs", file=self.stream, flush=True)

    def advance(self, outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=outcome.variant.slug)
            self.bar.refresh()
            if outcome.status == "failed":
                self.bar.console.print(f"[red]failed[/red] {outcome.variant.slug}: {outcome.error}")
        else:
            extra = f": {outcome.error}" if outcome.error else f" ({outcome.seconds:.1f} s)" \
                if outcome.status == "built" else ""
            print(f"[{self.done}/{self.total}] {outcome.status} {outcome.variant.slug}{extra}",
                  file=self.stream, flush=True)

    def finish(self, report) -> None:
        if self.bar is not None:
            self.bar.stop()
        d = report.as_dict()
        def n(count, word):
            return f"{count} {word}{'s' * (count != 1)}"

        if report.unchanged:
            print(f"nothing changed since the last build: {n(d['skipped'], 'artefact')} up to "
                  f"date in {report.out}/ (checked in {report.seconds:.2f} s)", file=self.stream,
                  flush=True)
            return

        removed = f", removed {len(d['removed'])} stale pack(s)" if d["removed"] else ""
        if d["held"]:
            removed += f", held back {len(d['held'])} pack(s) not translated enough"
        line = (f"built {n(d['built'], 'artefact')}, skipped {d['skipped']} (unchanged), "
                f"failed {d['failed']}{removed}, in {d['seconds']:.1f} s -> {report.out}/ "
                f"(summary in {report.out}/report.json)")
        print(line, file=self.stream, flush=True)
        for held in d["held"]:
            print(f"  held back: {held['variant']}: {held['reason']}", file=self.stream,
                  flush=True)
        for failure in d["failures"]:
            print(f"  failed: {failure['variant']}: {failure['error']}", file=self.stream,
                  flush=True)
        if d["warnings"]:
            print(f"  {len(d['warnings'])} packs rendered with warnings; see report.json",
                  file=self.stream, flush=True)
