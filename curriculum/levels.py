"""A country's infrastructure level, derived from its facts by the rule in countries/levels.yaml.

Levels are ordered; each has criteria over facts. A country reaches a level when it meets every
criterion of that level and of every level below it. A fact nobody knows meets no criterion, so
an unknown never raises a level; the derivation says which unknowns hold a country back, so a
trainer knows what to check. An unverified fact counts as unknown here. A profile may override
the derived level with a reason; packs and `curriculum list countries` report both.
"""
from __future__ import annotations

from dataclasses import dataclass

from .conditions import criterion_holds
from .models import Condition, Country, Level


@dataclass(frozen=True)
class Derivation:
    level: str  # the level packs use
    derived: str  # the level the rule gives
    override_reason: str | None
    met: tuple[str, ...] = ()  # criteria met, as sentences
    blocking: tuple[str, ...] = ()  # criteria of the next level that are not met
    unknown: tuple[str, ...] = ()  # criteria of the next level that are unknown
    unknown_keys: tuple[tuple[str, int], ...] = ()  # (level id, criterion index) of those


def describe(condition: Condition) -> str:
    if condition.label:
        return condition.label
    if condition.any is not None:
        return "any of: " + "; ".join(describe(c) for c in condition.any)
    if condition.present is not None:
        return f"{condition.fact} is {'present' if condition.present else 'absent'}"
    value = condition.is_
    shown = str(value).lower() if isinstance(value, bool) else f"'{value}'"
    return f"{condition.fact} is {shown}"


def derive(levels: list[Level], country: Country) -> Derivation:
    reached = levels[0].id
    met: list[str] = []
    blocking: list[str] = []
    unknown: list[str] = []
    unknown_keys: list[tuple[str, int]] = []
    for level in levels:
        results = [(c, criterion_holds(c, country)) for c in level.criteria]
        failed = [describe(c) for c, r in results if r is False]
        unsure = [describe(c) for c, r in results if r is None]
        if failed or unsure:
            blocking = [f"{level.id}: {text}" for text in failed]
            unknown = [f"{level.id}: {text}" for text in unsure]
            unknown_keys = [(level.id, i) for i, (c, r) in enumerate(results) if r is None]
            break
        reached = level.id
        met.extend(f"{level.id}: {describe(c)}" for c, _ in results)
    override = country.level_override
    return Derivation(
        level=override.level if override else reached,
        derived=reached,
        override_reason=override.reason if override else None,
        met=tuple(met), blocking=tuple(blocking), unknown=tuple(unknown),
        unknown_keys=tuple(unknown_keys))


def criteria_facts(levels: list[Level]) -> list[tuple[Level, int, Condition]]:
    """Every fact criterion with its level and index, for validation."""
    out = []

    def walk(level, index, condition):
        if condition.any is not None:
            for sub in condition.any:
                walk(level, index, sub)
        else:
            out.append((level, index, condition))

    for level in levels:
        for index, condition in enumerate(level.criteria):
            walk(level, index, condition)
    return out
