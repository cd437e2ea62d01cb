"""The `curriculum` command: a thin shell over the pipeline. It parses options, calls the stage
functions, and prints what they return. Exit codes: 0 fine, 1 a problem in the library or a
failed pack, 2 a wrong command line.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import export, listing, scaffold, schema as schemas, serve, stamp, translate
from .builder import (DEFAULT_TIMEOUT, FORMATS, build, build_options, shard as shard_variants,
                      unchanged, variant_cost)
from .compare import CompareError, compare_packs, other_variant
from .diagnostics import FORMATTERS, Problems, is_error, summary
from .display import BuildProgress, compare_text, plan_text, table
from .errors import CurriculumError
from .library import Library
from .loader import load, read as read_library
from .pack import EDITIONS, Variant
from .tailor import Selection, variants
from .suggest import did_you_mean
from .validator import (lint as lint_library, locale_problems, strictly,
                        validate as validate_library)
from .version import __version__
from . import plan

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
export_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Export packs for learning platforms (Moodle and others).")
app.add_typer(export_app, name="export")
new_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                      help="Start a new module or country profile from a commented scaffold.")
app.add_typer(new_app, name="new")

Root = Annotated[Path, typer.Option(
    "--root", envvar="CURRICULUM_ROOT", file_okay=False,
    help="The library folder (default: the current folder).")]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")]
Strict = Annotated[bool, typer.Option(
    "--strict", help="Make warnings (terminology findings included) errors, as mkdocs --strict "
                     "and sphinx -W do.")]
Minutes = Annotated[Optional[int], typer.Option(
    "--minutes", min=15, help="The course length in minutes, opening and closing included "
                              "(default: the audience's course length for the level).")]
Modules = Annotated[Optional[list[str]], typer.Option(
    "--modules", help="Keep to these modules (and their prerequisites); repeat or use commas.")]
Drop = Annotated[Optional[list[str]], typer.Option(
    "--drop", help="Leave these modules out (and the modules that need them).")]
Course = Annotated[Optional[str], typer.Option(
    "--course", help="For an audience with several courses (e.g. law-enforcement: "
                     "first-response, specialist); default: its first.")]


# one variant (plan, serve), and the filters over the matrix (build, export)
AudienceId = Annotated[str, typer.Option("--audience", "-a", help="Audience id.")]
CountryId = Annotated[str, typer.Option("--country", "-c", help="Country id (ISO code).")]
OneLocale = Annotated[Optional[str], typer.Option(
    "--locale", "-l", help="Locale (default: the country's first).")]
Audiences = Annotated[Optional[list[str]], typer.Option(
    "--audience", "-a", help="Only these audiences (repeat, or separate with commas).")]
Countries = Annotated[Optional[list[str]], typer.Option("--country", "-c",
                                                        help="Only these countries.")]
Locales = Annotated[Optional[list[str]], typer.Option("--locale", "-l", help="Only these locales.")]


class OutFormat(str, Enum):
    text = "text"
    json = "json"


class DiagFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


# the choices come from the one list of each (pack.EDITIONS, builder.FORMATS)
Edition = Enum("Edition", {e: e for e in EDITIONS}, type=str)  # type: ignore[misc]




def _err(message: str) -> None:
    typer.echo(message, err=True)


@contextlib.contextmanager
def _guarded(debug: bool) -> Iterator[None]:
    """Unexpected exceptions become one line (or a traceback with --debug); problems in the
    user's files are printed and exit 1."""
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except BrokenPipeError:  # the reader went away (`| head`): nothing left to say
        raise typer.Exit(0) from None
    except Problems as problems:
        _err(FORMATTERS["text"](problems.diagnostics))
        _err(summary(problems.diagnostics))
        raise typer.Exit(1) from None
    except CurriculumError as exc:
        _err(f"curriculum: {exc}")
        raise typer.Exit(1) from None
    except Exception as exc:
        # typer's own (usage errors) pass through, as does everything under --debug
        if debug or os.environ.get("CURRICULUM_DEBUG") or \
                type(exc).__module__.startswith(("click", "typer")):
            raise
        _err(f"curriculum: internal error: {type(exc).__name__}: {exc}\n"
             f"(run again with --debug for a traceback, and please report it)")
        raise typer.Exit(1) from None


@contextlib.contextmanager
def _library(root: Path, debug: bool, broken: dict | None = None, *, lint: bool = False,
             strict: bool = False, printed: list[str] | None = None) -> Iterator[Library]:
    """The preamble of every command that needs a sound library: load and validate it, or print
    every problem and exit 1. With `broken` (a dict to fill), problems confined to one locale's
    catalogues block only that locale: they are printed, and `broken` says which locales. With
    `lint`, the linter's findings are printed as warnings, as `validate` prints them; with
    `strict`, any warning is an error that stops the command."""
    with _guarded(debug):
        lib = read_library(root)
        items = validate_library(lib, lint=lint)
        scoped = locale_problems(lib, items) if broken is not None else {}
        blocking = [d for d in items if (is_error(d) or strict)
                    and not any(d in found for found in scoped.values())]
        if blocking:
            shown = strictly(items) if strict else items
            _err(FORMATTERS["text"](shown))
            _err(summary(shown) + "; run `curriculum validate" + " --strict" * strict
                 + "` for details")
            raise typer.Exit(1)
        warnings = [d for d in items if not is_error(d)]
        if warnings:
            _err(FORMATTERS["text"](warnings))
            if printed is not None:  # what a build with nothing to do says again
                printed.append(FORMATTERS["text"](warnings))
        if scoped and broken is not None:
            for locale, found in scoped.items():
                _err(FORMATTERS["text"](found))
                _err(f"the {locale} catalogues have problems: {locale} packs will not be built")
            broken.update({locale: found[0].text() for locale, found in scoped.items()})
        yield lib


def _split(values: Optional[list[str]]) -> Optional[list[str]]:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _check_choice(kind: str, values, known) -> None:
    for value in values or []:
        if value not in known:
            raise typer.BadParameter(f"unknown {kind} '{value}'; {did_you_mean(value, known)}",
                                     param_hint=f"--{kind}")


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not I/N, e.g. 2/4", param_hint="--shard") from None
    if not 1 <= index <= count:
        raise typer.BadParameter(f"'{value}': I must be between 1 and N", param_hint="--shard")
    return index, count


def _selection(lib: Library, minutes, modules, drop) -> Selection:
    only, out = _split(modules) or [], _split(drop) or []
    _check_choice("modules", only, lib.modules)
    _check_choice("drop", out, lib.modules)
    return Selection(minutes=minutes, only=tuple(only), drop=tuple(out))


def _print_diagnostics(items: list, format: "DiagFormat") -> None:
    if format is DiagFormat.json:
        typer.echo(FORMATTERS["json"](items))
    elif items:
        typer.echo(FORMATTERS[format.value](items))


# ---------------------------------------------------------------------------------------------


@app.command("validate")
def validate_command(root: Root = Path("."), format: Annotated[DiagFormat, typer.Option(
        "--format", help="text, json, or github (annotations for GitHub Actions).")] = DiagFormat.text,
             lint: Annotated[bool, typer.Option("--lint/--no-lint",
                                                help="Also run the terminology linter.")] = True,
             strict: Strict = False, debug: Debug = False):
    """Check the whole library and report every problem as path:line:col."""
    with _guarded(debug):
        lib = read_library(root)
        items = validate_library(lib, lint=lint, strict=strict)
        errors = [d for d in items if is_error(d)]
        _print_diagnostics(items, format)
        if format is not DiagFormat.json:
            if errors:
                typer.echo(summary(items))
            else:
                counts = (f"{len(lib.modules)} modules, {len(lib.audiences)} audiences, "
                          f"{len(lib.countries)} countries, {len(lib.levels)} levels, "
                          f"{len(lib.sources)} sources, {len(lib.figures)} figures, "
                          f"{len(lib.locales)} locales")
                warn = f"; {len(items)} warning{'s' * (len(items) != 1)}" if items else ""
                typer.echo(f"ok: {counts}{warn}")
        raise typer.Exit(1 if errors else 0)


@app.command("lint")
def lint_command(root: Root = Path("."), format: Annotated[DiagFormat, typer.Option(
        "--format", help="text, json or github.")] = DiagFormat.text, debug: Debug = False):
    """Check the library's words against the terminology rules (terminology.yaml), figures for
    age, and modules for completeness."""
    with _library(root, debug) as lib:
        items = lint_library(lib)
        _print_diagnostics(items, format)
        if format is not DiagFormat.json:
            typer.echo(f"{len(items)} finding{'s' * (len(items) != 1)}" if items
                       else "ok: no terminology findings")
        raise typer.Exit(1 if items else 0)


@app.command("plan")
def plan_command(
        audience: AudienceId, country: CountryId, locale: OneLocale = None,
        edition: Annotated[Edition, typer.Option("--edition", "-e")] = Edition("facilitator"),
        minutes: Minutes = None, modules: Modules = None, drop: Drop = None,
        course: Course = None,
        compare: Annotated[Optional[str], typer.Option(
            "--compare", help="Compare with another audience (an audience id) or country "
                              "(a country id): shared and distinct sections.")] = None,
        format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.text,
        root: Root = Path("."), debug: Debug = False):
    """Show what one pack contains and why: modules, sections, minutes, agenda, what is left out."""
    with _library(root, debug) as lib:
        _check_choice("audience", [audience], lib.audiences)
        _check_choice("country", [country], lib.countries)
        locale = locale or lib.countries[country].locales[0]
        _check_choice("locale", [locale], lib.locales)
        variant = Variant(audience=audience, country=country, locale=locale, edition=edition.value,
                          course=course)
        choice = _selection(lib, minutes, modules, drop)
        pack = plan(lib, variant, selection=choice)
        if compare:
            try:
                other = plan(lib, other_variant(lib, variant, compare), selection=choice)
            except CompareError as exc:
                raise typer.BadParameter(str(exc), param_hint="--compare") from None
            result = compare_packs(pack, other)
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False)
                       if format is OutFormat.json else compare_text(result))
        elif format is OutFormat.json:
            typer.echo(json.dumps(pack.plan(), indent=2, ensure_ascii=False))
        else:
            typer.echo(plan_text(pack))


@app.command("build")
def build_command(
        audience: Audiences = None, country: Countries = None, locale: Locales = None,
        edition: Annotated[Optional[list[str]], typer.Option(
            "--edition", "-e", help="Only these editions (facilitator, participant).")] = None,
        format: Annotated[Optional[list[str]], typer.Option(
            "--format", "-f", help="Only these formats (html, pdf, slides).")] = None,
        out: Annotated[Path, typer.Option("--out", "-o", file_okay=False,
                                          help="Output folder.")] = Path("build"),
        jobs: Annotated[Optional[int], typer.Option(
            "--jobs", "-j", min=1, help="Packs rendered at once (default: one per core).")] = None,
        force: Annotated[bool, typer.Option(
            "--force", help="Rebuild packs even when their inputs have not changed.")] = False,
        timeout: Annotated[float, typer.Option(
            "--timeout", min=1, help="Seconds one pack may take to render.")] = DEFAULT_TIMEOUT,
        minutes: Minutes = None, modules: Modules = None, drop: Drop = None,
        course: Annotated[Optional[list[str]], typer.Option(
            "--course", help="Only these courses (for audiences with several).")] = None,
        min_translated: Annotated[float, typer.Option(
            "--min-translated", min=0, max=100,
            help="Hold back packs of which less than this percentage is translated (default 0: "
                 "every language is built, and its packs say how much is translated).")] = 0,
        shard: Annotated[Optional[str], typer.Option(
            "--shard", help="Build shard I of N (e.g. 2/4): a deterministic, cost-balanced share "
                            "of the variants, for CI jobs.")] = None,
        keep_html: Annotated[bool, typer.Option(
            "--keep-html", help="Keep beside each pack.pdf the exact HTML WeasyPrint rendered, "
                                "as pack.print.html.")] = False,
        cache: Annotated[Optional[Path], typer.Option(
            "--cache", file_okay=False, help="The render cache folder (default: OUT/.cache); "
                                             "CI can restore it, shards can share it.")] = None,
        strict: Strict = False, root: Root = Path("."), debug: Debug = False):
    """Build packs: every audience x country x the country's locales x edition, as HTML and PDF."""
    broken: dict[str, str] = {}
    options = build_options(
        audiences=_split(audience), countries=_split(country), locales=_split(locale),
        editions=_split(edition), formats=tuple(_split(format) or FORMATS),
        selection=(minutes, _split(modules), _split(drop)), courses=_split(course),
        shard_of=shard, min_translated=min_translated, keep_html=keep_html, strict=strict)
    fingerprint = None if force else stamp.fingerprint(root, options)
    waiting = lambda: _err(f"waiting for another build of {out} to finish ...")  # noqa: E731
    if fingerprint and (quiet := unchanged(out, fingerprint, waiting)) is not None:
        if quiet.notes:
            _err(quiet.notes)
        BuildProgress().finish(quiet)
        raise typer.Exit(0)
    printed: list[str] = []
    with _library(root, debug, broken, lint=True, strict=strict, printed=printed) as lib:
        audiences, countries, locales = _split(audience), _split(country), _split(locale)
        _check_choice("audience", audiences, lib.audiences)
        _check_choice("country", countries, lib.countries)
        _check_choice("locale", locales, lib.locales)
        editions, formats = _split(edition), _split(format)
        _check_choice("edition", editions, EDITIONS)
        _check_choice("format", formats, FORMATS)
        report = build(
            lib, out, audiences=audiences, countries=countries, locales=locales,
            editions=editions, formats=tuple(formats or FORMATS), jobs=jobs,
            force=force, timeout=timeout, progress=BuildProgress(),
            selection=_selection(lib, minutes, modules, drop), courses=_split(course),
            broken_locales=broken, shard_of=_shard(shard), min_translated=min_translated,
            keep_html=keep_html, cache=cache, fingerprint=fingerprint, on_wait=waiting,
            notes="\n".join(printed))
        if not report.outcomes:
            _err("nothing to build: no variant matches these filters (or this shard is empty)")
            raise typer.Exit(0)
        raise typer.Exit(1 if report.failed else 0)


@app.command("schema")
def schema_command(
        out: Annotated[Optional[Path], typer.Option(
            "--out", "-o", file_okay=False,
            help="Output folder (default: schema/ in the library).")] = None,
        root: Root = Path("."), debug: Debug = False):
    """Write the JSON Schemas of module, audience, country, levels and overlay files, for
    editors (the files name them in a `# yaml-language-server: $schema=...` first line)."""
    with _guarded(debug):
        written = schemas.write(out or root / schemas.SCHEMA_DIR)
        for path in written:
            typer.echo(f"wrote {path}")
        typer.echo(f"{len(written)} file{'s' * (len(written) != 1)} written"
                   if written else "up to date")


@app.command("matrix")
def matrix_command(
        format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
        shards: Annotated[Optional[int], typer.Option(
            "--shards", min=1, help="Also say which shard of N builds each variant.")] = None,
        root: Root = Path("."), debug: Debug = False):
    """Every variant the library builds (audience, course, country, locale, edition), with its
    estimated cost: what CI splits across jobs with `build --shard I/N`."""
    with _library(root, debug) as lib:
        todo = list(variants(lib))
        where: dict[str, int] = {}
        for i in range(1, (shards or 0) + 1):
            where.update({v.slug: i for v in shard_variants(todo, i, shards or 1,
                                                           cost=lambda v: variant_cost(lib, v))})
        rows = [{**v.model_dump(), "slug": v.slug, "cost": variant_cost(lib, v),
                 **({"shard": where[v.slug]} if shards else {})} for v in todo]
        if format is OutFormat.json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            typer.echo(table(rows, ["slug", "cost"] + (["shard"] if shards else [])))
            typer.echo(f"{len(rows)} variants")


@app.command("serve")
def serve_command(
        audience: AudienceId, country: CountryId, locale: OneLocale = None,
        edition: Annotated[Edition, typer.Option("--edition", "-e")] = Edition("facilitator"),
        course: Course = None,
        port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                          help="Port to listen on (0: any free one).")] = 8000,
        host: Annotated[str, typer.Option(
            "--host", help="Address to listen on; only this computer by default.")] = "127.0.0.1",
        root: Root = Path("."), debug: Debug = False):
    """Preview one pack's HTML in the browser, built again and reloaded whenever a file of the
    library changes; problems show in the page. Ctrl-C stops."""
    target = serve.Target(audience, country, locale, edition.value, course)
    with _guarded(debug):
        try:
            serve.run(root, target, host=host, port=port, say=_err)
        except serve.UnknownChoice as exc:
            raise typer.BadParameter(str(exc), param_hint=exc.option) from None


# ---------------------------------------------------------------------------------------------

ListFormat = Annotated[OutFormat, typer.Option("--format", help="text or json.")]


def _list(kind: str, format: OutFormat, root: Path, debug: bool) -> None:
    with _library(root, debug) as lib:
        rows = listing.LISTINGS[kind](lib)
        if format is OutFormat.json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            typer.echo(table(listing.shown(kind, rows), listing.COLUMNS[kind]))


@list_app.command("audiences")
def list_audiences(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Audiences, with their default course length."""
    _list("audiences", format, root, debug)


@list_app.command("countries")
def list_countries(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Country profiles, with their derived level and locales."""
    _list("countries", format, root, debug)


@list_app.command("levels")
def list_levels(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Infrastructure levels and the criteria that define them."""
    _list("levels", format, root, debug)


@list_app.command("modules")
def list_modules(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Modules, in course order, with their audiences and levels."""
    _list("modules", format, root, debug)


@list_app.command("locales")
def list_locales(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Locales and how many of their texts are translated."""
    _list("locales", format, root, debug)


@list_app.command("sources")
def list_sources(format: ListFormat = OutFormat.text, root: Root = Path("."), debug: Debug = False):
    """Cited documents."""
    _list("sources", format, root, debug)


def _new(make, ident: str, root: Path, debug: bool) -> None:
    with _guarded(debug):
        lib = read_library(root)
        for path in make(lib, ident):
            typer.echo(f"wrote {lib.rel(path)}")
        typer.echo("next: fill it in, then run `curriculum validate`")


@new_app.command("module")
def new_module(ident: Annotated[str, typer.Argument(metavar="ID", help="The module's id.")],
               root: Root = Path("."), debug: Debug = False):
    """Write modules/ID.yaml, every field explained, and add it to library.yaml's sequence."""
    _new(scaffold.new_module, ident, root, debug)


@new_app.command("country")
def new_country(code: Annotated[str, typer.Argument(metavar="CODE", help="ISO 3166 code.")],
                root: Root = Path("."), debug: Debug = False):
    """Write countries/CODE.yaml, a profile with every fact explained, none filled in yet."""
    _new(scaffold.new_country, code, root, debug)


@translate_app.command("update")
def translate_update(locale: Annotated[str, typer.Option("--locale", "-l", help="Locale to update.")],
                     every: Annotated[bool, typer.Option(
                         "--all", help="Also create the catalogues of modules nobody has started "
                                       "(a new locale gets them all).")] = False,
                     root: Root = Path("."), debug: Debug = False):
    """Create or update locales/<locale>/*.po: new texts to translate, changed ones marked fuzzy.
    A new locale (e.g. --locale es) is started here: its locale.yaml is made from Babel's data."""
    with _library(root, debug) as lib:
        if locale == lib.meta.default_locale:
            raise typer.BadParameter(f"'{locale}' is the library's own language",
                                     param_hint="--locale")
        if locale not in lib.locales:
            try:
                made = translate.start_locale(lib, locale)
            except translate.LocaleError as exc:
                raise typer.BadParameter(str(exc), param_hint="--locale") from None
            typer.echo(f"started {lib.rel(made)}: check the language's name and direction there")
            lib = load(root)
            every = True
        written, others = translate.update(lib, locale, every)
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
    with _library(root, debug) as lib:
        locales = _split(locale)
        _check_choice("locale", locales, lib.locales)
        rows = [{"locale": r.locale, "catalogue": r.catalogue, "translated": r.translated,
                 "stale": r.stale, "untranslated": r.untranslated, "total": r.total,
                 "review": r.review}
                for r in translate.status(lib, locales)]
        if format is OutFormat.json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            typer.echo(table(rows, ["locale", "catalogue", "translated", "stale", "untranslated",
                                    "review"]))


@translate_app.command("templates")
def translate_templates(root: Root = Path("."), debug: Debug = False):
    """Write the template catalogues, locales/templates/*.pot, with source references (#:), for
    translation platforms such as Weblate."""
    with _library(root, debug) as lib:
        written = translate.templates(lib)
        for path in written:
            typer.echo(f"updated {lib.rel(path)}")
        typer.echo(f"{len(written)} file{'s' * (len(written) != 1)} updated"
                   if written else "up to date")

# ---------------------------------------------------------------------------------------------

Editions = Annotated[Optional[list[str]], typer.Option(
    "--edition", "-e", help="Only these editions (default: participant, the learners').")]


def _export(fmt: str, out: Optional[Path], audience, country, locale, edition, per: str,
            root: Path, debug: bool) -> None:
    with _library(root, debug) as lib:
        audiences, countries, locales, editions = (_split(v) for v in (audience, country,
                                                                       locale, edition))
        _check_choice("audience", audiences, lib.audiences)
        _check_choice("country", countries, lib.countries)
        _check_choice("locale", locales, lib.locales)
        _check_choice("edition", editions, EDITIONS)
        report = export.export(lib, fmt, out, audiences=audiences, countries=countries,
                               locales=locales, editions=editions, per=per)
        for done in report.failed:
            _err(f"{done.variant.slug}: failed: {done.error}")
        typer.echo(f"{len(report.files)} {fmt} file{'s' * (len(report.files) != 1)} in "
                   f"{report.out} ({report.seconds:.1f} s)"
                   + (f"; {len(report.failed)} pack(s) failed" if report.failed else ""))
        raise typer.Exit(1 if report.failed else 0)


@export_app.command("scorm")
def export_scorm(audience: Audiences = None, country: Countries = None, locale: Locales = None,
                 edition: Editions = None,
                 out: Annotated[Optional[Path], typer.Option(
                     "--out", "-o", file_okay=False,
                     help="Output folder (default: build/export/scorm).")] = None,
                 root: Root = Path("."), debug: Debug = False):
    """A SCORM 1.2 package (zip) per pack: the pack's HTML and its knowledge check, scored."""
    _export("scorm", out, audience, country, locale, edition, "pack", root, debug)


class Per(str, Enum):
    pack = "pack"
    module = "module"


@export_app.command("gift")
def export_gift(audience: Audiences = None, country: Countries = None, locale: Locales = None,
                edition: Editions = None,
                out: Annotated[Optional[Path], typer.Option(
                    "--out", "-o", file_okay=False,
                    help="Output folder (default: build/export/gift).")] = None,
                per: Annotated[Per, typer.Option(
                    "--per", help="One file per pack, or per module.")] = Per.pack,
                root: Root = Path("."), debug: Debug = False):
    """The packs' quiz questions in Moodle's GIFT format, for a question bank."""
    _export("gift", out, audience, country, locale, edition, per.value, root, debug)


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
    main()
