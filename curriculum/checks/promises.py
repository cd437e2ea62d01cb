"""An audience's level focus is a promise the pack keeps: each section named in `keeps:` exists,
is written for the audience and the level, and reaches the pack of every country at that level
(its `when:` holds there, and the course includes its module)."""
from __future__ import annotations

from ..conditions import when_miss
from ..levels import derive
from ..library import Origin
from ..models import Audience, Course, LevelOutline
from .base import Context


def _check_outline(c: Context, origin: Origin, key: tuple, audience: Audience,
                   course: Course | None, level: str, outline: LevelOutline) -> None:
    lib = c.lib
    countries = [country for country in lib.countries.values()
                 if lib.levels and derive(lib.levels, country).level == level]
    for i, ref in enumerate(outline.keeps):
        where = key + ("keeps", i)
        module_id, section_id = ref.split("/")
        module = lib.modules.get(module_id)
        section = next((s for s in module.sections if s.id == section_id), None) if module else None
        if module is None or section is None:
            c.add(origin, where, f"the focus promises '{ref}', which does not exist",
                  "name a section as module-id/section-id", code="promise")
            continue
        why = None
        if audience.id not in module.audiences or level not in module.levels:
            why = f"the module '{module_id}' is not written for {audience.id} at level {level}"
        elif course is not None and course.modules and module_id not in course.modules:
            why = f"the course '{course.id}' does not include '{module_id}'"
        elif when_miss(section.when, audience.id, level) is not None:
            why = f"the section is not written for {audience.id} at level {level}"
        if why is None:
            lacking = [country.name for country in countries
                       if when_miss(section.when, audience.id, level, country) is not None]
            if lacking:
                why = f"the section's condition leaves it out for {', '.join(sorted(lacking))}"
        if why:
            c.add(origin, where, f"a broken promise: the {level} focus promises '{ref}', but "
                  f"{why}", "write the section for them, or change what the focus promises",
                  code="promise")


def check(c: Context) -> None:
    for audience in c.lib.audiences.values():
        origin = c.lib.origin("audience", audience.id)
        for level, outline in audience.outline.items():
            _check_outline(c, origin, ("outline", level), audience, None, level, outline)
        for i, course in enumerate(audience.courses):
            for level, outline in course.outline.items():
                _check_outline(c, origin, ("courses", i, "outline", level), audience, course,
                               level, outline)
