"""Tailoring: what is in a pack, in what order, for how long, and why the rest is out."""
from __future__ import annotations

import pytest

from curriculum import load, plan
from curriculum.pack import Variant
from curriculum.tailor import TailorError, tailor


def variant(audience="parents", country="xa", locale="en", edition="facilitator"):
    return Variant(audience=audience, country=country, locale=locale, edition=edition)


def reasons(pack):
    return {e.id: (e.code, e.reason) for e in pack.excluded}


def test_modules_and_sections_are_chosen_with_reasons(mini):
    pack = tailor(load(mini), variant())
    assert [m.id for m in pack.modules] == ["intro"]
    why = reasons(pack)
    assert why["police-only"] == ("audience", "written for law-enforcement")
    assert why["advanced-only"][0] == "level"
    assert "Testland A is foundational" in why["advanced-only"][1]
    assert why["intro/for-police"][0] == "audience"
    assert why["deep"][0] == "time"
    sections = [s.id for s in pack.modules[0].sections]
    assert sections == ["start", "helpline", "no-hotline", "note", "safeguarding"]


def test_level_is_derived_from_facts(mini):
    lib = load(mini)
    a, b = tailor(lib, variant(country="xa")), tailor(lib, variant(country="xb"))
    assert a.country.level == "foundational"  # csam_law is only "partial"
    assert b.country.level == "advanced"
    assert "advanced-only" in [m.id for m in b.modules]
    assert reasons(b)["intro/no-hotline"] == (
        "fact", "only where reporting.hotline.exists is absent; Testland B has it")


def test_level_override_is_used_and_reported(mini):
    path = mini / "countries" / "xa.yaml"
    path.write_text(path.read_text() + "level_override: {level: advanced, reason: Testing.}\n")
    pack = tailor(load(mini), variant())
    assert pack.country.level == "advanced"
    assert pack.country.derived_level == "foundational"
    assert pack.country.override_reason == "Testing."


def test_time_budget_drops_optional_modules_first_and_a_bigger_budget_keeps_them(mini):
    lib = load(mini)
    tight = tailor(lib, variant())
    assert tight.budget_minutes == 30 and tight.minutes <= 30
    roomy = tailor(lib, variant(), minutes=120)
    assert [m.id for m in roomy.modules] == ["intro", "deep"]
    assert roomy.minutes == sum(m.minutes for m in roomy.modules)


def test_core_modules_stay_even_over_budget(mini):
    pack = tailor(load(mini), variant(), minutes=15)
    assert [m.id for m in pack.modules] == ["intro"]
    assert pack.over_budget


def test_a_module_whose_prerequisite_is_out_is_out(mini):
    intro = mini / "modules" / "intro.yaml"
    intro.write_text(intro.read_text().replace("audiences: [parents, law-enforcement]",
                                               "audiences: [parents]"))
    pack = tailor(load(mini), variant(audience="law-enforcement"), minutes=600)
    assert reasons(pack)["deep"] == ("prerequisite", "needs intro, which is not in this pack")


def test_prerequisites_come_first(mini):
    lib = load(mini)
    lib.meta = lib.meta.model_copy(update={"sequence": ["deep", "intro"]})
    pack = tailor(lib, variant(), minutes=200)
    assert [m.id for m in pack.modules] == ["intro", "deep"]


def test_participant_edition_has_no_facilitator_material(mini):
    pack = tailor(load(mini), variant(edition="participant"))
    intro = pack.modules[0]
    assert all(s.edition != "facilitator" for s in intro.sections)
    assert all(q.correct is None and q.explanation is None for q in intro.quiz)
    assert all(a.facilitator is None for a in intro.activities)
    assert reasons(pack)["intro/note"] == ("edition", "facilitator edition only")
    assert [p.id for p in pack.intro] == ["about"]


def test_both_editions_take_the_same_time(mini):
    lib = load(mini)
    assert tailor(lib, variant()).minutes == tailor(lib, variant(edition="participant")).minutes


def test_agenda_splits_days_and_adds_breaks(mini):
    pack = tailor(load(mini), variant(audience="law-enforcement", country="xb"), minutes=400)
    days = {item.day for item in pack.agenda}
    assert days == {1, 2}  # a 90-minute day (09:00-10:30) in the test audience
    assert pack.agenda[0].start == "09:00" and pack.agenda[0].kind == "opening"
    assert pack.agenda[-1].kind == "closing"
    assert all(item.end <= "10:30" for item in pack.agenda)
    modules = [i for i in pack.agenda if i.kind == "module"]
    order = [i.module for n, i in enumerate(modules) if n == 0 or modules[n - 1].module != i.module]
    assert order == [m.id for m in pack.modules]
    split = [i for i in modules if i.parts > 1]
    assert split and {i.part for i in split if i.module == split[0].module} == {1, 2}


@pytest.mark.parametrize("bad", [{"audience": "nobody"}, {"country": "zz"}, {"locale": "de"},
                                 {"audience": "../../x"}])
def test_unknown_variant_parts_are_refused(mini, bad):
    with pytest.raises(TailorError):
        tailor(load(mini), variant(**bad))


def test_plan_json_has_the_documented_shape(mini):
    data = plan(load(mini), variant()).plan()
    assert set(data) >= {"variant", "modules", "excluded", "minutes"}
    assert data["variant"] == {"audience": "parents", "country": "xa", "locale": "en",
                               "edition": "facilitator"}
    module = data["modules"][0]
    assert set(module) >= {"id", "title", "minutes", "sections"}
    assert set(module["sections"][0]) >= {"id", "title"}
    assert set(data["excluded"][0]) >= {"id", "reason"}
    assert data["minutes"] == sum(m["minutes"] for m in data["modules"])
