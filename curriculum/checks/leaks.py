"""Nothing internal reaches a pack: the printed fields of sources, figures and country facts
hold no compiler's notes. The class, not the examples: a reference number of a working list
(S06), the name of a working file (COUNTRIES.md), a field that repeats the field printed before
it ("NSPCC Learning: NSPCC Learning: ..."), a date that is not a date ("undated; c. 2017"),
editing marks (TODO, FIXME, XXX, ???)."""
from __future__ import annotations

import re

from ..facts import all_facts
from .base import Context

WORKING_MARKS = (
    (re.compile(r"\bS\d{2,3}\b"), "a reference number of a working list"),
    (re.compile(r"\b[\w-]+\.(?:md|txt|csv|ya?ml|py)\b", re.IGNORECASE), "a working file's name"),
    (re.compile(r"\b(?:TODO|FIXME|XXX|TBC|TBD)\b|\?\?\?"), "an editing mark"),
)
DATE = re.compile(r"^(?:(?:c\. )?\d{4}(?:-\d{2}(?:-\d{2})?)?(?:\s*[–/-]\s*\d{4}(?:-\d{2}(?:-\d{2})?)?)?"
                  r"|undated|n\.d\.)$")


def _marks(text: str) -> str | None:
    for pattern, what in WORKING_MARKS:
        match = pattern.search(text)
        if match:
            return f"{what} ('{match.group(0)}')"
    return None


def _repeats(before: str, text: str) -> bool:
    """Whether `text` begins with `before` again, as "X: X: title" prints."""
    before = before.strip().rstrip(":").lower()
    return len(before) >= 4 and text.strip().lower().startswith(before + ":")


def check(c: Context) -> None:
    lib = c.lib
    hint = "keep working notes in YAML comments; printed fields are read by trainers"
    for source in lib.sources.values():
        origin = lib.origin("source", source.id)
        for field in ("title", "author", "short", "date", "note"):
            value = getattr(source, field)
            what = _marks(value) if value else None
            if what:
                c.add(origin, (field,), f"the source's {field} holds {what}", hint, code="leak")
        if _repeats(source.author, source.title) or _repeats(source.short, source.title):
            c.add(origin, ("title",), "the title repeats the author, which the citation already "
                  "prints before it", "remove the author from the title", code="leak")
        if not DATE.match(source.date.strip()):
            c.add(origin, ("date",), f"the date '{source.date[:40]}' is not a date",
                  "write a date such as '2019', '2019-05', 'c. 2017' or 'undated', and put what "
                  "you know about it in `note:`", code="leak")
    for figure in lib.figures.values():
        origin = lib.origin("figure", figure.id)
        for field in ("text", "caveat"):
            value = getattr(figure, field)
            what = _marks(value) if value else None
            if what:
                c.add(origin, (field,), f"the figure's {field} holds {what}", hint, code="leak")
    for country in lib.countries.values():
        origin = lib.origin("country", country.id)
        for path, fact in all_facts(country):
            for field in ("value", "note"):
                value = getattr(fact, field)
                what = _marks(value) if isinstance(value, str) else None
                if what:
                    c.add(origin, (*path.split("."), field), f"{path} holds {what}", hint,
                          code="leak")
        for i, item in enumerate(country.check_before_delivery):
            what = _marks(item)
            if what:
                c.add(origin, ("check_before_delivery", i), f"a check item holds {what}", hint,
                      code="leak")
        if country.level_override:
            what = _marks(country.level_override.reason)
            if what:
                c.add(origin, ("level_override", "reason"), f"the override's reason holds {what}",
                      hint, code="leak")
