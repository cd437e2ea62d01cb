from curriculum.checks import references
from helpers import edit, run


def test_clean(mini):
    for check in (references.levels, references.audiences, references.figures,
                  references.countries, references.modules):
        assert run(mini, check) == []


def test_unknown_audience_with_did_you_mean(mini):
    edit(mini, "modules/intro.yaml", "audiences: [parents,", "audiences: [parent,")
    found = run(mini, references.modules)
    assert any("modules/intro.yaml:4:" in f and "unknown audience 'parent'" in f
               and "did you mean 'parents'" in f for f in found)


def test_unknown_fact_in_a_condition(mini):
    edit(mini, "modules/intro.yaml", "has: [reporting.helpline.number]",
         "has: [reporting.helpline.numbr]")
    assert any("unknown fact 'reporting.helpline.numbr'" in f
               for f in run(mini, references.modules))


def test_unknown_source_of_a_fact(mini):
    edit(mini, "countries/xa.yaml", "name: {value: Test Helpline, source: test-doc",
         "name: {value: Test Helpline, source: test-dok")
    assert any("countries/xa.yaml:" in f and "unknown source 'test-dok'" in f
               for f in run(mini, references.countries))


def test_a_duplicate_section_id(mini):
    edit(mini, "modules/intro.yaml", "  - id: helpline\n", "  - id: start\n")
    assert any("the id 'start' is used twice in sections" in f
               for f in run(mini, references.modules))
