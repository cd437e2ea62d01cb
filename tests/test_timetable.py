"""The timetable: every rule a venue relies on, checked on worked examples and, with hypothesis,
on synthetic courses of many lengths and day shapes.

`check` below is the rule book: each rule of curriculum/timetable.py is one function, written
from the rules rather than from the code, so a failing example names the rule it breaks."""
from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import groupby, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from curriculum.timetable import (
    EARLY_FINISH,
    Block,
    DayRules,
    Slot,
    Unit,
    hhmm,
    timetable,
    to_minutes,
)

PAUSES = ("break", "lunch")
TEACHING = ("opening", "module", "closing")


# --- building courses ----------------------------------------------------------------------------

def block(name: str, *minutes: int) -> Block:
    return Block(name, name.title(), tuple(Unit(f"{name}/u{i}", m) for i, m in enumerate(minutes)))


def course(total: int, modules: int, seed: int, low: int = 5, high: int = 25,
           units: tuple[int, int] = (4, 6)) -> list[Block]:
    """`modules` modules of 4-6 units of `low`-`high` minutes, adding up to exactly `total`."""
    rng = random.Random(seed)
    counts = [rng.randint(*units) for _ in range(modules)]
    minutes = [low] * sum(counts)
    assert low * len(minutes) <= total <= high * len(minutes)
    for _ in range(total - low * len(minutes)):  # hand out the rest a minute at a time
        minutes[rng.choice([i for i, m in enumerate(minutes) if m < high])] += 1
    blocks, at = [], 0
    for number, count in enumerate(counts, start=1):
        blocks.append(block(f"module-{number:02d}", *minutes[at:at + count]))
        at += count
    return blocks


def show(slots: list[Slot]) -> str:
    """The timetable as a venue would read it (printed by a failing test)."""
    lines = []
    for s in slots:
        part = f" ({s.part}/{s.parts})" if s.parts > 1 else ""
        lines.append(f"day {s.day}  {s.start}-{s.end}  {s.kind:<7} {s.minutes:>3}  "
                     f"{s.module or ''}{part}")
    return "\n".join(lines)


# --- the rule book ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """What is never split: the opening, the closing, or a unit with the zero-minute units
    riding along with it (worked out here independently of the module)."""

    minutes: int
    units: tuple[str, ...] = ()


def items_of(blocks: list[Block], rules: DayRules) -> list[Item]:
    items = [Item(rules.opening_minutes)] if rules.opening_minutes else []
    for b in blocks:
        mine: list[Item] = []
        waiting: list[str] = []
        for u in b.units:
            waiting.append(u.id)
            if u.minutes:
                mine.append(Item(u.minutes, tuple(waiting)))
                waiting = []
        if mine and waiting:
            mine[-1] = Item(mine[-1].minutes, mine[-1].units + tuple(waiting))
        elif not mine:
            mine.append(Item(0, tuple(waiting)))
        items += mine
    if rules.closing_minutes:
        items.append(Item(rules.closing_minutes))
    return items


def by_day(slots: list[Slot]) -> list[list[Slot]]:
    return [list(day) for _, day in groupby(slots, key=lambda s: s.day)]


def items_per_slot(slots: list[Slot], blocks: list[Block], rules: DayRules) -> list[list[Item]]:
    """The items each slot holds, in order (none for a pause)."""
    queue = items_of(blocks, rules)[::-1]
    held = []
    for s in slots:
        mine: list[Item] = []
        if s.kind in ("opening", "closing"):
            mine.append(queue.pop())
        elif s.kind == "module":
            mine.append(queue.pop())
            while sum(len(i.units) for i in mine) < len(s.units):
                mine.append(queue.pop())
            assert tuple(u for i in mine for u in i.units) == s.units, "a slot splits an item"
        held.append(mine)
    assert not queue
    return held


@dataclass
class State:
    """Where a day stands after a slot: the clock, teaching since the last pause, lunch."""

    now: int
    run: int = 0
    lunched: bool = False


def states(day: list[Slot]) -> list[State]:
    out, state = [], State(0)
    for s in day:
        state = State(to_minutes(s.end), 0 if s.kind in PAUSES else state.run + s.minutes,
                      state.lunched or s.kind == "lunch")
        out.append(state)
    return out


def fits_now(state: State, minutes: int, rules: DayRules) -> bool:
    """Whether an item could have followed directly, in the same run."""
    ends = state.now + minutes
    in_run = state.run == 0 or minutes == 0 or state.run + minutes <= rules.max_teaching
    return in_run and in_time(ends, state.lunched, rules)


def in_time(ends: int, lunched: bool, rules: DayRules) -> bool:
    return ends <= to_minutes(rules.end) and (lunched or ends <= to_minutes(rules.lunch_latest))


def fits_somehow(state: State, minutes: int, rules: DayRules) -> bool:
    """Whether an item could have followed, directly or after a break or lunch."""
    if fits_now(state, minutes, rules):
        return True
    if in_time(state.now + rules.break_minutes + minutes, state.lunched, rules):
        return True
    lunch = max(state.now, to_minutes(rules.lunch_earliest))
    return (not state.lunched and lunch <= to_minutes(rules.lunch_latest)
            and in_time(lunch + rules.lunch_minutes + minutes, True, rules))


def given_over(day: list[Slot], rules: DayRules) -> bool:
    """A day that holds one unit too long to open a day (the documented exception)."""
    taught = [s for s in day if s.kind in TEACHING and s.minutes]
    if len(taught) != 1:
        return False
    ends = to_minutes(rules.start) + taught[0].minutes
    return ends > to_minutes(rules.end) or ends > to_minutes(rules.lunch_latest)


def check_opening_and_closing(slots, blocks, rules):
    kinds = [s.kind for s in slots]
    assert kinds.count("opening") == (1 if rules.opening_minutes else 0)
    assert kinds.count("closing") == (1 if rules.closing_minutes else 0)
    if rules.opening_minutes:
        assert slots[0].kind == "opening" and slots[0].day == 1
        assert slots[0].minutes == rules.opening_minutes
    if rules.closing_minutes:
        assert slots[-1].kind == "closing" and slots[-1].minutes == rules.closing_minutes


def check_clock(slots, blocks, rules):
    """Days 1, 2, 3...; each starts at `start`, slots follow each other without gaps (except the
    free minutes before a lunch at `lunch_earliest`) and none ends after `end`."""
    days = by_day(slots)
    assert [d[0].day for d in days] == list(range(1, len(days) + 1))
    for day in days:
        assert day[0].start == rules.start
        for s in day:
            assert s.minutes == to_minutes(s.end) - to_minutes(s.start) >= 0
            assert s.kind in TEACHING + PAUSES
            if not given_over(day, rules):
                assert to_minutes(s.end) <= to_minutes(rules.end), f"{s} ends after {rules.end}"
        for before, after in pairwise(day):
            if after.kind == "lunch" and after.start != before.end:
                assert after.start == rules.lunch_earliest and before.end < after.start
            else:
                assert after.start == before.end


def check_runs(slots, blocks, rules):
    """At most `max_teaching` between two pauses, unless one item alone is longer."""
    held = items_per_slot(slots, blocks, rules)
    for _, day in groupby(range(len(slots)), key=lambda i: slots[i].day):
        for paused, run in groupby(day, key=lambda i: slots[i].kind in PAUSES):
            if paused:
                continue
            items = [item for i in run for item in held[i]]
            taught = sum(item.minutes for item in items)
            long_ones = [item for item in items if item.minutes]
            assert taught <= rules.max_teaching or (
                len(long_ones) == 1 and long_ones[0].minutes > rules.max_teaching), \
                f"{taught} minutes of teaching without a pause"


def check_lunch(slots, blocks, rules):
    earliest, latest = to_minutes(rules.lunch_earliest), to_minutes(rules.lunch_latest)
    for day in by_day(slots):
        lunches = [s for s in day if s.kind == "lunch"]
        assert len(lunches) <= 1
        for lunch in lunches:
            assert earliest <= to_minutes(lunch.start) <= latest
            assert lunch.minutes == rules.lunch_minutes
        if given_over(day, rules):
            continue
        late = [s for s in day if s.kind in TEACHING and to_minutes(s.end) > latest and s.minutes]
        if late:  # teaching past lunch_latest: all of it after the one lunch
            assert len(lunches) == 1, f"day {day[0].day} teaches past {rules.lunch_latest} unfed"
            assert all(to_minutes(s.start) >= to_minutes(lunches[0].end) for s in late)
        if to_minutes(day[-1].end) < earliest:
            assert not lunches


def check_pauses(slots, blocks, rules):
    """Pauses only between teaching: never first or last in a day, never two in a row."""
    for day in by_day(slots):
        assert day[0].kind not in PAUSES and day[-1].kind not in PAUSES, show(day)
        for before, after in pairwise(day):
            assert not (before.kind in PAUSES and after.kind in PAUSES), show(day)
        for s in day:
            if s.kind == "break":
                assert s.minutes == rules.break_minutes


def check_units_and_modules(slots, blocks, rules):
    """Every unit once, in order; modules in order, their pieces consecutive and numbered."""
    pieces = [s for s in slots if s.kind == "module"]
    assert [u for s in pieces for u in s.units] == [u.id for b in blocks for u in b.units]
    assert [s.module for s in pieces] == sorted((s.module for s in pieces),
                                                key=[b.module for b in blocks].index)
    minutes = {u.id: u.minutes for b in blocks for u in b.units}
    for b in blocks:
        mine = [s for s in pieces if s.module == b.module]
        assert mine, f"{b.module} is missing"
        assert [s.part for s in mine] == list(range(1, len(mine) + 1))
        assert {s.parts for s in mine} == {len(mine)} and {s.title for s in mine} == {b.title}
        assert sum(s.minutes for s in mine) == sum(u.minutes for u in b.units)
        for s in mine:
            assert s.minutes == sum(minutes[u] for u in s.units)
            if not any(minutes[u] for u in s.units):  # zero-minute units never alone...
                assert not any(u.minutes for u in b.units) and len(mine) == 1  # ...but in a module of nothing
    for s in slots:
        if s.kind != "module":
            assert (s.module, s.title, s.part, s.parts, s.units) == (None, "", 1, 1, ())


def check_splits_and_days(slots, blocks, rules, moved_at=None):
    """A module is split only where the next unit did not fit, and a day is closed only when the
    next item did not fit on it by any route; `moved_at` is the one day end `min_last_day` moved."""
    held = items_per_slot(slots, blocks, rules)
    at = 0
    for day in by_day(slots):
        after = states(day)
        for i, (s, state) in enumerate(zip(day, after)):
            nxt = next((held[j][0] for j in range(at + i + 1, len(slots)) if held[j]), None)
            if nxt is None or (day[0].day == moved_at and i == len(day) - 1):
                continue
            if s.kind == "module" and s.part < s.parts:
                assert not fits_now(state, nxt.minutes, rules), \
                    f"{s.module} split though {nxt.minutes} more minutes fitted\n{show(day)}"
            if i == len(day) - 1:
                assert not fits_somehow(state, nxt.minutes, rules), \
                    f"day {s.day} closed at {s.end} though {nxt.minutes} minutes fitted"
        at += len(day)


def check_last_day(slots, blocks, rules):
    """A last day of at least `min_last_day`, taken from the end of the day before, which still
    ends at most EARLY_FINISH minutes before `end`; if the limit stops it, the day before gave
    all it could (one more item would end it too early or overflow the last day)."""
    plain = timetable(blocks, rules.model_copy(update={"min_last_day": 0}))
    days, plain_days = by_day(slots), by_day(plain)
    if len(plain_days) < 2 or teaching(plain_days[-1]) >= rules.min_last_day:
        assert slots == plain
        return None
    assert len(days) == len(plain_days) and placing(days[:-2]) == placing(plain_days[:-2])
    if days == plain_days:  # nothing moved: not even one item could
        assert not can_give_more(slots, blocks, rules)
        return None
    moved_at = days[-2][0].day
    assert teaching(days[-1]) > teaching(plain_days[-1])
    assert to_minutes(days[-2][-1].end) >= to_minutes(rules.end) - EARLY_FINISH
    if teaching(days[-1]) < rules.min_last_day:
        assert not can_give_more(slots, blocks, rules), show(slots)
    else:  # it took no more than it needed: without its first item it would fall short
        first = items_per_slot(slots, blocks, rules)[len(slots) - len(days[-1])][0]
        assert teaching(days[-1]) - first.minutes < rules.min_last_day
    return moved_at


def placing(days: list[list[Slot]]) -> list[tuple]:
    """Where everything is, leaving out the part numbers (which moving a unit may change)."""
    return [(s.day, s.start, s.end, s.kind, s.module, s.units) for day in days for s in day]


def can_give_more(slots, blocks, rules) -> bool:
    """Whether the day before the last could give one more unit (with any zero-minute ones after
    it) and still end in time, with the last day still holding everything that follows."""
    held = items_per_slot(slots, blocks, rules)
    days = by_day(slots)
    first_of_last = len(slots) - len(days[-1])
    before = [(s, list(held[i])) for i, s in enumerate(slots) if s.day == days[-2][0].day]
    moved: list[Item] = []
    while before and not (moved and moved[0].minutes):
        moved.insert(0, before[-1][1].pop())
        if not before[-1][1]:  # the slot is gone, and so is the pause before it
            before.pop()
            while before and before[-1][0].kind in PAUSES:
                before.pop()
    if not before:
        return False  # the day before keeps at least one item
    slot, items = before[-1]
    if to_minutes(slot.start) + sum(i.minutes for i in items) < to_minutes(rules.end) - EARLY_FINISH:
        return False
    rest = moved + [item for i in range(first_of_last, len(slots)) for item in held[i]]
    if rules.closing_minutes:
        rest.pop()  # the trial course below brings its own closing
    trial = [Block(f"t{n}", "", (Unit(f"x{n}", item.minutes),)) for n, item in enumerate(rest)]
    laid = timetable(trial, rules.model_copy(update={"opening_minutes": 0, "min_last_day": 0}))
    return max(s.day for s in laid) == 1


def teaching(day: list[Slot]) -> int:
    return sum(s.minutes for s in day if s.kind in TEACHING)


def check(slots: list[Slot], blocks: list[Block], rules: DayRules) -> None:
    """Every rule, on one timetable."""
    if not items_of(blocks, rules):
        assert slots == []
        return
    try:
        check_opening_and_closing(slots, blocks, rules)
        check_clock(slots, blocks, rules)
        check_runs(slots, blocks, rules)
        check_lunch(slots, blocks, rules)
        check_pauses(slots, blocks, rules)
        check_units_and_modules(slots, blocks, rules)
        moved_at = check_last_day(slots, blocks, rules)
        check_splits_and_days(slots, blocks, rules, moved_at)
    except AssertionError as problem:
        raise AssertionError(f"{problem}\n{rules!r}\n{show(slots)}") from None
    assert timetable(blocks, rules) == slots  # deterministic


# --- time helpers ------------------------------------------------------------------------------

def test_times_read_and_print_both_ways():
    assert to_minutes("09:00") == 540 and to_minutes("00:00") == 0 and to_minutes("23:59") == 1439
    assert hhmm(540) == "09:00" and hhmm(0) == "00:00" and hhmm(1439) == "23:59"
    assert hhmm(1470) == "24:30"  # past midnight the hours count on, so times stay in order


@pytest.mark.parametrize("bad", ["9:00", "09:0", "24:00", "12:60", "0900", "09.00", " 09:00",
                                 "09:00 ", "", "noon", "09:00:00", "-1:00", "１２:００"])
def test_times_are_read_strictly(bad):
    with pytest.raises(ValueError, match="HH:MM"):
        to_minutes(bad)


def test_a_negative_time_is_refused():
    with pytest.raises(ValueError, match="negative"):
        hhmm(-1)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 24 * 60 - 1))
def test_times_round_trip(minutes):
    assert to_minutes(hhmm(minutes)) == minutes


# --- day rules ---------------------------------------------------------------------------------

def test_the_default_day():
    rules = DayRules()
    assert (rules.start, rules.end, rules.lunch_earliest, rules.lunch_latest) == \
        ("09:00", "17:00", "12:00", "13:30")
    assert (rules.lunch_minutes, rules.break_minutes, rules.max_teaching, rules.min_last_day,
            rules.opening_minutes, rules.closing_minutes) == (60, 15, 90, 90, 15, 15)


@pytest.mark.parametrize("fields, message", [
    ({"start": "9:00"}, "HH:MM"),
    ({"end": "25:00"}, "HH:MM"),
    ({"lunch_earliest": "noon"}, "HH:MM"),
    ({"start": "17:00", "end": "09:00"}, r"end \(09:00\) must be after start \(17:00\)"),
    ({"start": "09:00", "end": "09:00"}, "must be after start"),
    ({"lunch_earliest": "13:30", "lunch_latest": "12:00"}, "must not be after lunch_latest"),
    ({"start": "12:30"}, r"lunch_earliest \(12:00\) must not be before the day's start"),
    ({"end": "14:00"}, "would end after the day's end"),
    ({"lunch_latest": "16:30"}, "would end after the day's end"),
    ({"lunch_minutes": 0}, "greater than or equal to 1"),
    ({"break_minutes": -5}, "greater than or equal to 1"),
    ({"max_teaching": 0}, "greater than or equal to 1"),
    ({"opening_minutes": -1}, "greater than or equal to 0"),
    ({"min_last_day": 2000}, "less than or equal to 1440"),
    ({"max_teaching": "90"}, "valid integer"),  # strict, as the YAML data is
    ({"break_minutes": True}, "valid integer"),
    ({"start": 540}, "valid string"),  # a YAML 1.1 reader would make 09:00 sexagesimal 540
    ({"lunch": 60}, "Extra inputs are not permitted"),
])
def test_day_rules_are_validated(fields, message):
    with pytest.raises(ValidationError, match=message):
        DayRules(**fields)


def test_day_rules_are_frozen():
    with pytest.raises(ValidationError):
        DayRules().start = "08:00"


def test_day_rules_read_from_data():
    rules = DayRules.model_validate({"start": "08:30", "end": "16:00", "break_minutes": 20})
    assert (rules.start, rules.end, rules.break_minutes) == ("08:30", "16:00", 20)


@pytest.mark.parametrize("minutes", [-1, 1.5, "10", None, True])
def test_units_need_whole_minutes(minutes):
    with pytest.raises(ValueError, match="whole number"):
        Unit("sections/x", minutes)


# --- worked examples ---------------------------------------------------------------------------

def test_a_single_session_is_one_run():
    rules = DayRules(opening_minutes=10, closing_minutes=10)
    blocks = [block("intro", 20, 25, 25)]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert [(s.start, s.end, s.kind) for s in slots] == [
        ("09:00", "09:10", "opening"), ("09:10", "10:20", "module"), ("10:20", "10:30", "closing")]
    assert slots[1] == Slot(day=1, start="09:10", end="10:20", kind="module", minutes=70,
                            module="intro", title="Intro", units=("intro/u0", "intro/u1", "intro/u2"))


def test_a_1200_minute_course_gives_full_days_and_a_real_last_day():
    rules = DayRules()
    blocks = course(1200, 20, seed=1)
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    days = by_day(slots)
    assert len(days) >= 3
    for day in days[:-1]:  # full days: 09:00 to (nearly) 17:00, lunch in its window
        assert day[0].start == "09:00" and "15:30" <= day[-1].end <= "17:00"
        lunch = [s for s in day if s.kind == "lunch"]
        assert len(lunch) == 1 and "12:00" <= lunch[0].start <= "13:30"
        assert [s.kind for s in day].count("break") >= 2
    assert teaching(days[-1]) >= 90 and slots[-1].kind == "closing"
    for day in days[:-2]:  # the day before the last may give the last some of its units
        assert day[-1].end > "16:30"


def test_a_780_minute_course():
    rules = DayRules()
    blocks = course(780, 12, seed=2)
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    days = by_day(slots)
    assert len(days) == 3 and teaching(days[-1]) >= 90
    assert sum(teaching(d) for d in days) == 780 + 30


def test_a_day_from_half_past_eight_to_four():
    rules = DayRules(start="08:30", end="16:00")
    blocks = course(900, 15, seed=3)
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    for day in by_day(slots):
        assert day[0].start == "08:30" and day[-1].end <= "16:00"
    for day in by_day(slots)[:-2]:
        assert day[-1].end > "15:30"


def test_a_long_module_is_split_into_numbered_parts():
    rules = DayRules()
    blocks = [block("long", *[20] * 10), block("after", 30, 30)]  # 200 minutes, then 60
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    long = [s for s in slots if s.module == "long"]
    assert [s.part for s in long] == [1, 2, 3] and {s.parts for s in long} == {3}
    # 15 opening + 60 = 75: one more unit would make 95 minutes without a pause
    assert [(s.start, s.end) for s in long] == [("09:15", "10:15"), ("10:30", "11:50"),
                                                ("12:05", "13:05")]
    assert [u for s in long for u in s.units] == [f"long/u{i}" for i in range(10)]
    # a pause comes between the parts, never two parts back to back; lunch comes at 13:05, as
    # the next 30 minutes would end after 13:30
    assert [(s.kind, s.start) for s in slots if s.kind != "module"] == [
        ("opening", "09:00"), ("break", "10:15"), ("break", "11:50"), ("lunch", "13:05"),
        ("closing", "15:05")]


def test_a_module_that_fits_the_rest_of_the_run_stays_whole():
    rules = DayRules(opening_minutes=0, closing_minutes=0)
    blocks = [block("a", 30, 30), block("b", 10, 10, 10), block("c", 20)]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert [(s.module, s.start, s.end) for s in slots if s.kind == "module"] == [
        ("a", "09:00", "10:00"), ("b", "10:00", "10:30"), ("c", "10:45", "11:05")]


def test_a_unit_longer_than_a_run_stands_alone_between_pauses():
    rules = DayRules()
    blocks = [block("a", 10), block("workshop", 120), block("b", 10, 10)]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    workshop = next(i for i, s in enumerate(slots) if s.module == "workshop")
    assert slots[workshop].minutes == 120
    assert slots[workshop - 1].kind in PAUSES and slots[workshop + 1].kind in PAUSES


def test_zero_minute_units_ride_with_their_neighbours():
    rules = DayRules(opening_minutes=0, closing_minutes=0, max_teaching=30)
    blocks = [Block("m", "M", (Unit("handout", 0), Unit("s1", 20), Unit("s2", 20), Unit("note", 0))),
              Block("empty", "Empty", (Unit("pointer", 0),)),
              Block("none", "None", ())]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert [(s.kind, s.module, s.units) for s in slots] == [
        ("module", "m", ("handout", "s1")), ("break", None, ()),
        ("module", "m", ("s2", "note")), ("module", "empty", ("pointer",)),
        ("module", "none", ())]


def test_opening_and_closing_of_no_minutes_are_left_out():
    rules = DayRules(opening_minutes=0, closing_minutes=0)
    blocks = [block("a", 30)]
    assert [s.kind for s in timetable(blocks, rules)] == ["module"]
    assert timetable([], rules) == []
    assert [(s.kind, s.start, s.end) for s in timetable([], DayRules())] == [
        ("opening", "09:00", "09:15"), ("closing", "09:15", "09:30")]


def test_no_break_ends_a_day():
    # 09:00 + 90 + 15 + 90 = 12:15, lunch, 13:15 + 90 + 15 + 90 = 16:30 + 15 break + 15 = 17:00;
    # a day that ends at 16:45 after a break would be the old mistake
    rules = DayRules(opening_minutes=0, closing_minutes=0)
    blocks = [block(f"m{i}", 45, 45) for i in range(5)]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert all(day[-1].kind == "module" for day in by_day(slots))


def test_no_day_but_the_last_ends_at_lunch():
    rules = DayRules(opening_minutes=0, closing_minutes=0)
    blocks = course(1500, 25, seed=5)
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    for day in by_day(slots)[:-1]:
        assert to_minutes(day[-1].end) >= to_minutes(rules.end) - EARLY_FINISH
        assert any(s.kind == "lunch" for s in day)


def test_a_stub_last_day_takes_units_from_the_day_before():
    rules = DayRules()
    blocks = course(780, 12, seed=2)
    plain = by_day(timetable(blocks, rules.model_copy(update={"min_last_day": 0})))
    balanced = by_day(timetable(blocks, rules))
    assert teaching(plain[-1]) < 90 <= teaching(balanced[-1])
    assert placing(balanced[:-2]) == placing(plain[:-2])
    assert "15:30" <= balanced[-2][-1].end < plain[-2][-1].end


def test_the_day_before_the_last_never_ends_more_than_90_minutes_early():
    # day 1 ends at 16:30 and the closing is left alone on day 2. Moving 30-minute units one at
    # a time, day 1 ends at 16:00, then 15:30 (the limit), then 14:45 (too early): the last day
    # wants 120 minutes, gets 90, and day 1 stays as long as the limit allows
    rules = DayRules(opening_minutes=0, closing_minutes=30, min_last_day=120)
    blocks = [block(f"m{i}", 30, 30, 30) for i in range(4)]
    plain = by_day(timetable(blocks, rules.model_copy(update={"min_last_day": 0})))
    assert [(s.kind, s.end) for s in plain[-1]] == [("closing", "09:30")]
    assert plain[0][-1].end == "16:30"
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    days = by_day(slots)
    assert days[0][-1].end == "15:30" and teaching(days[1]) == 90
    assert [(s.module, s.part, s.parts, s.start, s.end) for s in days[1]] == [
        ("m3", 2, 2, "09:00", "10:00"), (None, 1, 1, "10:00", "10:30")]


def test_a_last_day_that_reaches_its_minimum_takes_no_more():
    rules = DayRules(opening_minutes=0, closing_minutes=30)  # min_last_day 90
    blocks = [block(f"m{i}", 30, 30, 30) for i in range(4)]
    days = by_day(timetable(blocks, rules))
    assert days[0][-1].end == "15:30" and teaching(days[1]) == 90


def test_a_course_shorter_than_a_day_keeps_one_day():
    rules = DayRules(min_last_day=300)
    blocks = course(120, 3, seed=6, units=(2, 3))
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert {s.day for s in slots} == {1}


def test_a_narrow_lunch_window_is_kept():
    rules = DayRules(lunch_earliest="12:30", lunch_latest="12:30")
    blocks = course(1000, 15, seed=7)
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert {s.start for s in slots if s.kind == "lunch"} == {"12:30"}


def test_lunch_waits_for_its_window_after_a_unit_longer_than_the_window():
    # no unit boundary falls between 12:00 and 13:30: lunch starts at 12:00 and the minutes
    # before it are free (the only gap a day may have)
    rules = DayRules(opening_minutes=0, closing_minutes=0, max_teaching=240)
    blocks = [block("a", 170), block("b", 100), block("c", 10)]
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    assert [(s.kind, s.start, s.end) for s in slots] == [
        ("module", "09:00", "11:50"), ("lunch", "12:00", "13:00"),
        ("module", "13:00", "14:40"), ("module", "14:40", "14:50")]


def test_a_unit_too_long_for_a_day_gets_a_day_of_its_own():
    # the one place the rules bend: a unit longer than the whole day cannot keep `end`
    rules = DayRules()
    blocks = [block("a", 30), block("marathon", 600), block("b", 30)]
    slots = timetable(blocks, rules)
    assert [(s.day, s.kind, s.start, s.end) for s in slots if s.module == "marathon"] == [
        (2, "module", "09:00", "19:00")]
    assert [s.day for s in slots if s.module == "b"] == [3]
    check_units_and_modules(slots, blocks, rules)
    check_pauses(slots, blocks, rules)


def test_the_same_course_gives_the_same_timetable():
    blocks = course(1200, 20, seed=8)
    assert timetable(blocks, DayRules()) == timetable(list(blocks), DayRules())


# --- any course, any day -----------------------------------------------------------------------

@st.composite
def day_rules(draw, units_up_to: int = 40):
    """Day shapes from a short morning to a long day, with any lunch window inside them."""
    start = draw(st.integers(6 * 12, 10 * 12)) * 5
    earliest = start + draw(st.integers(max(units_up_to, 60) // 5, 240 // 5)) * 5
    latest = earliest + draw(st.sampled_from([0, 15, 30, 60, 90, 120]))
    lunch = draw(st.sampled_from([15, 30, 45, 60, 90]))
    end = min(latest + lunch + draw(st.integers(30, 300)), 23 * 60 + 59)
    return DayRules(start=hhmm(start), end=hhmm(end), lunch_earliest=hhmm(earliest),
                    lunch_latest=hhmm(latest), lunch_minutes=lunch,
                    break_minutes=draw(st.sampled_from([5, 10, 15, 20, 30])),
                    max_teaching=draw(st.integers(20, 180)),
                    min_last_day=draw(st.integers(0, 180)),
                    opening_minutes=draw(st.sampled_from([0, 10, 15, 30])),
                    closing_minutes=draw(st.sampled_from([0, 10, 15, 30])))


def blocks_of(unit_minutes):
    units = st.lists(unit_minutes, max_size=7)
    return st.lists(units, max_size=30).map(
        lambda modules: [block(f"m{n}", *minutes) for n, minutes in enumerate(modules)])


ORDINARY = blocks_of(st.integers(0, 40) | st.just(0))


@settings(max_examples=400, deadline=None)
@given(day_rules(), ORDINARY)
def test_every_rule_holds_for_any_course(rules, blocks):
    check(timetable(blocks, rules), blocks, rules)


@settings(max_examples=150, deadline=None)
@given(st.integers(60, 3000), st.integers(1, 40), st.integers(0, 10**6))
def test_every_rule_holds_on_the_default_day(total, modules, seed):
    modules = min(max(modules, -(-total // 100)), total // 30)  # 4-6 units of 5-25 minutes
    blocks = course(total, modules, seed)
    rules = DayRules()
    slots = timetable(blocks, rules)
    check(slots, blocks, rules)
    days = by_day(slots)
    assert all(to_minutes(d[-1].end) >= to_minutes("15:30") for d in days[:-1])


@settings(max_examples=150, deadline=None)
@given(day_rules(units_up_to=60), ORDINARY)
def test_no_gap_before_lunch_when_units_are_shorter_than_the_window(rules, blocks):
    slots = timetable(blocks, rules)
    longest = max((i.minutes for i in items_of(blocks, rules)), default=0)
    window = to_minutes(rules.lunch_latest) - to_minutes(rules.lunch_earliest)
    if longest <= window - rules.break_minutes:
        for day in by_day(slots):
            assert all(a.start == b.end for b, a in pairwise(day))


@settings(max_examples=150, deadline=None)
@given(day_rules(), blocks_of(st.integers(0, 400)))
def test_long_units_bend_only_the_documented_rules(rules, blocks):
    """Units of up to 400 minutes: some longer than a run, a window or a whole day. Order,
    coverage and pauses always hold; `end` and lunch bend only on a day given to one unit."""
    slots = timetable(blocks, rules)
    if not items_of(blocks, rules):
        return
    check_opening_and_closing(slots, blocks, rules)
    check_clock(slots, blocks, rules)
    check_runs(slots, blocks, rules)
    check_lunch(slots, blocks, rules)
    check_pauses(slots, blocks, rules)
    check_units_and_modules(slots, blocks, rules)
    assert timetable(blocks, rules) == slots
