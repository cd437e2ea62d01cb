"""Stage 3, tailor: a variant -> a pack. Which modules and sections, in what order, for how long,
and why each piece is in or out.

1. The country's level comes from its facts (levels.py).
2. A module is in when it is written for the audience and the level; a section, objective,
   activity or question is in when its `when:` matches and its edition is the pack's.
3. Modules are ordered by prerequisites, then by the library's `sequence`.
4. A module whose prerequisite is out is out too.
5. A course (when the audience has several) or the trainer (`Selection`) may keep to some
   modules or leave some out; prerequisites come along, and what needs a dropped module goes.
6. The time budget (the course length for the level, or the trainer's minutes), less the
   course's opening and closing, is met by dropping optional modules, then standard ones,
   latest in the sequence first; core modules stay even over budget, and the pack says so.
7. The agenda lays the course on days (timetable.py) by the day's rules, which are data: the
   library's `schedule:`, changed by the audience's and the course's.

Texts stay as written (in the library's language, expressions unresolved): localise.py
translates them and fills in the facts.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from . import interface as ui
from .conditions import Miss, when_miss
from .errors import CurriculumError
from .levels import derive
from .library import Library
from .models import (Audience, Country, Course, Module, Overlay, OverlaySection, Section,
                     merge_schedules)
from .pack import (EDITIONS, AgendaItem, Excluded, ExcludedCode, ExcludedKind, Pack, PackActivity,
                   PackAudience, PackCountry, PackLibrary, PackModule, PackObjective, PackQuestion,
                   PackTool, Part, Variant)
from .texts import ctx
from .timetable import Block, DayRules, Unit, timetable

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
    needed_by = _dependents(lib)
    ready = [key[i] for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, ident = heapq.heappop(ready)
        order.append(ident)
        for other in needed_by.get(ident, ()):
            deps = waiting[other]
            if ident in deps:
                deps.discard(ident)
                if not deps:
                    heapq.heappush(ready, key[other])
    # a cycle (reported by validate) leaves modules waiting: append them so nothing vanishes
    order.extend(sorted(set(lib.modules) - set(order), key=lambda i: key[i]))
    return order


def _module_minutes(sections: list[Part], activities: list[PackActivity], quiz_minutes: int) -> int:
    return sum(s.minutes for s in sections) + sum(a.minutes for a in activities) + quiz_minutes


def with_overlay(module: Module, overlay: Overlay | None, country: str,
                 ) -> list[tuple[Section, str, str | None]]:
    """The module's sections as the country's overlay adapts them: (section, translation
    context, who supplied it), replacements in place, additions after their anchor or last."""
    prefix = ctx.module(module.id)
    own = ctx.overlay(country, module.id)
    if overlay is None:
        return [(s, f"{prefix}/sections/{s.id}", None) for s in module.sections]
    replacing = {o.replaces: o for o in overlay.sections if o.replaces}
    after: dict[str | None, list[OverlaySection]] = {}
    for o in overlay.sections:
        if not o.replaces:
            after.setdefault(o.after, []).append(o)
    out: list[tuple[Section, str, str | None]] = []
    for s in module.sections:
        if s.id in replacing:
            o = replacing[s.id]
            out.append((o, f"{own}/sections/{o.id}", overlay.by))
        else:
            out.append((s, f"{prefix}/sections/{s.id}", None))
        out += [(o, f"{own}/sections/{o.id}", overlay.by) for o in after.pop(s.id, [])]
    out += [(o, f"{own}/sections/{o.id}", overlay.by) for group in after.values() for o in group]
    return out


def _select_module(module: Module, audience: str, level: str, country: Country, edition: str,
                   excluded: list[Excluded], quizzes: bool = True, overlay: Overlay | None = None,
                   ) -> tuple[PackModule, list[Unit], list[PackQuestion]] | None:
    prefix = ctx.module(module.id)
    sections, timed = [], []
    for s, context, by in with_overlay(module, overlay, country.id):
        miss = when_miss(s.when, audience, level, country)
        if miss:
            excluded.append(Excluded(id=f"{module.id}/{s.id}", kind="section", code=miss[0],
                                     reason=miss[1]))
            continue
        part = Part(id=s.id, context=context, title=s.title, body=s.body,
                    key_points=list(s.key_points), minutes=s.minutes, kind=s.kind,
                    edition=s.edition, overlay=by)
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
    objectives = [PackObjective(context=f"{prefix}/objectives", text=o.text, source=o.text)
                  for o in module.objectives
                  if when_miss(o.when, audience, level, country) is None]

    def applies(item, kind: ExcludedKind) -> bool:
        miss = when_miss(item.when, audience, level, country)
        if miss:
            excluded.append(Excluded(id=f"{module.id}/{item.id}", kind=kind, code=miss[0],
                                     reason=miss[1]))
        return miss is None

    facilitator = edition == "facilitator"
    activities = []
    extra = [(a, ctx.overlay(country.id, module.id, "activities", a.id))
             for a in (overlay.activities if overlay else [])]
    for a, context in [(a, f"{prefix}/activities/{a.id}") for a in module.activities] + extra:
        if not applies(a, "activity"):
            continue
        activities.append(PackActivity(
            id=a.id, context=context, title=a.title, kind=a.kind,
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
    asked = quiz
    if not quizzes:  # the course asks its questions in the knowledge check instead
        quiz = []
    quiz_minutes = module.quiz_minutes if module.quiz_minutes is not None else 2 * len(quiz)
    if not quiz:
        quiz_minutes = 0
    units = [Unit(f"sections/{p.id}", p.minutes) for p in timed] + \
        [Unit(f"activities/{a.id}", a.minutes) for a in activities] + \
        ([Unit("quiz", quiz_minutes)] if quiz_minutes else [])
    return PackModule(
        id=module.id, context=prefix, title=module.title, summary=module.summary,
        priority=module.priority_for(audience),
        minutes=_module_minutes(timed, activities, quiz_minutes),
        why=f"written for {audience} at level {level}", content_note=module.content_note,
        objectives=objectives, sections=sections, activities=activities, quiz=quiz,
        quiz_minutes=quiz_minutes, tools=tools, sources=list(module.sources)), units, asked


def _fit_budget(chosen: dict[str, PackModule], lib: Library, budget: int,
                excluded: list[Excluded], units: dict[str, list[Unit]],
                strict: bool = False) -> dict[str, PackModule]:
    """Drop optional, then standard modules (latest first) until the pack fits the budget;
    then put back, in course order, any dropped module that fits after all. With `strict` (a
    length the trainer asked for), the activities of the modules left give way next, and then
    core modules too, latest first: the trainer's length is kept."""
    def total(modules):
        return sum(m.minutes for m in modules.values())

    start = total(chosen)
    if start <= budget:
        return chosen
    needed_by = _dependents(lib)
    order = list(chosen)
    kept = dict(chosen)
    dropped: list[str] = []
    for priority in PRIORITY_DROP_ORDER + (("activities", "core") if strict else ()):
        if priority == "activities":
            _drop_activities(kept, order, budget - total(kept), units, excluded)
            continue
        current = total(kept)
        for ident in reversed(order):
            if current <= budget:
                break
            if ident in kept and kept[ident].priority == priority:
                # it goes with every kept module that needs it, directly or through others
                needing = _closure(lambda i: needed_by.get(i, ()), ident)
                gone = [ident] + [other for other in kept if other != ident and other in needing]
                if priority == "core" and len(gone) == len(kept):
                    continue  # a pack keeps its first module, over the length if it must
                for g in gone:
                    current -= kept[g].minutes
                    del kept[g]
                    dropped.append(g)
    current = total(kept)
    gave_way = set(dropped)
    for ident in [i for i in order if i in gave_way]:
        module = chosen[ident]
        if all(p in kept for p in lib.modules[ident].prerequisites) \
                and current + module.minutes <= budget:
            kept[ident] = module
            current += module.minutes
            gave_way.discard(ident)
    for ident in [i for i in order if i in gave_way]:
        excluded.append(Excluded(
            id=ident, kind="module", code="time",
            reason=f"time budget: with it the pack takes {start} minutes, the budget is "
                   f"{budget}; it is {chosen[ident].priority}, so it gave way"))
    return {ident: kept[ident] for ident in order if ident in kept}


def _drop_activities(kept: dict[str, PackModule], order: list[str], over: int,
                     units: dict[str, list[Unit]], excluded: list[Excluded]) -> None:
    """Take activities out of the kept modules, latest first, until `-over` minutes are saved."""
    for ident in reversed(order):
        if over >= 0 or ident not in kept:
            continue
        module = kept[ident]
        for activity in reversed(module.activities):
            if over >= 0:
                break
            module = module.model_copy(update={
                "activities": [a for a in module.activities if a.id != activity.id],
                "minutes": module.minutes - activity.minutes})
            units[ident] = [u for u in units[ident] if u.id != f"activities/{activity.id}"]
            excluded.append(Excluded(id=f"{ident}/{activity.id}", kind="activity", code="time",
                                     reason="time budget: activities gave way to the length "
                                            "asked for"))
            over += activity.minutes
        kept[ident] = module


def _dependents(lib: Library) -> dict[str, list[str]]:
    """Module id -> the modules that name it as a prerequisite."""
    needed_by: dict[str, list[str]] = {}
    for ident, module in lib.modules.items():
        for p in module.prerequisites:
            needed_by.setdefault(p, []).append(ident)
    return needed_by


def _closure(neighbours: Callable[[str], Iterable[str]], start: str) -> set[str]:
    """Everything reachable from `start` through `neighbours` (iteratively: no depth limit)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for other in neighbours(stack.pop()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def _all_prerequisites(lib: Library, ident: str) -> set[str]:
    """Every module `ident` needs, directly or through others."""
    return _closure(lambda i: (p for p in lib.modules[i].prerequisites if p in lib.modules),
                    ident)


def course_day(lib: Library, audience: Audience, course: Course | None) -> tuple[DayRules, dict]:
    """The course day and the course settings: the library's schedule, then the audience's,
    then the course's."""
    day, settings = merge_schedules([lib.meta.schedule, audience.schedule,
                                     course.schedule if course else None])
    return DayRules(**day), settings


def schedule(modules: list[PackModule], units: dict[str, list[Unit]],
             rules: DayRules) -> list[AgendaItem]:
    """The agenda: modules laid on days (timetable.py), with the course's opening and closing."""
    blocks = [Block(module=m.id, title=m.title, units=tuple(units[m.id])) for m in modules]
    titles = {"opening": ui.OPENING, "closing": ui.CLOSING, "break": ui.BREAK,
              "lunch": ui.LUNCH}
    return [AgendaItem(day=slot.day, start=slot.start, end=slot.end, kind=slot.kind,  # type: ignore[arg-type]
                       module=slot.module, title=slot.title or titles[slot.kind],
                       minutes=slot.minutes, part=slot.part, parts=slot.parts)
            for slot in timetable(blocks, rules)]


def variants(lib: Library, audiences: Iterable[str] | None = None,
             countries: Iterable[str] | None = None, locales: Iterable[str] | None = None,
             editions: Iterable[str] | None = None) -> Iterator[Variant]:
    """Every variant of the matrix, filtered: audience (and its courses) x country x the
    country's locales x edition."""
    audiences, countries = set(audiences or ()), set(countries or ())
    locales, editions = set(locales or ()), set(editions or ())
    for country in sorted(lib.countries.values(), key=lambda c: c.id):
        if countries and country.id not in countries:
            continue
        for locale in country.locales:
            if locales and locale not in locales:
                continue
            for audience_id in sorted(lib.audiences):
                if audiences and audience_id not in audiences:
                    continue
                courses: list[str | None] = [c.id for c in lib.audiences[audience_id].courses]
                courses = courses or [None]
                for course in courses:
                    for edition in EDITIONS:
                        if editions and edition not in editions:
                            continue
                        yield Variant(audience=audience_id, course=course, country=country.id,
                                      locale=locale, edition=edition)


@dataclass(frozen=True)
class Selection:
    """What a trainer chose for a pack: its length, and modules to keep to or to leave out.
    Prerequisites stay: a module kept brings its prerequisites, a module dropped takes the
    modules that need it."""

    minutes: int | None = None
    only: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()

    def record(self) -> dict:
        return {"minutes": self.minutes, "only": list(self.only), "drop": list(self.drop)}


def _wanted(lib: Library, course: Course | None, selection: Selection) -> set[str] | None:
    """The modules a course or a trainer keeps to (with their prerequisites), or None: all."""
    keep = list(selection.only) or (list(course.modules) if course and course.modules else [])
    if not keep:
        return None
    wanted = set(keep)
    for ident in keep:
        if ident in lib.modules:
            wanted |= _all_prerequisites(lib, ident)
    return wanted


def _check_variant(lib: Library, variant: Variant, selection: Selection) -> None:
    for kind, ident, known in (("audience", variant.audience, lib.audiences),
                               ("country", variant.country, lib.countries),
                               ("locale", variant.locale, lib.locales)):
        if ident not in known:
            raise TailorError(f"unknown {kind} '{ident}' (known: {_names(sorted(known))})")
    audience = lib.audiences[variant.audience]
    if audience.courses and audience.course(variant.course) is None:
        raise TailorError(f"the audience '{audience.id}' has the courses "
                          f"{_names([c.id for c in audience.courses])}; choose one")
    if not audience.courses and variant.course is not None:
        raise TailorError(f"the audience '{audience.id}' has no course '{variant.course}'")
    unknown = [m for m in selection.only + selection.drop if m not in lib.modules]
    if unknown:
        raise TailorError(f"unknown module {_names(unknown)} (known: "
                          f"{_names(sorted(lib.modules))})")


def tailor(lib: Library, variant: Variant, minutes: int | None = None,
           selection: Selection | None = None) -> Pack:
    selection = selection or Selection(minutes=minutes)
    if minutes is not None and selection.minutes is None:
        selection = Selection(minutes, selection.only, selection.drop)
    if variant.audience in lib.audiences and variant.course is None \
            and lib.audiences[variant.audience].courses:
        variant = variant.model_copy(update={
            "course": lib.audiences[variant.audience].courses[0].id})
    _check_variant(lib, variant, selection)
    country = lib.countries[variant.country]
    audience = lib.audiences[variant.audience]
    course = audience.course(variant.course)
    derivation = derive(lib.levels, country)
    level = lib.level(derivation.level)
    outline = (course.outline if course else audience.outline).get(level.id)
    default = course.minutes if course else audience.minutes
    budget = selection.minutes or (outline.minutes if outline and outline.minutes else default)
    rules, settings = course_day(lib, audience, course)
    framing = rules.opening_minutes + rules.closing_minutes  # the course opens and closes

    excluded: list[Excluded] = []
    wanted = _wanted(lib, course, selection)
    dropped = set(selection.drop)
    chosen: dict[str, PackModule] = {}
    units: dict[str, list[Unit]] = {}
    questions: dict[str, list[PackQuestion]] = {}  # each module's, for the knowledge check
    for ident in module_order(lib):
        module = lib.modules[ident]
        reason = _module_out(module, audience.id, level.id, country, chosen, wanted, dropped)
        if reason:
            excluded.append(Excluded(id=ident, kind="module", code=reason[0], reason=reason[1]))
            continue
        picked = _select_module(module, audience.id, level.id, country, variant.edition, excluded,
                                settings["module_quizzes"], lib.overlays.get((country.id, ident)))
        if picked is not None:
            chosen[ident], units[ident], questions[ident] = picked
    if selection.minutes and framing > selection.minutes // 6:
        # a short course asked for: the opening and closing shrink with it (to 5 minutes each)
        rules = rules.model_copy(update={"opening_minutes": min(rules.opening_minutes,
                                                                max(5, selection.minutes // 12)),
                                         "closing_minutes": min(rules.closing_minutes,
                                                                max(5, selection.minutes // 12))})
        framing = rules.opening_minutes + rules.closing_minutes
    modules = list(_fit_budget(chosen, lib, budget - framing, excluded, units,
                               strict=selection.minutes is not None).values())
    total = sum(m.minutes for m in modules) + framing
    info = lib.locales[variant.locale]
    return Pack(
        variant=variant,
        library=PackLibrary(name=lib.meta.name, version=lib.meta.version, date=lib.meta.date,
                            default_locale=lib.meta.default_locale),
        audience=PackAudience(id=audience.id, name=audience.name,
                              description=audience.description,
                              focus=outline.focus if outline else None,
                              course=course.id if course else None,
                              course_name=course.name if course else None),
        country=PackCountry(id=country.id, name=country.name,
                            name_in_text=country.name_in_text or country.name, iso=country.iso,
                            region=country.region, level=level.id, level_name=level.name,
                            derived_level=derivation.derived,
                            override_reason=derivation.override_reason,
                            level_provisional=bool(country.level_override and
                                                   country.level_override.provisional),
                            level_unknowns=list(derivation.unknown),
                            level_unknown_keys=list(derivation.unknown_keys),
                            paper=country.paper),
        locale_name=info.name, direction=info.direction,
        budget_minutes=budget, minutes=total, over_budget=total > budget,
        opening_minutes=rules.opening_minutes, closing_minutes=rules.closing_minutes,
        selection=selection.record(),
        intro=_parts(lib.meta.intro, "sections", variant, audience.id, level.id, country),
        opening=_parts(lib.meta.opening, "opening", variant, audience.id, level.id, country),
        closing=_parts(lib.meta.closing, "closing", variant, audience.id, level.id, country),
        evaluation=list(lib.meta.evaluation),
        knowledge_check=_knowledge_check(modules, questions, settings["knowledge_check"]),
        modules=modules, excluded=excluded,
        agenda=schedule(modules, units, rules))


def _module_out(module: Module, audience: str, level: str, country: Country,
                chosen: dict[str, PackModule], wanted: set[str] | None,
                dropped: set[str]) -> Miss | tuple[ExcludedCode, str] | None:
    """Why a module is not in the pack, or None."""
    if audience not in module.audiences:
        return "audience", f"written for {_names(module.audiences)}"
    if level not in module.levels:
        return "level", f"written for level {_names(module.levels)}; {country.name} is {level}"
    if module.id in dropped:
        return "chosen", "left out by the trainer"
    if wanted is not None and module.id not in wanted:
        return "chosen", "not among the modules chosen for this course"
    missing = [p for p in module.prerequisites if p not in chosen]
    if missing:
        return "prerequisite", f"needs {_names(missing)}, which is not in this pack"
    return None


def _parts(sections, group: str, variant: Variant, audience: str, level: str,
           country: Country) -> list[Part]:
    """Pack-level parts (intro, opening, closing) that apply to this variant."""
    return [Part(id=s.id, context=ctx.library(group, s.id), title=s.title, body=s.body,
                 key_points=list(s.key_points), minutes=s.minutes, kind=s.kind, edition=s.edition)
            for s in sections
            if _edition_ok(s.edition, variant.edition)
            and when_miss(s.when, audience, level, country) is None]


def _knowledge_check(modules: list[PackModule], questions: dict[str, list[PackQuestion]],
                     size: int) -> list[PackQuestion]:
    """The short check the course opens and closes with: the first question of each module,
    core modules first, in course order, at most `size`."""
    firsts = [(m.priority != "core", i, questions[m.id][0])
              for i, m in enumerate(modules) if questions.get(m.id)]
    picked = sorted(firsts, key=lambda t: (t[0], t[1]))[:size]
    return [q for _, _, q in sorted(picked, key=lambda t: t[1])]
