"""Every id a file names exists: levels' fact paths, audiences' levels, figures' sources,
countries' locales, sources and level override, modules' audiences, levels, prerequisites,
sources, item ids and conditions."""
from __future__ import annotations

from ..facts import all_facts
from ..levels import criteria_facts, derive
from .base import Context


def levels(c: Context) -> None:
    for level, index, condition in criteria_facts(c.lib.levels):
        c.fact_path(c.lib.origin("level", level.id), ("criteria", index), condition.fact or "")


def audiences(c: Context) -> None:
    for audience in c.lib.audiences.values():
        origin = c.lib.origin("audience", audience.id)
        for level in audience.outline:
            c.ref(origin, ("outline", level), "level", level, c.lib.level_ids)


def figures(c: Context) -> None:
    for figure in c.lib.figures.values():
        c.ref(c.lib.origin("figure", figure.id), ("source",), "source", figure.source,
              c.lib.sources)


def countries(c: Context) -> None:
    lib = c.lib
    for country in lib.countries.values():
        origin = lib.origin("country", country.id)
        for i, locale in enumerate(country.locales):
            c.ref(origin, ("locales", i), "locale", locale, lib.locales)
        for path, fact in all_facts(country):
            key = tuple(path.split("."))
            for i, source in enumerate(fact.source):
                c.ref(origin, key + ("source", i), "source", source, lib.sources)
        for i, service in enumerate(country.services):
            for j, source in enumerate(service.source):
                c.ref(origin, ("services", i, "source", j), "source", source, lib.sources)
        override = country.level_override
        if override:
            c.ref(origin, ("level_override", "level"), "level", override.level, lib.level_ids)
            if lib.levels and override.level == derive(lib.levels, country).derived:
                c.add(origin, ("level_override",), "the level override gives the level the rule "
                      "derives anyway", "remove level_override", code="level", severity="warning")


def modules(c: Context) -> None:
    lib = c.lib
    for module in lib.modules.values():
        origin = lib.origin("module", module.id)
        for i, a in enumerate(module.audiences):
            c.ref(origin, ("audiences", i), "audience", a, lib.audiences)
        for i, level in enumerate(module.levels):
            c.ref(origin, ("levels", i), "level", level, lib.level_ids)
        for i, p in enumerate(module.prerequisites):
            c.ref(origin, ("prerequisites", i), "module", p, lib.modules)
            if p == module.id:
                c.add(origin, ("prerequisites", i), "a module cannot be its own prerequisite",
                      "remove it")
        for i, s in enumerate(module.sources):
            c.ref(origin, ("sources", i), "source", s, lib.sources)
        for field in ("sections", "activities", "quiz", "tools"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(module, field)):
                if item.id in seen:
                    c.add(origin, (field, i, "id"), f"the id '{item.id}' is used twice in "
                          f"{field}", "give each its own id")
                seen.add(item.id)
                c.when(origin, (field, i), item.when)
        if isinstance(module.priority, dict):
            for name in module.priority:
                if name != "default":
                    c.ref(origin, ("priority", name), "audience", name, lib.audiences)
        for i, objective in enumerate(module.objectives):
            c.when(origin, ("objectives", i), objective.when)
        if not any(s.kind == "content" for s in module.sections):
            c.add(origin, ("sections",), "a module needs at least one content section",
                  "add a section without `kind:` (or with kind: content)")
