"""Localisation: current translations are used, stale ones fall back and are listed; facts and
figures are filled in with their sources; what must be checked before delivery is listed."""
from __future__ import annotations

from curriculum import load, plan
from curriculum.pack import Variant
from curriculum.render import render_html


def pack_for(root, **kw):
    v = dict(audience="parents", country="xb", locale="fr", edition="facilitator")
    v.update(kw)
    return plan(load(root), Variant(**v))


def test_current_translation_is_used(mini):
    pack = pack_for(mini)
    assert pack.modules[0].title == "Introduction pour Testland B"


def test_stale_translation_falls_back_and_is_listed(mini):
    pack = pack_for(mini)
    start = next(s for s in pack.modules[0].sections if s.id == "start")
    assert start.body.startswith("Every image is a child")
    assert "module/intro/sections/start/body (stale)" in pack.plan()["fallbacks"]
    assert "module/intro/summary (untranslated)" in pack.plan()["fallbacks"]
    assert any(f.context.startswith("module/intro/sections/start/") for f in pack.fallbacks)


def test_fuzzy_translation_is_not_used(mini):
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text().replace('msgctxt "module/intro/title"',
                                         '#, fuzzy\nmsgctxt "module/intro/title"'))
    pack = pack_for(mini)
    assert pack.modules[0].title == "Introduction for Testland B"
    assert "module/intro/title (fuzzy)" in pack.plan()["fallbacks"]


def test_html_marks_fallback_text_with_its_language(mini):
    pack = pack_for(mini)
    html = render_html(pack, mini / "templates")
    assert '<html lang="fr"' in html
    assert 'id="m-intro--start" lang="en"' in html
    assert "Sommaire" in html  # an interface string from the PO file


def test_default_locale_has_no_fallbacks(mini):
    assert pack_for(mini, locale="en").fallbacks == []


def test_facts_and_figures_are_filled_in_with_sources(mini):
    pack = pack_for(mini, country="xa", locale="en")
    intro = pack.modules[0]
    bodies = "\n".join(s.body for s in intro.sections)
    assert "Call Test Helpline on 555." in bodies
    assert "42 things (Tester, March 2025)" in bodies
    assert intro.figures == ["test-figure"]
    assert "reporting.helpline.number" in intro.facts
    number = next(f for f in pack.facts if f.path == "reporting.helpline.number")
    assert (number.value, number.source, number.as_of, number.confidence) == (
        "555", ["test-doc"], "2025", "verified")
    assert [s.id for s in pack.sources] == ["test-doc"]


def test_check_before_delivery_lists_unverified_facts_contacts_and_the_profiles_own_items(mini):
    checks = pack_for(mini, country="xa", locale="en").check_before_delivery
    text = "\n".join(item.text for item in checks)
    assert "Child helpline: “Test Helpline” (recorded as reported, as of 2025)" in text
    assert "Child helpline, number: call or open “555” yourself" in text  # a contact detail
    assert "Ring the test helpline." in [item.text for item in checks]  # the profile's own item
    reported = next(i for i in checks if "Test Helpline" in i.text)
    assert reported.sources == ("test-doc",)  # the document to check it against


def test_routes_no_source_confirms_are_to_find_and_add_never_invented(mini):
    checks = pack_for(mini, country="xa", locale="en").check_before_delivery
    finds = [item.text for item in checks if item.kind == "find"]
    assert any("emergency number" in f for f in finds)
    assert any("adults worried about a child" in f for f in finds)
    assert any("remove images of themselves" in f for f in finds)
    assert all("Find and add:" in f and "Testland A" in f for f in finds)


def test_unknown_fact_in_a_translation_is_caught_by_validation(mini, cli):
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text().replace("msgstr \"Introduction pour {{ country.name }}\"",
                                         "msgstr \"Introduction pour {{ country.nom }}\""))
    result = cli("validate", root=mini)
    assert result.code == 1
    assert "locales/fr/modules.po:7:1: country has no fact 'nom'" in result.text
    assert "(in the translation of module/intro/title)" in result.text


def test_packs_below_a_translated_share_can_be_held_back_and_are_reported(mini, cli, tmp_path):
    import json
    out = tmp_path / "out"
    result = cli("build", "-a", "parents", "-c", "xb", "-e", "participant", "-f", "html",
                 "--min-translated", "50", "--out", out, root=mini)
    assert result.code == 0, result.text
    assert "held back: fr/xb/parents/participant" in result.text
    assert (out / "en" / "xb" / "parents" / "participant" / "index.html").exists()
    assert not (out / "fr" / "xb" / "parents" / "participant").exists()
    report = json.loads((out / "report.json").read_text())
    assert report["held"][0]["variant"] == "fr/xb/parents/participant"
    assert "below the 50% asked for" in report["held"][0]["reason"]


def test_by_default_every_language_is_built_and_says_how_much_is_translated(mini):
    pack = pack_for(mini)
    html = render_html(pack, mini / "templates")
    assert pack.translated_share is not None and pack.translated_share < 0.5
    assert "% translated" in html and "not yet translated" in html


def test_a_knowledge_check_without_module_quizzes_is_localised(bundled):
    """Parents' courses ask no module quizzes, only the knowledge check: its questions are
    translated and filled in all the same."""
    pack = plan(bundled, Variant(audience="parents", country="sn", locale="fr",
                                 edition="facilitator"))
    assert pack.knowledge_check and not any(m.quiz for m in pack.modules)
    first = pack.knowledge_check[0]
    assert first.question.startswith("Un reportage indique"), first.question
    assert not any("{{" in q.question or "{{" in (q.explanation or "") or
                   any("{{" in a for a in q.answers) for q in pack.knowledge_check)
