"""Country facts by path: `reporting.hotline.name` -> the Fact, or None where the profile is silent.

A profile's facts are nested models (models.Country); module text, `when:` conditions and the
level criteria all name facts by dotted path. This file is the one place that turns a path into
a fact, lists the paths that exist, and says whether a fact counts as present.
"""
from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel

from .models import Country, Fact, model_in

# country attributes that are plain values, not facts (usable in module text as country.<name>)
PLAIN_FIELDS = ("id", "name", "iso", "region")


# how a fact is named in a pack (English; translators translate these as interface strings)
LABELS = {
    "languages": "Languages",
    "internet_use": "Share of people using the internet",
    "reporting.hotline.exists": "A national hotline for reporting abuse material",
    "reporting.hotline.name": "National hotline",
    "reporting.hotline.url": "National hotline, web address",
    "reporting.hotline.phone": "National hotline, phone",
    "reporting.hotline.inhope_member": "The hotline is a member of INHOPE",
    "reporting.hotline.serves": "National hotline, who may use it",
    "reporting.hotline.takes_reports": "National hotline, takes reports",
    "reporting.hotline.reaches_emergency": "National hotline, can send emergency help",
    "reporting.international_portal.exists": "An international reporting portal",
    "reporting.international_portal.name": "International reporting portal",
    "reporting.international_portal.url": "International reporting portal, web address",
    "reporting.international_portal.serves": "International reporting portal, who may use it",
    "reporting.international_portal.takes_reports": "International reporting portal, takes reports",
    "reporting.international_portal.reaches_emergency":
        "International reporting portal, can send emergency help",
    "reporting.helpline.exists": "A child helpline",
    "reporting.helpline.name": "Child helpline",
    "reporting.helpline.number": "Child helpline, number",
    "reporting.helpline.hours": "Child helpline, hours",
    "reporting.helpline.serves": "Child helpline, who may use it",
    "reporting.helpline.takes_reports": "Child helpline, takes reports",
    "reporting.helpline.reaches_emergency": "Child helpline, can send emergency help",
    "reporting.police.emergency": "Police, emergency number",
    "reporting.police.online_reporting": "Police, online reporting",
    "reporting.police.dedicated_unit": "Dedicated police unit",
    "reporting.other": "Other official reporting routes",
    "reporting.self_image_removal": "A service that helps children remove images of themselves",
    "law.csam_law": "A law specific to child sexual abuse material",
    "law.statute": "Main statute",
    "law.possession_criminalised": "Possession is an offence",
    "law.statute_term": "Term used in the statute",
    "response.icse_connected": "Connected to INTERPOL's ICSE database",
    "response.national_image_database": "National image database",
    "response.offender_prevention":
        "Prevention service for people worried about their sexual thoughts about children",
    "response.statutory_industry_reporting": "Companies must report by law",
    "response.national_strategy": "National strategy or coordinating body",
}

# facts a trainer must re-check before every delivery, however well sourced: contact details
CONTACT_SUFFIXES = (".url", ".phone", ".number", ".emergency", ".online_reporting")


def is_contact(path: str) -> bool:
    return path.endswith(CONTACT_SUFFIXES)


@lru_cache(maxsize=None)
def _walk(model: type[BaseModel] = Country, prefix: str = "") -> tuple[tuple[str, bool], ...]:
    """(path, is_fact) for every fact and group of facts a profile can hold, in schema order."""
    out: list[tuple[str, bool]] = []
    for name, info in model.model_fields.items():
        sub = model_in(info.annotation)
        if sub is None or sub is Country or name == "level_override":
            continue
        if issubclass(sub, Fact):
            out.append((prefix + name, True))
        else:
            out.append((prefix + name, False))
            out.extend(_walk(sub, prefix + name + "."))
    return tuple(out)


@lru_cache(maxsize=None)
def fact_paths() -> tuple[str, ...]:
    """Every fact path a profile can hold, e.g. 'reporting.hotline.name'."""
    return tuple(path for path, is_fact in _walk() if is_fact)


@lru_cache(maxsize=None)
def group_paths() -> tuple[str, ...]:
    """Paths of the groups of facts, e.g. 'reporting' and 'reporting.hotline'."""
    return tuple(path for path, is_fact in _walk() if not is_fact)


def fact_at(country: Country, path: str) -> Fact | None:
    node: object = country
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node if isinstance(node, Fact) else None


def present(fact: Fact | None) -> bool:
    """True when the fact is known and says "yes": not unknown, not false, not empty."""
    if fact is None or not fact.known:
        return False
    value = fact.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() not in ("", "no", "none", "false")
    if isinstance(value, list):
        return bool(value)
    return True


def all_facts(country: Country) -> list[tuple[str, Fact]]:
    """The facts a profile records, in schema order."""
    out = []
    for path in fact_paths():
        fact = fact_at(country, path)
        if fact is not None:
            out.append((path, fact))
    return out
