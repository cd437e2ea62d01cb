"""How two packs differ: `curriculum plan ... --compare OTHER`, where OTHER is an audience or a
country. The shared and distinct sections, and the overlap (shared / all sections)."""
from __future__ import annotations

from .errors import CurriculumError
from .library import Library
from .pack import Pack, Variant


class CompareError(CurriculumError):
    pass


def other_variant(lib: Library, variant: Variant, other: str) -> Variant:
    """The variant to compare with: the same one for another audience, or for another country
    (in the same locale when that country has it)."""
    if other in lib.audiences:
        return variant.model_copy(update={"audience": other})
    if other in lib.countries:
        locales = lib.countries[other].locales
        return variant.model_copy(update={
            "country": other,
            "locale": variant.locale if variant.locale in locales else locales[0]})
    raise CompareError(f"'{other}' is neither an audience nor a country")


def section_keys(pack: Pack) -> set[str]:
    return {f"{m.id}/{s.id}" for m in pack.modules for s in m.sections}


def compare_packs(a: Pack, b: Pack) -> dict:
    """How much two packs share: sections in both, in one only, and the Jaccard overlap."""
    sa, sb = section_keys(a), section_keys(b)
    union = sa | sb
    return {
        "a": a.variant.model_dump(), "b": b.variant.model_dump(),
        "a_sections": len(sa), "b_sections": len(sb),
        "shared": sorted(sa & sb), "only_a": sorted(sa - sb), "only_b": sorted(sb - sa),
        "overlap": round(len(sa & sb) / len(union), 3) if union else 0.0,
        "a_minutes": a.minutes, "b_minutes": b.minutes,
        "a_modules": [m.id for m in a.modules], "b_modules": [m.id for m in b.modules],
    }
