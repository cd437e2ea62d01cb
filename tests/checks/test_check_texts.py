from curriculum.checks import texts
from helpers import edit, run


def test_clean(mini):
    assert run(mini, texts.check) == []


def test_an_unknown_name_at_its_column(mini):
    edit(mini, "modules/intro.yaml", "Call {{ country.reporting.helpline.name }}",
         "Call {{ country.reporting.helpline.nam }}")
    found = run(mini, texts.check)
    assert any("modules/intro.yaml:22:" in f and "helpline.nam" in f for f in found), found


def test_raw_html_in_a_body(mini):
    edit(mini, "modules/intro.yaml", "There is no hotline yet.", "There is <b>no</b> hotline.")
    assert any("raw HTML is not allowed" in f for f in run(mini, texts.check))


def test_an_unknown_figure(mini):
    edit(mini, "modules/intro.yaml", 'figure("test-figure")', 'figure("test-figur")')
    assert any("unknown figure 'test-figur'" in f and "did you mean 'test-figure'" in f
               for f in run(mini, texts.check))
