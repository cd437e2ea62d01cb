from curriculum.checks import completeness, old_figures, terminology
from helpers import edit, run


def test_terminology_finds_a_term_at_its_column(mini):
    (mini / "terminology.yaml").write_text(
        "rules:\n  - id: old-term\n    avoid: [kiddie stuff]\n    prefer: child sexual abuse "
        "material\n    why: it trivialises abuse\n")
    edit(mini, "modules/intro.yaml", "There is no hotline yet.", "No hotline for kiddie stuff.")
    found = run(mini, terminology.check)
    assert any("'kiddie stuff': it trivialises abuse" in f and "modules/intro.yaml:" in f
               for f in found), found


def test_a_quotation_is_exempt(mini):
    (mini / "terminology.yaml").write_text(
        "rules:\n  - id: old-term\n    avoid: [kiddie stuff]\n    prefer: x\n    why: y\n")
    edit(mini, "modules/intro.yaml", "There is no hotline yet.",
         'The statute says {{ quote("kiddie stuff") }}.')
    assert run(mini, terminology.check) == []


def test_an_old_figure(mini):
    found = run(mini, old_figures.check)
    edit(mini, "library.yaml", 'date: "2026-01-15"', 'date: "2046-01-15"')
    assert found == [] and any("years old" in f for f in run(mini, old_figures.check))


def test_completeness_finds_a_module_without_a_quiz(mini):
    text = (mini / "modules" / "intro.yaml").read_text()
    (mini / "modules" / "intro.yaml").write_text(text.split("quiz:")[0])
    assert any("has no quiz" in f for f in run(mini, completeness.check))


def test_each_locale_is_checked_with_its_own_rules(mini):
    (mini / "locales" / "fr" / "terminology.yaml").write_text(
        "locale: fr\nrules:\n  - id: pornographie\n    avoid: [pornographie infantile]\n"
        "    prefer: contenus d'abus sexuels sur enfants\n    why: suggère le consentement\n")
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text().replace('msgstr "Introduction pour {{ country.name }}"',
                                         'msgstr "La pornographie infantile pour {{ country.name }}"'))
    found = run(mini, terminology.check)
    assert any(f.startswith("locales/fr/modules.po:") and "pornographie infantile" in f
               and "(fr, in module/intro/title)" in f for f in found), found
