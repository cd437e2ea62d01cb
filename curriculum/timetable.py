"""A timetable a venue can keep: course modules laid on days with breaks and a lunch.

Pure and self-contained (the standard library and pydantic only), so that it can be tested on
its own and used by whichever stage lays out an agenda.

What goes in: the day's shape (`DayRules`, validated because it comes from data) and the course
as `Block`s (one a module, in course order) of `Unit`s (one a section, an activity or a quiz).
What comes out: `Slot`s, day by day, from the course's opening to its closing.

How: the course is cut into *items*, the pieces that are never split: the opening, every unit
(a zero-minute unit rides along with the next unit of its module, or the previous one if it is
last) and the closing. Items are laid greedily, day after day. An item joins the current run of
teaching if it fits; otherwise a pause comes first (lunch if it is due, else a break), and if no
pause would let the item fit, the day is over. A module is therefore split only where a pause
or the end of a day falls inside it, and only at a unit boundary. Last, a stub of a last day is
filled up from the end of the day before (`_balance`).

The rules kept, and where they bend (only for units too long for the day's shape):

- Every day starts at `start`; no slot ends after `end`. A unit too long to open a day (it would
  run past `end`, or past `lunch_latest` with no lunch) is given a day of its own from `start`
  and is the only slot that may break the lunch rule or end after `end`. (Such a unit may
  also leave the day before it short: with the defaults, a unit of over four hours.)
- Teaching (opening, modules, closing) between two pauses is at most `max_teaching` minutes;
  a unit longer than that stands alone between pauses.
- A day whose teaching goes on past `lunch_latest` has one lunch, starting within
  [`lunch_earliest`, `lunch_latest`]; lunch comes at the first pause due inside that window.
  If no unit boundary falls inside the window (a unit longer than the window), lunch starts at
  `lunch_earliest` and the minutes before it are left free: the only gap in a day.
- Breaks and lunch only ever come between two pieces of teaching, so never at the start or end
  of a day, never two in a row and never a break next to lunch.
- A day ends only when the next item does not fit on it, except the day before the last, which
  may give items to a short last day (see `_balance`).
- Every unit appears once, in order. Zero-minute units never make a slot of their own, except
  in a module that has no minutes at all, which is one zero-minute slot where it falls.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A day that gives items to a short last day still ends at most this many minutes before `end`:
# a day that closes at half past three is a full day for a venue, one that closes at lunch is not.
EARLY_FINISH = 90

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

OPENING, MODULE, CLOSING, BREAK, LUNCH = "opening", "module", "closing", "break", "lunch"


def to_minutes(hhmm: str) -> int:
    """Minutes since midnight of a strict 24-hour "HH:MM" time ("09:00" -> 540)."""
    match = _HHMM.match(hhmm) if isinstance(hhmm, str) else None
    if not match:
        raise ValueError(f"{hhmm!r} is not a time: write it as HH:MM on a 24-hour clock, "
                         f"e.g. '09:00' or '13:30'")
    return int(match.group(1)) * 60 + int(match.group(2))


def hhmm(minutes: int) -> str:
    """"HH:MM" of minutes since midnight (540 -> "09:00"). Past midnight the hours go on counting
    ("24:30") rather than wrapping, so that a time never appears to come before an earlier one."""
    if minutes < 0:
        raise ValueError(f"{minutes} is not a time of day: minutes since midnight cannot be negative")
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


Minutes = Annotated[int, Field(ge=0, le=24 * 60)]
Pause = Annotated[int, Field(ge=1, le=24 * 60)]


class DayRules(BaseModel):
    """The shape of a teaching day at a venue. Strict, because it is read from data: a time must be
    a "HH:MM" string and a duration a whole number of minutes."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    start: str = "09:00"
    end: str = "17:00"
    lunch_earliest: str = "12:00"  # lunch must start within [lunch_earliest, lunch_latest]
    lunch_latest: str = "13:30"
    lunch_minutes: Pause = 60
    break_minutes: Pause = 15
    max_teaching: Pause = 90  # at most this much teaching between two pauses
    min_last_day: Minutes = 90  # the last day of a multi-day course holds at least this much
    opening_minutes: Minutes = 15  # welcome, ground rules, knowledge check
    closing_minutes: Minutes = 15  # questions, action planning, check again, evaluation

    @field_validator("start", "end", "lunch_earliest", "lunch_latest")
    @classmethod
    def _time(cls, value: str) -> str:
        to_minutes(value)
        return value

    @model_validator(mode="after")
    def _shape(self) -> DayRules:
        start, end = to_minutes(self.start), to_minutes(self.end)
        earliest, latest = to_minutes(self.lunch_earliest), to_minutes(self.lunch_latest)
        if end <= start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        if earliest > latest:
            raise ValueError(f"lunch_earliest ({self.lunch_earliest}) must not be after "
                             f"lunch_latest ({self.lunch_latest})")
        if earliest < start:
            raise ValueError(f"lunch_earliest ({self.lunch_earliest}) must not be before the "
                             f"day's start ({self.start})")
        if latest + self.lunch_minutes > end:
            raise ValueError(f"a lunch of {self.lunch_minutes} minutes starting at lunch_latest "
                             f"({self.lunch_latest}) would end after the day's end ({self.end})")
        return self


@dataclass(frozen=True)
class Unit:
    """The smallest schedulable piece: one section, one activity, or a module's quiz."""

    id: str  # e.g. "sections/three-rules", "activities/scenario-1", "quiz"
    minutes: int

    def __post_init__(self) -> None:
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes < 0:
            raise ValueError(f"unit {self.id!r}: minutes must be a whole number, 0 or more, "
                             f"not {self.minutes!r}")


@dataclass(frozen=True)
class Block:
    """One module, in course order. Zero-minute units are carried along with the next unit (or
    the previous one if last); a module with no minutes at all is one zero-minute slot."""

    module: str
    title: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Slot:
    day: int  # 1-based
    start: str  # "HH:MM"
    end: str
    kind: str  # "opening" | "module" | "break" | "lunch" | "closing"
    minutes: int
    module: str | None = None
    title: str = ""  # the module's title for module slots; "" for others (the caller names them)
    part: int = 1  # 1 for the first (or only) piece of a module, 2, 3... for continuations
    parts: int = 1  # how many pieces this module was split into
    units: tuple[str, ...] = ()  # unit ids in this piece


def timetable(blocks: Sequence[Block], rules: DayRules) -> list[Slot]:
    """The course laid on days: opening, modules (split at unit boundaries where needed),
    breaks, lunches, closing. The same input always gives the same timetable."""
    clock = _Clock.of(rules)
    items = _items(blocks, rules)
    days = _balance(_days(items, clock), items, clock, rules.min_last_day)
    return _slots(days, blocks)


# --- items: the pieces that are never split ---------------------------------------------------

@dataclass(frozen=True)
class _Item:
    kind: str  # OPENING, MODULE or CLOSING
    minutes: int
    block: int = -1  # index of the module's block, for MODULE items
    units: tuple[str, ...] = ()


def _items(blocks: Sequence[Block], rules: DayRules) -> list[_Item]:
    items = [_Item(OPENING, rules.opening_minutes)] if rules.opening_minutes else []
    for index, block in enumerate(blocks):
        items.extend(_block_items(index, block))
    if rules.closing_minutes:
        items.append(_Item(CLOSING, rules.closing_minutes))
    return items


def _block_items(index: int, block: Block) -> list[_Item]:
    """One item a unit with minutes. A zero-minute unit (a handout, a pointer) is read with the
    unit after it, so it never stands alone at the end of a slot, away from what it belongs to."""
    items: list[_Item] = []
    waiting: tuple[str, ...] = ()
    for unit in block.units:
        waiting += (unit.id,)
        if unit.minutes:
            items.append(_Item(MODULE, unit.minutes, index, waiting))
            waiting = ()
    if items and waiting:  # zero-minute units at the end go with the last unit
        items[-1] = replace(items[-1], units=items[-1].units + waiting)
    elif not items:  # a module without minutes still appears, as one zero-minute slot
        items.append(_Item(MODULE, 0, index, waiting))
    return items


# --- one day -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Clock:
    """The day rules in minutes since midnight, read once."""

    start: int
    end: int
    lunch_earliest: int
    lunch_latest: int
    lunch: int
    pause: int
    run: int

    @classmethod
    def of(cls, rules: DayRules) -> _Clock:
        return cls(to_minutes(rules.start), to_minutes(rules.end), to_minutes(rules.lunch_earliest),
                   to_minutes(rules.lunch_latest), rules.lunch_minutes, rules.break_minutes,
                   rules.max_teaching)


@dataclass(frozen=True)
class _Placed:
    kind: str
    start: int
    minutes: int
    item: _Item | None = None  # None for a break or lunch

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class _Day:
    first: int  # index of the day's first item
    stop: int  # index of the first item left for later days
    placed: tuple[_Placed, ...]

    @property
    def end(self) -> int:
        return self.placed[-1].end

    @property
    def teaching(self) -> int:
        return sum(p.minutes for p in self.placed if p.item is not None)


@dataclass
class _Builder:
    """The state of a day being filled: the clock, the teaching since the last pause, lunch."""

    clock: _Clock
    now: int = 0
    run: int = 0
    lunched: bool = False
    placed: list[_Placed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.now = self.clock.start

    def fits(self, minutes: int) -> bool:
        """Whether an item can follow now, in the current run of teaching."""
        ends = self.now + minutes
        in_run = self.run == 0 or minutes == 0 or self.run + minutes <= self.clock.run
        return in_run and self._in_time(ends, self.lunched)

    def _in_time(self, ends: int, lunched: bool) -> bool:
        # Before lunch, teaching must leave lunch a start inside its window.
        return ends <= self.clock.end and (lunched or ends <= self.clock.lunch_latest)

    def pause_before(self, minutes: int) -> tuple[str, int] | None:
        """The pause (kind, start) after which an item that does not fit now would fit, or None
        when there is none and the day is over. Lunch is preferred once its window is open, so it
        takes the first pause due there; before the window, a break, unless the item would then
        end too late for lunch, in which case lunch comes first, at the window's opening."""
        c = self.clock
        if self.lunched:
            options = [(BREAK, self.now)]
        elif c.lunch_earliest <= self.now <= c.lunch_latest:
            options = [(LUNCH, self.now), (BREAK, self.now)]
        elif self.now > c.lunch_latest:  # only after a unit given a day of its own: no lunch
            options = []
        else:
            options = [(BREAK, self.now), (LUNCH, c.lunch_earliest)]
        for kind, start in options:
            resumes = start + (c.lunch if kind == LUNCH else c.pause)
            if self._in_time(resumes + minutes, self.lunched or kind == LUNCH):
                return kind, start
        return None

    def take_pause(self, kind: str, start: int) -> None:
        minutes = self.clock.lunch if kind == LUNCH else self.clock.pause
        self.placed.append(_Placed(kind, start, minutes))
        self.now, self.run = start + minutes, 0
        self.lunched = self.lunched or kind == LUNCH

    def teach(self, item: _Item) -> None:
        self.placed.append(_Placed(item.kind, self.now, item.minutes, item))
        self.now += item.minutes
        self.run += item.minutes


def _fill(items: Sequence[_Item], first: int, stop: int, clock: _Clock) -> _Day:
    """Lay items[first:stop] on one day, as many as fit, in order."""
    day = _Builder(clock)
    index = first
    while index < stop:
        item = items[index]
        if not day.fits(item.minutes):
            if day.now == clock.start:  # too long to open any day: it gets this day to itself
                day.teach(item)
                index += 1
                break
            pause = day.pause_before(item.minutes) if day.run else None
            if pause is None:
                break
            day.take_pause(*pause)
        day.teach(item)
        index += 1
    return _Day(first, index, tuple(day.placed))


def _days(items: Sequence[_Item], clock: _Clock) -> list[_Day]:
    """Fill day after day; a day is closed only when the next item does not fit on it."""
    days: list[_Day] = []
    index = 0
    while index < len(items):
        days.append(_fill(items, index, len(items), clock))
        index = days[-1].stop  # every day takes at least one item, so this ends
    return days


def _balance(days: list[_Day], items: Sequence[_Item], clock: _Clock, least: int) -> list[_Day]:
    """Give a stub of a last day at least `least` minutes of teaching by moving items, one at a
    time, from the end of the day before. That day may then end early, but never more than
    EARLY_FINISH minutes before the end: if the last day cannot reach `least` within that limit,
    it gets what the limit allows and the day before stays as long as it may."""
    if len(days) < 2 or days[-1].teaching >= least:
        return days
    before, last = days[-2], days[-1]
    best = (before, last)
    for cut in range(last.first - 1, before.first, -1):  # the day before keeps at least one item
        shorter = _fill(items, before.first, cut, clock)
        longer = _fill(items, cut, len(items), clock)
        if shorter.end < clock.end - EARLY_FINISH or longer.stop < len(items):
            break  # the day before would end too early, or the last day cannot hold more
        if longer.teaching > best[1].teaching:  # a zero-minute unit moved alone gains nothing
            best = (shorter, longer)
        if longer.teaching >= least:
            break
    return [*days[:-2], *best]


# --- slots -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    day: int
    start: int
    end: int
    kind: str
    block: int = -1
    units: tuple[str, ...] = ()


def _pieces(days: Sequence[_Day]) -> list[_Piece]:
    """One piece a pause, the opening, the closing, or a stretch of one module's units taught
    without a pause between them."""
    pieces: list[_Piece] = []
    for number, day in enumerate(days, start=1):
        previous: _Piece | None = None
        for placed in day.placed:
            item = placed.item
            if previous and item and previous.kind == MODULE and item.kind == MODULE \
                    and previous.block == item.block:
                previous = pieces[-1] = replace(previous, end=placed.end,
                                                units=previous.units + item.units)
                continue
            previous = _Piece(number, placed.start, placed.end, placed.kind,
                              item.block if item else -1, item.units if item else ())
            pieces.append(previous)
    return pieces


def _slots(days: Sequence[_Day], blocks: Sequence[Block]) -> list[Slot]:
    pieces = _pieces(days)
    parts = Counter(p.block for p in pieces if p.kind == MODULE)
    seen: Counter[int] = Counter()
    slots = []
    for p in pieces:
        slot = Slot(day=p.day, start=hhmm(p.start), end=hhmm(p.end), kind=p.kind,
                    minutes=p.end - p.start)
        if p.kind == MODULE:
            seen[p.block] += 1
            block = blocks[p.block]
            slot = replace(slot, module=block.module, title=block.title, part=seen[p.block],
                           parts=parts[p.block], units=p.units)
        slots.append(slot)
    return slots
