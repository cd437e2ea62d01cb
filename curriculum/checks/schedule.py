"""The course day is one a venue can keep, wherever it is set: the library's `schedule:`, each
audience's and each course's, merged as the tailor merges them (timetable.DayRules checks the
whole: times as HH:MM, the lunch window inside the day). A course names modules that exist."""
from __future__ import annotations

from pydantic import ValidationError

from ..library import Origin
from ..models import Schedule, merge_schedules
from ..timetable import DayRules
from .base import Context


def _try(c: Context, origin: Origin, key: tuple, layers: list[Schedule | None]) -> None:
    try:
        DayRules(**merge_schedules(layers)[0])  # the day's shape, merged as tailor merges it
    except ValidationError as exc:
        for error in exc.errors():
            message = str(error["msg"]).removeprefix("Value error, ")
            c.add(origin, key, f"this course day cannot be kept: {message}",
                  "check start, end and the lunch window (times as \"HH:MM\")", code="schedule")


def check(c: Context) -> None:
    lib = c.lib
    base = lib.meta.schedule
    _try(c, lib.origin("library", "library"), ("schedule",), [base])
    for audience in lib.audiences.values():
        origin = lib.origin("audience", audience.id)
        if audience.schedule is not None:
            _try(c, origin, ("schedule",), [base, audience.schedule])
        for i, course in enumerate(audience.courses):
            if course.schedule is not None:
                _try(c, origin, ("courses", i, "schedule"),
                     [base, audience.schedule, course.schedule])
            for j, ident in enumerate(course.modules or []):
                c.ref(origin, ("courses", i, "modules", j), "module", ident, lib.modules)
            for level in course.outline:
                c.ref(origin, ("courses", i, "outline", level), "level", level, lib.level_ids)
        ids = [course.id for course in audience.courses]
        for i, ident in enumerate(ids):
            if ident in ids[:i]:
                c.add(origin, ("courses", i, "id"), f"the course id '{ident}' is used twice",
                      "give each course its own id")
