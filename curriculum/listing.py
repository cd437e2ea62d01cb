"""What `curriculum list ...` shows, as rows of plain data (the JSON of each listing is
documented in docs/list-json.md). The CLI prints them; Python users get the same rows."""
from __future__ import annotations

import re

from .levels import derive, describe
from .library import Library
from .tailor import module_order

Row = dict[str, object]


def audiences(lib: Library) -> list[Row]:
    return [{"id": a.id, "name": a.name, "minutes": a.minutes, "needs": list(a.needs),
             "levels": {k: v.minutes for k, v in a.outline.items()},
             "courses": [{"id": c.id, "name": c.name, "minutes": c.minutes,
                          "levels": {k: v.minutes for k, v in c.outline.items()}}
                         for c in a.courses]}
            for a in sorted(lib.audiences.values(), key=lambda a: a.id)]


def countries(lib: Library) -> list[Row]:
    rows: list[Row] = []
    for c in sorted(lib.countries.values(), key=lambda c: c.id):
        d = derive(lib.levels, c)
        rows.append({"id": c.id, "name": c.name, "region": c.region, "level": d.level,
                     "derived_level": d.derived, "override": d.override_reason,
                     "locales": list(c.locales), "unknown": list(d.unknown),
                     "blocking": list(d.blocking)})
    return rows


def levels(lib: Library) -> list[Row]:
    counts: dict[str, int] = {}
    for c in lib.countries.values():
        level = derive(lib.levels, c).level
        counts[level] = counts.get(level, 0) + 1
    return [{"id": lv.id, "name": lv.name, "countries": counts.get(lv.id, 0),
             "criteria": [describe(c) for c in lv.criteria]} for lv in lib.levels]


def modules(lib: Library) -> list[Row]:
    rows: list[Row] = []
    for ident in module_order(lib):
        m = lib.modules[ident]
        rows.append({"id": m.id, "title": m.title, "priority": m.priority,
                     "audiences": list(m.audiences), "levels": list(m.levels),
                     "prerequisites": list(m.prerequisites), "sections": len(m.sections),
                     "sources": list(m.sources)})
    return rows


def locales(lib: Library) -> list[Row]:
    return [{"id": info.id, "name": info.name, "english_name": info.english_name,
             "direction": info.direction, "messages": len(lib.translations.get(info.id, {}))}
            for info in sorted(lib.locales.values(), key=lambda i: i.id)]


def sources(lib: Library) -> list[Row]:
    return [s.model_dump(mode="json") for s in sorted(lib.sources.values(), key=lambda s: s.id)]


# the columns the text form shows, per listing
COLUMNS: dict[str, list[str]] = {
    "audiences": ["id", "name", "minutes", "courses"],
    "countries": ["id", "name", "region", "level", "locales"],
    "levels": ["id", "name", "countries", "criteria"],
    "modules": ["id", "title", "priority", "sections"],
    "locales": ["id", "name", "english_name", "messages"],
    "sources": ["id", "short", "date", "kind"],
}

LISTINGS = {"audiences": audiences, "countries": countries, "levels": levels,
            "modules": modules, "locales": locales, "sources": sources}


_EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}|\{%.*?%\}", re.S)


def readable(text: str) -> str:
    """A module's text outside any pack: `{{ country.name }}` reads `<country>`, other
    expressions `<...>`, and tags (`{% if %}`) are left out."""
    def word(match: re.Match) -> str:
        expr = match.group(1)
        if expr is None:
            return ""
        name = re.match(r"[\w.]+", expr)
        head = name.group(0).split(".") if name else ["..."]
        return "<country>" if head[0] == "country" and head[-1] in ("name", "name_in_text") \
            else f"<{'.'.join(head)}>"

    return " ".join(_EXPRESSION.sub(word, text).split())


def _priority(value) -> str:
    """`standard`, or `standard (core for journalists)` for a priority set per audience."""
    if isinstance(value, str):
        return value
    others = {k: v for k, v in value.items() if k != "default"}
    by = ", ".join(f"{v} for {k}" for k, v in others.items())
    return f"{value.get('default', 'standard')} ({by})" if by else value.get("default", "standard")


def shown(kind: str, rows: list[Row]) -> list[Row]:
    """The rows as the text form shows them: words, not Python's dicts and lists."""
    if kind == "audiences":
        return [{**r, "courses": ", ".join(c["id"] for c in r["courses"])}  # type: ignore[attr-defined]
                for r in rows]
    if kind == "countries":
        return [{**r, "level": f"{r['level']}" + (" (set by hand)" if r["override"] else ""),
                 "locales": ", ".join(r["locales"])} for r in rows]  # type: ignore[arg-type]
    if kind == "modules":
        return [{**r, "title": readable(str(r["title"])), "priority": _priority(r["priority"]),
                 "audiences": ", ".join(r["audiences"])}  # type: ignore[arg-type]
                for r in rows]
    if kind == "levels":
        return [{**r, "criteria": "; ".join(r["criteria"]) or "none"}  # type: ignore[arg-type]
                for r in rows]
    return rows
