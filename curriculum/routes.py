"""A country's reporting routes, as the take-home route card and the pack list them.

Pure: the library, a country and a translator in, a list of `pack.PackRoute` out. Each entry
holds only what the profile records: the route's name and contact (web address, phone or
number), hours, who it serves, whether it takes reports and whether it reaches emergency
services. Where the profile records nothing, the entry says so (`status: unknown`) and the card
asks the reader to get it from the facilitator; nothing is ever filled in from elsewhere.

Which routes a card lists, in this order:

- the police emergency number, the national hotline and the child helpline, always (recorded,
  recorded as absent, or unknown);
- the international reporting portal when it is recorded, or when no hotline is (so that the
  reader knows whether there is one);
- the police's online reporting, a dedicated police unit, other official routes and a
  prevention service for people worried about their own thoughts, when recorded.

A route carries a caution ("check that it still operates") when one of its facts is
unverified, undated and not verified, or older than the library's age limit for figures
(context.route_caution, the rule module text follows too).
"""
from __future__ import annotations

from typing import Any

from . import interface as ui
from .catalogue import Translator
from .context import fact_text, format_as_of, route_caution
from .facts import fact_at, present
from .library import Library
from .models import Country, Fact
from .pack import PackRoute, RouteKind


# kind -> the group of facts that describes the route (exists, name, url, phone or number, hours)
_GROUPS: dict[RouteKind, str] = {
    "hotline": "reporting.hotline",
    "portal": "reporting.international_portal",
    "helpline": "reporting.helpline",
}
# kind -> the one fact that is the route (its value names or reaches it)
_SINGLE: dict[RouteKind, str] = {
    "police-emergency": "reporting.police.emergency",
    "police-online": "reporting.police.online_reporting",
    "police-unit": "reporting.police.dedicated_unit",
    "other": "reporting.other",
    "prevention": "response.offender_prevention",
}
ALWAYS: tuple[RouteKind, ...] = ("police-emergency", "hotline", "helpline")


def needs_check(fact: Fact, lib: Library) -> bool:
    """True when a fact is too weakly recorded to print without "check that it still operates"
    (the one rule, context.route_caution, that module text follows too)."""
    return route_caution(fact, lib.meta.date, lib.meta.figure_max_age_years)


def routes(lib: Library, country_id: str, tr: Translator) -> list[PackRoute]:
    country = lib.countries[country_id]
    def weak(fact: Fact) -> bool:
        return needs_check(fact, lib)

    out = [_single(country, "police-emergency", tr, weak)]
    hotline = _group(country, "hotline", tr, weak)
    out.append(hotline)
    portal = _group(country, "portal", tr, weak)
    if portal.status == "recorded" or hotline.status != "recorded":
        out.append(portal)
    out.append(_group(country, "helpline", tr, weak))
    for kind in ("police-online", "police-unit", "other", "prevention"):
        entry = _single(country, kind, tr, weak)
        if entry.status == "recorded":
            out.append(entry)
    return out


def _text(country: Country, path: str, tr: Translator) -> str | None:
    fact = fact_at(country, path)
    if fact is None or not fact.known:
        return None
    return fact_text(tr, country.id, path, fact.value)


def _flag(country: Country, path: str) -> bool | None:
    """A yes/no fact: True, False, or None when the profile does not say."""
    fact = fact_at(country, path)
    if fact is None or not fact.known:
        return None
    return present(fact)


def _dating(facts: list[Fact], tr: Translator, caution) -> dict[str, Any]:
    """check, confidence and as_of of a route: those of the first fact that calls for a check,
    else of its first fact; in the locale."""
    weak = [f for f in facts if caution(f)]
    fact = (weak or facts)[0]
    as_of = fact.as_of or "undated"
    return {"check": bool(weak), "confidence": tr.ui(fact.confidence),
            "dated": as_of != "undated",
            "as_of": tr.ui(ui.UNDATED) if as_of == "undated" else format_as_of(as_of, tr.locale)}


def _group(country: Country, kind: RouteKind, tr: Translator, caution) -> PackRoute:
    base = _GROUPS[kind]
    exists = fact_at(country, f"{base}.exists")
    fields = {name: fact_at(country, f"{base}.{name}")
              for name in ("name", "url", "phone", "number", "hours")}
    shown = [f for f in fields.values() if f is not None and f.known]
    if exists is not None and exists.known and not present(exists):
        return PackRoute(kind=kind, status="absent", **_dating([exists], tr, caution))
    if not shown and not present(exists):
        return PackRoute(kind=kind, status="unknown")
    return PackRoute(
        kind=kind, status="recorded", name=_text(country, f"{base}.name", tr),
        url=_text(country, f"{base}.url", tr),
        phone=_text(country, f"{base}.phone", tr) or _text(country, f"{base}.number", tr),
        hours=_text(country, f"{base}.hours", tr), serves=_text(country, f"{base}.serves", tr),
        takes_reports=_flag(country, f"{base}.takes_reports"),
        reaches_emergency=_flag(country, f"{base}.reaches_emergency"),
        **_dating([f for f in [*shown, exists] if f is not None and f.known], tr, caution))


def _single(country: Country, kind: RouteKind, tr: Translator, caution) -> PackRoute:
    path = _SINGLE[kind]
    fact = fact_at(country, path)
    if fact is None or not fact.known or not present(fact):
        return PackRoute(kind=kind, status="unknown")
    value = fact_text(tr, country.id, path, fact.value)
    # the emergency number is a contact; the others name a service (which may hold its address)
    emergency = kind == "police-emergency"
    return PackRoute(kind=kind, status="recorded", phone=value if emergency else None,
                     name=None if emergency else value, **_dating([fact], tr, caution))
