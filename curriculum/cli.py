"""The `curriculum` command: a thin shell over the pipeline. It parses options, calls the stage
functions, and prints what they return. Exit codes: 0 fine, 1 a problem in the library or a
failed pack, 2 a wrong command line.
"""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .version import __version__
from .diagnostics import FORMATTERS, Problems

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="Build tailored training packs on child sexual abuse material online from a library "
         "of YAML modules, audiences and country profiles.")
list_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help="List what the library holds.")
app.add_typer(list_app, name="list")
translate_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                            help="Keep translations (gettext PO files) in step with the library.")
app.add_typer(translate_app, name="translate")

Root = Annotated[Path, typer.Option(
    "--root", envvar="CURRICULUM_ROOT", file_okay=False,
    help="The library folder (default: the current folder).")]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")]


class OutFormat(str, Enum):
    text = "text"
    json = "json"


class DiagFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class Edition(str, Enum):
    facilitator = "facilitator"
    participant = "participant"


class ArtefactFormat(str, Enum):
    html = "html"
    pdf = "pdf"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _load(root: Path, debug: bool):
    """Load and validate, or print every problem and exit 1."""
    from .load import load
    from .validate import validate

    try:
        lib = load(root)
        items = validate(lib)
    except Problems as problems:
        _err(FORMATTERS["text"](problems.diagnostics))
        _err(_summary(problems.diagnostics))
        raise typer.Exit(1) from None
    errors = [d for d in items if d.severity == "error"]
    if errors:
        _err(FORMATTERS["text"](items))
        _err(_summary(items) + "; run `curriculum validate` for details")
        raise typer.Exit(1)
    return lib, items


def _summary(items) -> str:
    errors = sum(1 for d in items if d.severity == "error")
    warnings = len(items) - errors
    files = len({d.path for d in items})
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {files} file{'s' * (files != 1)}")


def _split(values: Optional[list[str]]) -> Optional[list[str]]:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _check_choice(kind: str, values, known) -> None:
    for value in values or []:
        if value not in known:
            raise typer.BadParameter(f"unknown {kind} '{value}'; known: {', '.join(sorted(known))}",
                                     param_hint=f"--{kind}")


def _guard(debug: bool):
    """Turn unexpected exceptions into one line (or a traceback with --debug)."""
    class Guard:
        def __enter__(self):
            return self

        def __exit__(self, kind, exc, tb):
            if exc is None or isinstance(exc, (typer.Exit, typer.Abort, SystemExit,
                                               KeyboardInterrupt)) or \
                    exc.__class__.__module__.startswith(("click", "typer")):
                return False
            if debug or os.environ.get("CURRICULUM_DEBUG"):
                return False
            _err(f"curriculum: internal error: {type(exc).__name__}: {exc}\n"
                 f"(run again with --debug for a traceback, and please report it)")
            raise typer.Exit(1)
    return Guard()


# ---------------------------------------------------------------------------------------------


@app.command()
def validate(root: Root = Path("."), format: Annotated[DiagFormat, typer.Option(
        "--format", help="text, json, or github (annotations for GitHub Actions).")] = DiagFormat.text,
             lint: Annotated[bool, typer.Option("--lint/--no-lint",
                                                help="Also run the terminology linter.")] = True,
             debug: Debug = False):
    """Check the whole library and report every problem as path:line:col."""
    from .load import load
    from .validate import validate as check

    with _guard(debug):
        try:
            lib = load(root)
            items = check(lib)
        except Problems as problems:
            items = problems.diagnostics
            lib = None
        if lint and lib is not None and not any(d.severity == "error" for d in items):
            # validate asks "will it build, and build right?"; the linter's findings are
            # warnings here, and failures only under `curriculum lint`
            from dataclasses import replace
            from .lint import lint as run_lint
            items = items + [replace(d, severity="warning") for d in run_lint(lib)]
        errors = [d for d in items if d.severity == "error"]
        if format is DiagFormat.json:
            typer.echo(FORMATTERS["json"](items))
        elif items:
            typer.echo(FORMATTERS[format.value](items))
        if format is not DiagFormat.json:
            if errors:
                typer.echo(_summary(items))
            else:
                counts = (f"{len(lib.modules)} modules, {len(lib.audiences)} audiences, "
                          f"{len(lib.countries)} countries, {len(lib.levels)} levels, "
                          f"{len(lib.sources)} sources, {len(lib.figures)} figures, "
                          f"{len(lib.locales)} locales")
                warn = f"; {len(items)} warning{'s' * (len(items) != 1)}" if items else ""
                typer.echo(f"ok: {counts}{warn}")
        raise typer.Exit(1 if errors else 0)


@app.command()
def lint(root: Root = Path("."), format: Annotated[DiagFormat, typer.Option(
        "--format", help="text, json or github.")] = DiagFormat.text, debug: Debug = False):
    """Check the library's words against the terminology rules (lint/terminology.yaml)."""
    from .lint import lint as run_lint

    with _guard(debug):
        lib, _ = _load(root, debug)
        items = run_lint(lib)
        if format is DiagFormat.json:
            typer.echo(FORMATTERS["json"](items))
        elif items:
            typer.echo(FORMATTERS[format.value](items))
        if format is not DiagFormat.json:
            typer.echo(f"{len(items)} finding{'s' * (len(items) != 1)}" if items
                       else "ok: no terminology findings")
        raise typer.Exit(1 if items else 0)


@app.command()
def plan(audience: Annotated[str, typer.Option("--audience", "-a", help="Audience id.")],
         country: Annotated[str, typer.Option("--country", "-c", help="Country id (ISO code).")],
         locale: Annotated[Optional[str], typer.Option(
             "--locale", "-l", help="Locale (default: the country's first).")] = None,
         edition: Annotated[Edition, typer.Option("--edition", "-e")] = Edition.facilitator,
         minutes: Annotated[Optional[int], typer.Option(
             "--minutes", min=15, help="Time budget (default: the audience's course length).")] = None,
         compare: Annotated[Optional[str], typer.Option(
             "--compare", help="Compare with another audience (an audience id) or country "
                               "(a country id): shared and distinct sections.")] = None,
         format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.text,
         root: Root = Path("."), debug: Debug = False):
    """Show what one pack contains and why: modules, sections, minutes, agenda, what is left out."""
    from . import plan as make_plan
    from .pack import Variant
    from .display import compare_packs, compare_text, plan_text

    with _guard(debug):
        lib, _ = _load(root, debug)
        _check_choice("audience", [audience], lib.audiences)
        _check_choice("country", [country], lib.countries)
        locale = locale or lib.countries[country].locales[0]
        _check_choice("locale", [locale], lib.locales)
        variant = Variant(audience=audience, country=country, locale=locale, edition=edition.value)
        pack = make_plan(lib, variant, minutes=minutes)
        if compare:
            if compare in lib.audiences:
                other_variant = variant.model_copy(update={"audience": compare})
            elif compare in lib.countries:
                other_variant = variant.model_copy(update={
                    "country": compare, "locale": locale if locale in lib.countries[compare].locales
                    else lib.countries[compare].locales[0]})
            else:
                raise typer.BadParameter(f"'{compare}' is neither an audience nor a country",
                                         param_hint="--compare")
            other = make_plan(lib, other_variant, minutes=minutes)
            result = compare_packs(pack, other)
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False)
                       if format is OutFormat.json else compare_text(result))
            return
        if format is OutFormat.json:
            typer.echo(json.dumps(pack.plan(), indent=2, ensure_ascii=False))
        else:
            typer.echo(plan_text(pack))


@app.command()
def build(audience: Annotated[Optional[list[str]], typer.Option(
              "--audience", "-a", help="Only these audiences (repeat, or separate with commas).")] = None,
          country: Annotated[Optional[list[str]], typer.Option(
              "--country", "-c", help="Only these countries.")] = None,
          locale: Annotated[Optional[list[str]], typer.Option(
              "--locale", "-l", help="Only these locales.")] = None,
          edition: Annotated[Optional[list[Edition]], typer.Option(
              "--edition", "-e", help="Only this edition.")] = None,
          format: Annotated[Optional[list[ArtefactFormat]], typer.Option(
              "--format", "-f", help="Only this format (html, pdf).")] = None,
          out: Annotated[Path, typer.Option("--out", "-o", file_okay=False,
                                            help="Output folder.")] = Path("build"),
          jobs: Annotated[Optional[int], typer.Option(
              "--jobs", "-j", min=1, help="Packs rendered at once (default: one per core).")] = None,
          force: Annotated[bool, typer.Option(
              "--force", help="Rebuild packs even when their inputs have not changed.")] = False,
          timeout: Annotated[float, typer.Option(
              "--timeout", min=1, help="Seconds one pack may take to render.")] = 300.0,
          root: Root = Path("."), debug: Debug = False):
    """Build packs: every audience x country x the country's locales x edition, as HTML and PDF."""
    from .build import build as run_build
    from .display import BuildProgress

    with _guard(debug):
        lib, _ = _load(root, debug)
        audiences, countries, locales = _split(audience), _split(country), _split(locale)
        _check_choice("audience", audiences, lib.audiences)
        _check_choice("country", countries, lib.countries)
        _check_choice("locale", locales, lib.locales)
        editions = [e.value for e in edition] if edition else None
        formats = tuple(f.value for f in format) if format else ("html", "pdf")
        report = run_build(
            lib, out, audiences=audiences, countries=countries, locales=locales,
            editions=editions, formats=formats, jobs=jobs, force=force, timeout=timeout,
            progress=BuildProgress(), on_wait=lambda: _err(f"waiting for another build of {out} "
                                                           f"to finish ..."))
        if not report.outcomes:
            _err("nothing to build: no variant matches these filters")
            raise typer.Exit(1)
        raise typer.Exit(1 if report.failed else 0)


# ---------------------------------------------------------------------------------------------


def _emit(rows: list[dict], format: OutFormat, columns: list[str]) -> None:
    if format is OutFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns}
    typer.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        typer.echo("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns).rstrip())


ListFormat = Annotated[OutFormat, typer.Option("--format", help="text or json.")]


@list_app.command("audiences")
def list_audiences(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Audiences, with their default course length."""
    with _guard(debug):
        lib, _ = _load(root, debug)
        rows = [{"id": a.id, "name": a.name, "minutes": a.minutes, "needs": a.needs,
                 "levels": {k: v.minutes for k, v in a.outline.items()}}
                for a in sorted(lib.audiences.values(), key=lambda a: a.id)]
        _emit(rows, format, ["id", "name", "minutes"])


@list_app.command("countries")
def list_countries(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Country profiles, with their derived level and locales."""
    from .levels import derive

    with _guard(debug):
        lib, _ = _load(root, debug)
        rows = []
        for c in sorted(lib.countries.values(), key=lambda c: c.id):
            d = derive(lib.levels, c)
            rows.append({"id": c.id, "name": c.name, "region": c.region, "level": d.level,
                         "derived_level": d.derived, "override": d.override_reason,
                         "locales": c.locales, "unknown": list(d.unknown),
                         "blocking": list(d.blocking)})
        if format is OutFormat.json:
            _emit(rows, format, [])
            return
        shown = [{**r, "level": r["level"] + (" (set by hand)" if r["override"] else ""),
                  "locales": ",".join(r["locales"])} for r in rows]
        _emit(shown, format, ["id", "name", "region", "level", "locales"])


@list_app.command("levels")
def list_levels(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Infrastructure levels and the criteria that define them."""
    from .levels import derive, describe

    with _guard(debug):
        lib, _ = _load(root, debug)
        counts = {}
        for c in lib.countries.values():
            level = derive(lib.levels, c).level
            counts[level] = counts.get(level, 0) + 1
        rows = [{"id": lv.id, "name": lv.name, "countries": counts.get(lv.id, 0),
                 "criteria": [describe(c) for c in lv.criteria]} for lv in lib.levels]
        _emit(rows, format, ["id", "name", "countries"])


@list_app.command("modules")
def list_modules(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Modules, in course order, with their audiences and levels."""
    from .tailor import module_order

    with _guard(debug):
        lib, _ = _load(root, debug)
        rows = []
        for ident in module_order(lib):
            m = lib.modules[ident]
            rows.append({"id": m.id, "title": m.title, "priority": m.priority,
                         "audiences": m.audiences, "levels": m.levels,
                         "prerequisites": m.prerequisites, "sections": len(m.sections),
                         "sources": m.sources})
        _emit(rows, format, ["id", "title", "priority", "sections"])


@list_app.command("locales")
def list_locales(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Locales and how many of their texts are translated."""
    with _guard(debug):
        lib, _ = _load(root, debug)
        rows = [{"id": info.id, "name": info.name, "english_name": info.english_name,
                 "direction": info.direction, "messages": len(lib.translations.get(info.id, {}))}
                for info in sorted(lib.locales.values(), key=lambda i: i.id)]
        _emit(rows, format, ["id", "name", "english_name", "messages"])


@list_app.command("sources")
def list_sources(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Cited documents."""
    with _guard(debug):
        lib, _ = _load(root, debug)
        rows = [s.model_dump(mode="json") for s in sorted(lib.sources.values(), key=lambda s: s.id)]
        _emit(rows, format, ["id", "short", "date", "kind"])


@translate_app.command("update")
def translate_update(locale: Annotated[str, typer.Option("--locale", "-l", help="Locale to update.")],
                     root: Root = Path("."), debug: Debug = False):
    """Create or update locales/<locale>/*.po: new texts to translate, changed ones marked fuzzy."""
    from .translate import update

    with _guard(debug):
        lib, _ = _load(root, debug)
        _check_choice("locale", [locale], lib.locales)
        if locale == lib.meta.default_locale:
            raise typer.BadParameter(f"'{locale}' is the library's own language",
                                     param_hint="--locale")
        written, others = update(lib, locale)
        for path in written:
            typer.echo(f"updated {lib.rel(path)}")
        for path in others:
            typer.echo(f"note: {lib.rel(path)} is not one of the standard catalogues; its "
                       f"translations were carried into them, and it can be removed")
        typer.echo(f"{len(written)} file{'s' * (len(written) != 1)} updated"
                   if written else "up to date")


@translate_app.command("status")
def translate_status(locale: Annotated[Optional[list[str]], typer.Option(
                         "--locale", "-l", help="Only these locales.")] = None,
                     format: ListFormat = OutFormat.text, root: Root = Path("."),
                     debug: Debug = False):
    """How much of each catalogue is translated, stale or untranslated."""
    from .translate import status

    with _guard(debug):
        lib, _ = _load(root, debug)
        locales = _split(locale)
        _check_choice("locale", locales, lib.locales)
        rows = [{"locale": r.locale, "catalogue": r.catalogue, "translated": r.translated,
                 "stale": r.stale, "untranslated": r.untranslated, "total": r.total}
                for r in status(lib, locales)]
        _emit(rows, format, ["locale", "catalogue", "translated", "stale", "untranslated"])


def _version(value: bool):
    if value:
        typer.echo(f"curriculum {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False):
    pass


def main() -> None:
    app(prog_name="curriculum")


if __name__ == "__main__":
    sys.exit(main())
