"""The one condition evaluator: whether a `when:` (on a section, objective, activity, question
or pack part) holds for a variant, and whether a level's criterion holds for a country.

`when_miss` answers for what it is told and treats what it is not told as "any": the tailor
asks with the whole variant, the completeness check asks with an audience and a level only
("could this hold in some country?").
"""
from __future__ import annotations

from typing import Literal

from .facts import fact_at, present
from .models import Condition, Country, When


Miss = tuple[Literal["audience", "level", "country", "fact"], str]


def _names(items: list[str]) -> str:
    return ", ".join(items)


def when_miss(when: When | None, audience: str | None = None, level: str | None = None,
              country: Country | None = None) -> Miss | None:
    """None when the condition holds (or may hold, for what is not given), else
    (code, reason): code is one of audience, level, country, fact."""
    if when is None:
        return None
    if audience is not None and when.audiences is not None and audience not in when.audiences:
        return "audience", f"written for {_names(when.audiences)}"
    if level is not None and when.levels is not None and level not in when.levels:
        return "level", f"written for level {_names(when.levels)}; this country is {level}"
    if country is None:
        return None
    if when.countries is not None and country.id not in when.countries:
        return "country", f"written for {_names(when.countries)}"
    for path in when.has or []:
        fact = fact_at(country, path)
        if not present(fact):
            state = "unknown" if fact is None or not fact.known else f"'{fact.value}'"
            return "fact", f"needs {path}, which is {state} for {country.name}"
    for path in when.lacks or []:
        if present(fact_at(country, path)):
            return "fact", f"only where {path} is absent; {country.name} has it"
    return None


def criterion_holds(condition: Condition, country: Country) -> bool | None:
    """True, False, or None when the facts needed are unknown (or unverified: a fact nobody
    could confirm cannot raise a level)."""
    if condition.any is not None:
        results = [criterion_holds(c, country) for c in condition.any]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    fact = fact_at(country, condition.fact or "")
    if fact is None or not fact.known or fact.confidence == "unverified":
        return None
    if condition.present is not None:
        return present(fact) == condition.present
    value = fact.value
    if isinstance(condition.is_, str) and isinstance(value, str):
        return value.strip().lower() == condition.is_.strip().lower()
    return value == condition.is_
