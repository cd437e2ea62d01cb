"""The terminology linter: words that harm, and figures that have grown old.

Rules are data, in the library's terminology.yaml (drawn from the Luxembourg Terminology
Guidelines): each names terms to avoid, the preferred term, and why. Every finding gives the
place, the reason and the preferred term. Two things are exempt:
- a marked quotation, `{{ quote("...") }}`: a statute's own wording, or a term named in order
  to explain why it is not used;
- country facts, which record what a statute or a body says in its own words.

Figures (sources/*.yaml) older than `figure_max_age_years` before the library's date are findings
unless marked `historical: true` (quoted to show how things were) or carrying a caveat.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from . import yamlsource
from .diagnostics import Collector, Diagnostic
from .load import Library, Origin, report_validation
from .models import Line, Model, Slug, Text as TextField
from .texts import (Text, audience_texts, country_texts, figure_texts, level_texts, library_texts,
                    module_texts)

RULES_FILE = "terminology.yaml"
QUOTE = re.compile(r"""\{\{-?\s*quote\(\s*(?:"[^"\n]*"|'[^'\n]*')\s*\)\s*-?\}\}""")


class Rule(Model):
    id: Slug
    avoid: Annotated[list[Line], Field(min_length=1)]
    prefer: Line
    why: TextField
    case_sensitive: bool = False
    source: Line | None = None


class RulesFile(Model):
    locale: Literal["en"] | str = "en"
    rules: list[Rule]


def load_rules(lib: Library, problems: Collector) -> list[tuple[Rule, re.Pattern]]:
    path = lib.root / RULES_FILE
    if not path.exists():
        return []
    doc = yamlsource.read(path, problems)
    if doc is None:
        return []
    try:
        data = RulesFile.model_validate(doc.data)
    except ValidationError as exc:
        report_validation(exc, Origin(doc), RulesFile, problems)
        return []
    out = []
    for rule in data.rules:
        terms = sorted(rule.avoid, key=len, reverse=True)
        body = "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+") for t in terms)
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        out.append((rule, re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)))
    return out


def _blank_quotes(text: str) -> str:
    """Replace marked quotations by spaces, keeping every other character's place."""
    return QUOTE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _scan(origin: Origin, text: Text, rules, problems: Collector) -> None:
    value = _blank_quotes(text.text)
    for offset, line in enumerate(value.splitlines() or [value]):
        for rule, pattern in rules:
            for match in pattern.finditer(line):
                path, fline, col = origin.text_place(text.key, offset)
                if text.markdown and origin.doc.place(text.key).style in ("|", ">"):
                    col = col + match.start()
                problems.add(path, fline, col,
                             f"'{match.group(0)}': {rule.why}",
                             f"say '{rule.prefer}' instead; to quote a statute, or to name the "
                             f"term in order to explain it, write {{{{ quote(\"...\") }}}}",
                             code=f"term:{rule.id}")


def lint(lib: Library) -> list[Diagnostic]:
    problems = Collector(lib.root)
    rules = load_rules(lib, problems)
    targets: list[tuple[Origin, list[Text]]] = [
        (lib.origin("library", "library"), library_texts(lib.meta))]
    targets += [(lib.origin("module", m.id), module_texts(m)) for m in lib.modules.values()]
    targets += [(lib.origin("audience", a.id), audience_texts(a)) for a in lib.audiences.values()]
    targets += [(lib.origin("level", lv.id), level_texts(lv)) for lv in lib.levels]
    # country facts record what a statute or a body says, in its words: exempt
    targets += [(lib.origin("country", c.id), [t for t in country_texts(c)
                                               if t.key[0] != "name" and "/facts/" not in t.context])
                for c in lib.countries.values()]
    targets += [(lib.origin("figure", f.id), figure_texts(f)) for f in lib.figures.values()]
    for origin, texts in targets:
        for text in texts:
            _scan(origin, text, rules, problems)
    _old_figures(lib, problems)
    for module in lib.modules.values():
        _completeness(lib, module, problems)
    return problems.items


def _completeness(lib: Library, module, problems: Collector) -> None:
    """What every bundled module carries (issue: the bundled curriculum)."""
    origin = lib.origin("module", module.id)

    def finding(key, message, hint):
        path, line, col = origin.place(*key)
        problems.add(path, line, col, message, hint, code="completeness")

    if not module.activities:
        finding(("sections",), f"the module '{module.id}' has no activity",
                "add a composite scenario or a discussion under `activities:`")
    if not module.quiz:
        finding(("sections",), f"the module '{module.id}' has no quiz",
                "add questions with explanations under `quiz:`")
    if not module.sources:
        finding(("id",), f"the module '{module.id}' cites no sources", "list them under `sources:`")
    if not any(s.kind == "note" for s in module.sections):
        finding(("sections",), f"the module '{module.id}' has no facilitator note",
                "add a section with `kind: note` and `edition: facilitator`")
    if module.sensitive and not any(s.kind == "safeguarding" for s in module.sections):
        finding(("sensitive",), f"the sensitive module '{module.id}' has no safeguarding "
                "guidance for the facilitator",
                "add a section with `kind: safeguarding` (opt-out, debrief, support)")
    for audience in module.audiences:
        for level in module.levels:
            if not any(s.kind == "content" and _could_match(s.when, audience, level)
                       for s in module.sections):
                finding(("audiences",), f"no content section of '{module.id}' is written for "
                        f"{audience} at level {level}",
                        "add a section for them, or remove the audience or level")


def _could_match(when, audience: str, level: str) -> bool:
    """Whether a condition can hold for this audience and level in some country."""
    if when is None:
        return True
    if when.audiences is not None and audience not in when.audiences:
        return False
    return when.levels is None or level in when.levels


def _old_figures(lib: Library, problems: Collector) -> None:
    year = int(lib.meta.date[:4])
    limit = lib.meta.figure_max_age_years
    for figure in lib.figures.values():
        found = re.findall(r"\d{4}", figure.as_of)
        if not found or figure.historical:
            continue
        age = year - int(found[-1])
        if age > limit:
            path, line, col = lib.origin("figure", figure.id).place("as_of")
            problems.add(path, line, col,
                         f"the figure '{figure.id}' is {age} years old (as of {figure.as_of}); "
                         f"readers may take it for today's",
                         "find a newer figure, or mark it `historical: true` and present it as "
                         "how things were", code="old-figure")
