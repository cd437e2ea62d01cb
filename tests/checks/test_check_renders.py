from curriculum.checks import renders
from helpers import edit, run


def test_clean(mini):
    assert run(mini, renders.check) == []


def test_an_unguarded_unknown_fact_names_the_countries(mini):
    edit(mini, "modules/intro.yaml", "    when: {has: [reporting.helpline.number]}\n", "")
    found = run(mini, renders.check)
    assert any("country.reporting.helpline.name is unknown for Testland B" in f
               and "modules/intro.yaml:" in f for f in found), found


def test_a_translation_handed_on_as_bad_is_not_rendered_again(mini):
    edit(mini, "modules/intro.yaml", "    when: {has: [reporting.helpline.number]}\n", "")
    context = "module/intro/sections/helpline/body"
    assert run(mini, renders.check) != []
    assert run(mini, renders.check, frozenset({("en", context), ("fr", context)})) == []
