"""Stage 3, tailor: a variant -> a pack. Which modules and sections, in what order, for how long,
and why each piece is in or out.

1. The country's level comes from its facts (levels.py).
2. A module is in when it is written for the audience and the level; a section, objective,
   activity or question is in when its `when:` matches and its edition is the pack's.
3. Modules are ordered by prerequisites, then by the library's `sequence`.
4. A module whose prerequisite is out is out too.
5. The time budget (the audience's course length for the level, or `minutes=`) is met by
   dropping optional modules, then standard ones, latest in the sequence first; core modules
   stay even over budget, and the pack says so.
6. An agenda with days, times and breaks is laid out from the module durations.

Texts stay as written (in the library's language, expressions unresolved): localise.py
translates them and fills in the facts.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator

from . import interface as ui
from .conditions import when_miss
from .errors import CurriculumError
from .levels import derive
from .library import Library
from .models import Country, Module
from .pack import (EDITIONS, AgendaItem, Excluded, ExcludedKind, Pack, PackActivity, PackAudience,
                   PackCountry,
                   PackLibrary, PackModule, PackObjective, PackQuestion, PackTool, Part,
                   Variant)
from .texts import ctx

DAY_START = 9 * 60
BREAK_AFTER = 90
BREAK_MINUTES = 15
LUNCH_AFTER = 12 * 60 + 30
LUNCH_MINUTES = 60
PRIORITY_DROP_ORDER = ("optional", "standard")


class TailorError(CurriculumError):
    """A variant that cannot be made: unknown audience, country, locale or edition."""


def _names(items: list[str]) -> str:
    return ", ".join(items)


def _edition_ok(edition: str, pack_edition: str) -> bool:
    return edition == "both" or edition == pack_edition


def module_order(lib: Library) -> list[str]:
    """All module ids, prerequisites first, otherwise in the library's sequence (then by id)."""
    rank = {ident: i for i, ident in enumerate(lib.meta.sequence)}
    key = {ident: (rank.get(ident, len(rank)), ident) for ident in lib.modules}
    waiting = {ident: {p for p in m.prerequisites if p in lib.modules}
               for ident, m in lib.modules.items()}
    ready = [key[i] for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, ident = heapq.heappop(ready)
        order.append(ident)
        for other, deps in waiting.items():
            if ident in deps:
                deps.discard(ident)
                if not deps:
                    heapq.heappush(ready, key[other])
    # a cycle (reported by validate) leaves modules waiting: append them so nothing vanishes
    order.extend(sorted(set(lib.modules) - set(order), key=lambda i: key[i]))
    return order


def _module_minutes(sections: list[Part], activities: list[PackActivity], quiz_minutes: int) -> int:
    return sum(s.minutes for s in sections) + sum(a.minutes for a in activities) + quiz_minutes


def _select_module(module: Module, audience: str, level: str, country: Country, edition: str,
                   excluded: list[Excluded]) -> PackModule | None:
    prefix = ctx.module(module.id)
    sections, timed = [], []
    for s in module.sections:
        miss = when_miss(s.when, audience, level, country)
        if miss:
            excluded.append(Excluded(id=f"{module.id}/{s.id}", kind="section", code=miss[0],
                                     reason=miss[1]))
            continue
        part = Part(id=s.id, context=f"{prefix}/sections/{s.id}", title=s.title, body=s.body,
                    minutes=s.minutes, kind=s.kind, edition=s.edition)
        timed.append(part)  # the course takes the same time whichever edition is printed
        if _edition_ok(s.edition, edition):
            sections.append(part)
        else:
            excluded.append(Excluded(id=f"{module.id}/{s.id}", kind="section", code="edition",
                                     reason=f"{s.edition} edition only"))
    if not any(p.kind == "content" for p in timed):
        excluded.append(Excluded(id=module.id, kind="module", code="empty",
                                 reason=f"none of its sections applies to {audience} at level "
                                        f"{level}"))
        return None
    objectives = [PackObjective(context=f"{prefix}/objectives/{i + 1}", text=o.text)
                  for i, o in enumerate(module.objectives)
                  if when_miss(o.when, audience, level, country) is None]

    def applies(item, kind: ExcludedKind) -> bool:
        miss = when_miss(item.when, audience, level, country)
        if miss:
            excluded.append(Excluded(id=f"{module.id}/{item.id}", kind=kind, code=miss[0],
                                     reason=miss[1]))
        return miss is None

    facilitator = edition == "facilitator"
    activities = []
    for a in (a for a in module.activities if applies(a, "activity")):
        activities.append(PackActivity(
            id=a.id, context=f"{prefix}/activities/{a.id}", title=a.title, kind=a.kind,
            minutes=a.minutes, body=a.body,
            facilitator=a.facilitator if facilitator else None))
    quiz = []
    for q in (q for q in module.quiz if applies(q, "question")):
        quiz.append(PackQuestion(id=q.id, context=f"{prefix}/quiz/{q.id}", question=q.question,
                             answers=list(q.answers),
                             correct=q.correct if facilitator else None,
                             explanation=q.explanation if facilitator else None))
    tools = []
    for t in (t for t in module.tools if applies(t, "tool")):
        if not _edition_ok(t.edition, edition):
            excluded.append(Excluded(id=f"{module.id}/{t.id}", kind="tool", code="edition",
                                     reason=f"{t.edition} edition only"))
            continue
        rows = t.rows if t.rows is not None else (2 if t.kind == "form" else 0 if t.items else 12)
        tools.append(PackTool(id=t.id, context=f"{prefix}/tools/{t.id}", title=t.title,
                              kind=t.kind, intro=t.intro, items=list(t.items),
                              columns=list(t.columns), rows=rows, fields=list(t.fields),
                              edition=t.edition))
    quiz_minutes = module.quiz_minutes if module.quiz_minutes is not None else 2 * len(quiz)
    if not quiz:
        quiz_minutes = 0
    return PackModule(
        id=module.id, context=prefix, title=module.title, summary=module.summary,
        priority=module.priority_for(audience),
        minutes=_module_minutes(timed, activities, quiz_minutes),
        why=f"written for {audience} at level {level}", content_note=module.content_note,
        objectives=objectives, sections=sections, activities=activities, quiz=quiz,
        quiz_minutes=quiz_minutes, tools=tools, sources=list(module.sources))


def _fit_budget(chosen: dict[str, PackModule], lib: Library, budget: int,
                excluded: list[Excluded]) -> dict[str, PackModule]:
    """Drop optional, then standard modules (latest first) until the pack fits the budget;
    then put back, in course order, any dropped module that fits after all."""
    def total(modules):
        return sum(m.minutes for m in modules.values())

    start = total(chosen)
    if start <= budget:
        return chosen
    order = list(chosen)
    kept = dict(chosen)
    dropped: list[str] = []
    for priority in PRIORITY_DROP_ORDER:
        for ident in reversed(order):
            if total(kept) <= budget:
                break
            if ident in kept and kept[ident].priority == priority:
                gone = [ident] + [other for other in kept if other != ident and
                                  ident in _all_prerequisites(lib, other)]
                for g in gone:
                    del kept[g]
                    dropped.append(g)
    for ident in [i for i in order if i in dropped]:
        module = chosen[ident]
        if all(p in kept for p in lib.modules[ident].prerequisites) \
                and total(kept) + module.minutes <= budget:
            kept[ident] = module
            dropped.remove(ident)
    for ident in [i for i in order if i in dropped]:
        excluded.append(Excluded(
            id=ident, kind="module", code="time",
            reason=f"time budget: with it the pack takes {start} minutes, the budget is "
                   f"{budget}; it is {chosen[ident].priority}, so it gave way"))
    return {ident: kept[ident] for ident in order if ident in kept}


def _all_prerequisites(lib: Library, ident: str, seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for p in lib.modules[ident].prerequisites:
        if p in lib.modules and p not in seen:
            seen.add(p)
            _all_prerequisites(lib, p, seen)
    return seen


def schedule(modules: list[PackModule], day_minutes: int) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    day, clock, taught, since_break, lunched = 1, DAY_START, 0, 0, False

    def add(kind, title, minutes, module=None):
        nonlocal clock
        items.append(AgendaItem(day=day, start=_hhmm(clock), end=_hhmm(clock + minutes),
                                kind=kind, module=module, title=title, minutes=minutes))
        clock += minutes

    for m in modules:
        if taught and taught + m.minutes > day_minutes:
            day, clock, taught, since_break, lunched = day + 1, DAY_START, 0, 0, False
        if taught and not lunched and clock >= LUNCH_AFTER:
            add("lunch", ui.LUNCH, LUNCH_MINUTES)
            lunched, since_break = True, 0
        elif taught and since_break >= BREAK_AFTER:
            add("break", ui.BREAK, BREAK_MINUTES)
            since_break = 0
        add("module", m.title, m.minutes, m.id)
        taught += m.minutes
        since_break += m.minutes
    return items


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def variants(lib: Library, audiences: Iterable[str] | None = None,
             countries: Iterable[str] | None = None, locales: Iterable[str] | None = None,
             editions: Iterable[str] | None = None) -> Iterator[Variant]:
    """Every variant of the matrix, filtered: audience x country x the country's locales x edition."""
    for country in sorted(lib.countries.values(), key=lambda c: c.id):
        if countries and country.id not in countries:
            continue
        for locale in country.locales:
            if locales and locale not in locales:
                continue
            for audience in sorted(lib.audiences):
                if audiences and audience not in audiences:
                    continue
                for edition in EDITIONS:
                    if editions and edition not in editions:
                        continue
                    yield Variant(audience=audience, country=country.id, locale=locale,
                                  edition=edition)


def tailor(lib: Library, variant: Variant, minutes: int | None = None) -> Pack:
    if variant.audience not in lib.audiences:
        raise TailorError(f"unknown audience '{variant.audience}' (known: "
                          f"{_names(sorted(lib.audiences))})")
    if variant.country not in lib.countries:
        raise TailorError(f"unknown country '{variant.country}' (known: "
                          f"{_names(sorted(lib.countries))})")
    country = lib.countries[variant.country]
    if variant.locale not in lib.locales:
        raise TailorError(f"unknown locale '{variant.locale}' (known: "
                          f"{_names(sorted(lib.locales))})")
    audience = lib.audiences[variant.audience]
    derivation = derive(lib.levels, country)
    level = lib.level(derivation.level)
    outline = audience.outline.get(level.id)
    budget = minutes or (outline.minutes if outline and outline.minutes else audience.minutes)

    excluded: list[Excluded] = []
    chosen: dict[str, PackModule] = {}
    for ident in module_order(lib):
        module = lib.modules[ident]
        if audience.id not in module.audiences:
            excluded.append(Excluded(id=ident, kind="module", code="audience",
                                     reason=f"written for {_names(module.audiences)}"))
            continue
        if level.id not in module.levels:
            excluded.append(Excluded(id=ident, kind="module", code="level",
                                     reason=f"written for level {_names(module.levels)}; "
                                            f"{country.name} is {level.id}"))
            continue
        missing = [p for p in module.prerequisites if p not in chosen]
        if missing:
            excluded.append(Excluded(id=ident, kind="module", code="prerequisite",
                                     reason=f"needs {_names(missing)}, which is not in this pack"))
            continue
        picked = _select_module(module, audience.id, level.id, country, variant.edition, excluded)
        if picked is not None:
            chosen[ident] = picked
    modules = list(_fit_budget(chosen, lib, budget, excluded).values())
    total = sum(m.minutes for m in modules)
    intro = [Part(id=s.id, context=ctx.library("sections", s.id), title=s.title, body=s.body,
                  minutes=s.minutes, kind=s.kind, edition=s.edition)
             for s in lib.meta.intro
             if _edition_ok(s.edition, variant.edition)
             and when_miss(s.when, audience.id, level.id, country) is None]
    info = lib.locales[variant.locale]
    return Pack(
        variant=variant,
        library=PackLibrary(name=lib.meta.name, version=lib.meta.version, date=lib.meta.date,
                            default_locale=lib.meta.default_locale),
        audience=PackAudience(id=audience.id, name=audience.name,
                              description=audience.description,
                              focus=outline.focus if outline else None),
        country=PackCountry(id=country.id, name=country.name, iso=country.iso,
                            region=country.region, level=level.id, level_name=level.name,
                            derived_level=derivation.derived,
                            override_reason=derivation.override_reason,
                            level_unknowns=list(derivation.unknown),
                            level_unknown_keys=list(derivation.unknown_keys),
                            paper=country.paper),
        locale_name=info.name, direction=info.direction,
        budget_minutes=budget, minutes=total, over_budget=total > budget,
        intro=intro, modules=modules, excluded=excluded,
        agenda=schedule(modules, audience.day_minutes))
