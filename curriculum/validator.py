"""Stage 2, validate: the loaded library's cross-references and texts, all problems at once.

- every id a file names exists: audiences, levels, countries, locales, sources, figures,
  prerequisites (and these have no cycle), fact paths in criteria and `when:` conditions;
- every text compiles in the content sandbox, names only what module text may name, and uses
  Markdown the renderer keeps (no raw HTML, no images, only http/https/mailto links);
- every text renders for every country it can reach: a fact the profile does not know must be
  guarded (`when: {has: [...]}` or `{% if country.x.y.known %}`), never printed blank;
- translations compile and name the same things.

The checks themselves are files under `checks/`, run in order; this is their entry point. It
changes nothing: validating a library twice gives the same findings.
"""
from __future__ import annotations

from dataclasses import replace

from . import checks
from .diagnostics import Diagnostic, is_error
from .errors import CurriculumError
from .library import Library
from .dates import source_date_epoch


def validate(lib: Library, *, lint: bool = False, strict: bool = False) -> list[Diagnostic]:
    """Every diagnostic: what loading found, then the checks'. With `lint`, the linter's
    findings join as warnings when nothing else is wrong: validate asks "will it build, and
    build right?", and the linter's findings fail only `curriculum lint`. With `strict`, every
    warning is an error (`--strict`, as `mkdocs --strict` and `sphinx -W`)."""
    items = list(lib.diagnostics) + checks.run(lib)
    try:
        source_date_epoch()
    except CurriculumError as exc:
        items.append(Diagnostic("SOURCE_DATE_EPOCH", 1, 1, str(exc).split(": set it")[0],
                                "set it to the seconds since 1970, or unset it", "environment"))
    if lint and not any(is_error(d) for d in items):
        items += [replace(d, severity="warning") for d in checks.lint(lib)]
    return strictly(items) if strict else items


def strictly(items: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with every warning made an error: the verdict of `--strict`."""
    return [replace(d, severity="error") if d.severity == "warning" else d for d in items]


def locale_problems(lib: Library, items: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """The errors confined to one locale's catalogues (locales/<tag>/...), by locale: they
    block that locale's packs and no others."""
    out: dict[str, list[Diagnostic]] = {}
    for d in items:
        parts = d.path.split("/")
        if is_error(d) and len(parts) > 2 and parts[0] == "locales" and parts[2] != "locale.yaml" \
                and parts[1] in lib.locales and parts[1] != lib.meta.default_locale:
            out.setdefault(parts[1], []).append(d)
    return out


def lint(lib: Library) -> list[Diagnostic]:
    """The linter's findings: terminology, old figures, completeness."""
    return checks.lint(lib)
