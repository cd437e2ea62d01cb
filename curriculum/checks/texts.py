"""Every text the pack shows compiles in the content sandbox, names only what module text may
name (facts, figures, sources), and uses only the Markdown the renderer keeps. The same check
runs on translations, placed at their PO line (see translations.py)."""
from __future__ import annotations

from jinja2 import TemplateSyntaxError

from .. import markup, templating
from ..library import Origin
from ..suggest import did_you_mean
from ..texts import Text, library_texts, module_texts
from .base import Context


def check_text(c: Context, origin: Origin, text: Text, value: str | None = None,
               where: tuple[str, int] | None = None) -> bool:
    """Static checks of one text (or of its translation `value`, reported at `where`, its PO
    file and line). Returns whether the text may be rendered."""
    value = text.text if value is None else value
    lines = value.splitlines()
    lib = c.lib

    def report(offset: int, col: int | None, message: str, hint: str, code: str,
               needle: str | None = None):
        if where is not None:
            c.problems.add(where[0], where[1], 1, f"{message} (in the translation of "
                           f"{text.context})", hint, code=code)
            return
        path, line, base_col = origin.text_place(text.key, offset)
        if col is None and needle and 0 <= offset < len(lines) and needle in lines[offset]:
            col = lines[offset].index(needle) + 1
        if col is not None and origin.style(text.key) in ("|", ">"):
            col = base_col + col - 1  # a column inside the block, counted from its indent
        c.problems.add(path, line, col or base_col, message, hint, code=code)

    ok = True
    if text.templated:
        try:
            chains, figures, sources = templating.names_used(value)
        except TemplateSyntaxError as exc:
            report((exc.lineno or 1) - 1, None, f"template syntax error: {exc.message}",
                   "check the {{ }} and {% %} around this line", "template")
            return False
        for use in chains:
            problem = templating.check_name(use.path)
            if problem:
                ok = False
                report(use.line - 1, None, problem, templating.suggest(use.path), "name",
                       needle=use.path)
        for ident, line in figures:
            if ident is None:
                ok = False
                report(line - 1, None, "figure() needs a literal id, e.g. figure(\"id\")",
                       "name the figure by its id in sources/", "name")
            elif ident not in lib.figures and ("figure", ident) not in lib.broken:
                ok = False
                report(line - 1, None, f"unknown figure '{ident}'",
                       did_you_mean(ident, lib.figures), "ref", needle=ident)
        for ident, line in sources:
            if ident is None or (ident not in lib.sources and ("source", ident) not in lib.broken):
                ok = False
                report(line - 1, None, f"unknown source '{ident}'",
                       did_you_mean(str(ident), lib.sources), "ref", needle=ident)
    elif "{{" in value or "{%" in value:
        report(0, None, "this text may not hold {{ }} or {% %} expressions",
               "only module texts are filled in per country; write it out", "template")
    if text.markdown:
        for offset, col, message, hint in markup.problems(value):
            report(offset, col, message, hint, "markdown")
    elif "\n" in value.strip():
        report(0, None, "this text should be a single line", "join the lines", "markdown")
    return ok


def check(c: Context) -> None:
    lib = c.lib
    origin = lib.origin("library", "library")
    for text in library_texts(lib.meta):
        check_text(c, origin, text)
    for module in lib.modules.values():
        origin = lib.origin("module", module.id)
        for text in module_texts(module):
            check_text(c, origin, text)
