"""Levels derived from facts: an unknown or unverified fact never raises a level; an override
is kept beside the derived level with its reason."""
from __future__ import annotations

from curriculum import load
from curriculum.levels import derive


def test_levels_follow_the_facts(mini):
    lib = load(mini)
    assert derive(lib.levels, lib.countries["xb"]).level == "advanced"
    xa = derive(lib.levels, lib.countries["xa"])
    assert xa.level == "foundational" and xa.blocking  # csam_law is 'partial'


def test_an_unverified_fact_does_not_raise_a_level(mini):
    path = mini / "countries" / "xb.yaml"
    path.write_text(path.read_text().replace(
        "csam_law: {value: true, source: test-doc, as_of: \"2025\", confidence: verified}",
        "csam_law: {value: true, as_of: \"2025\", confidence: unverified}"))
    lib = load(mini)
    d = derive(lib.levels, lib.countries["xb"])
    assert d.level == "foundational" and any("law" in u for u in d.unknown)
    assert d.unknown_keys and d.unknown_keys[0][0] == "developing"


def test_an_override_keeps_the_derived_level_and_its_reason(mini):
    path = mini / "countries" / "xa.yaml"
    path.write_text(path.read_text() + "level_override:\n  level: developing\n  reason: Because.\n")
    lib = load(mini)
    d = derive(lib.levels, lib.countries["xa"])
    assert (d.level, d.derived, d.override_reason) == ("developing", "foundational", "Because.")
