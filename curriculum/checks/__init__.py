"""The checks of stage 2, one file each, run in order by `run` (as markdown-it-py runs its
rules): each takes the shared `Context` and adds findings; what one hands another is a return
value passed on by name (the translations that failed, which the render check skips).

    references:   library_file, references.levels/audiences/figures/countries/modules, schedule,
                  promises (an audience's level focus is kept), leaks (no working notes), cycles
    texts:        texts (template names, Markdown)
    rendering:    translations -> renders (only when the references hold)
    linting:      terminology, old_figures, completeness, quiz_balance (`curriculum lint`)
"""
from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Collector, Diagnostic, is_error
from ..library import Library
from . import (completeness, cycles, interface, leaks, library_file, old_figures, overlays, promises,
               quiz_balance, references, renders, schedule, terminology, texts, translations)
from .base import Context

Check = Callable[[Context], None]

# checks that need only what was loaded, in the order their findings read best
STATIC: tuple[tuple[str, Check], ...] = (
    ("library", library_file.check),
    ("levels", references.levels),
    ("audiences", references.audiences),
    ("figures", references.figures),
    ("countries", references.countries),
    ("modules", references.modules),
    ("schedule", schedule.check),
    ("promises", promises.check),
    ("leaks", leaks.check),
    ("texts", texts.check),
    ("overlays", overlays.check),
    ("interface", interface.check),
    ("cycles", cycles.check),
)

LINT: tuple[tuple[str, Check], ...] = (
    ("terminology", terminology.check),
    ("old-figures", old_figures.check),
    ("completeness", completeness.check),
    ("quiz-balance", quiz_balance.check),
)


def run(lib: Library) -> list[Diagnostic]:
    """The validation checks' findings (not including what loading found)."""
    c = Context(lib, Collector(lib.root))
    for _, check in STATIC:
        check(c)
    if not any(is_error(d) for d in (*lib.diagnostics, *c.problems.items)):
        # rendering assumes the references hold
        bad = translations.check(c)
        renders.check(c, bad_translations=bad)
    return c.problems.items


def lint(lib: Library) -> list[Diagnostic]:
    c = Context(lib, Collector(lib.root))
    for _, check in LINT:
        check(c)
    return c.problems.items
