"""`curriculum translate`: catalogues in step with the library, translations kept, changed texts
fuzzy with their old wording, status counted."""
from __future__ import annotations

from curriculum import interface, load, translate


def test_catalogues_hold_the_interface_the_library_and_each_module(mini):
    lib = load(mini)
    names = translate.catalogues(lib)
    assert {"interface.po", "library.po", "modules/intro.po"} <= set(names)
    interface_ids = {e.msgid for e in names["interface.po"]}
    assert set(interface.RUNTIME) <= interface_ids and "Contents" in interface_ids
    contexts = {e.context for e in names["modules/intro.po"]}
    assert "module/intro/sections/start/body" in contexts


def test_update_keeps_translations_and_marks_changes_fuzzy(mini):
    lib = load(mini)
    written, others = translate.update(lib, "fr")
    assert written and [p.name for p in others] == ["modules.po"]
    intro = (mini / "locales" / "fr" / "modules" / "intro.po").read_text()
    assert 'msgstr "Introduction pour {{ country.name }}"' in intro
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("title: Introduction for {{ country.name }}",
                                                 "title: An introduction for {{ country.name }}"))
    translate.update(load(mini), "fr")
    intro = (mini / "locales" / "fr" / "modules" / "intro.po").read_text()
    assert "#, fuzzy" in intro and '#| msgid "Introduction for {{ country.name }}"' in intro


def test_status_counts_translated_stale_and_untranslated(mini):
    rows = {r.catalogue: r for r in translate.status(load(mini), ["fr"])}
    intro = rows["modules/intro.po"]
    assert intro.translated >= 1 and intro.stale >= 1 and intro.untranslated >= 1
    assert intro.total == intro.translated + intro.stale + intro.untranslated


POEDIT_HEADER = '''# Translator's own note at the top.
msgid ""
msgstr ""
"Project-Id-Version: Test library 1.0\\n"
"PO-Revision-Date: 2026-03-02 10:15+0100\\n"
"Last-Translator: Ana Translator <ana@example.org>\\n"
"Language-Team: Équipe FR <fr@example.org>\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Generator: Poedit 3.4.2\\n"
"X-Translation-Review: reviewed by Ana, 2026-03\\n"

'''


def _updated(mini):
    from curriculum import load
    translate.update(load(mini), "fr")
    return (mini / "locales" / "fr" / "modules" / "intro.po").read_text()


def test_update_keeps_what_poedit_and_weblate_write(mini):
    """Header fields, translator comments, flags and previous msgids survive an update."""
    intro = mini / "locales" / "fr" / "modules" / "intro.po"
    intro.parent.mkdir(parents=True, exist_ok=True)
    intro.write_text(POEDIT_HEADER + '''# Revisar con la ONG: check the name with our partner.
#, no-wrap
msgctxt "module/intro/title"
msgid "Introduction for {{ country.name }}"
msgstr "Introduction pour {{ country.name }}"
''')
    text = _updated(mini)
    for kept in ("# Translator's own note at the top.", "Last-Translator: Ana Translator",
                 "Language-Team: Équipe FR", "X-Generator: Poedit 3.4.2",
                 "PO-Revision-Date: 2026-03-02 10:15+0100", "Plural-Forms: nplurals=2",
                 "X-Translation-Review: reviewed by Ana", "# Revisar con la ONG",
                 "#, no-wrap"):
        assert kept in text, kept
    assert _updated(mini) == text  # and a second update changes nothing


def test_a_changed_text_keeps_a_valid_previous_msgid(mini):
    import polib
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("      Every image is a child who needs help.",
                                                 "      Every image is a child who needs\n"
                                                 "      help, today."))
    text = _updated(mini)
    catalogue = polib.pofile(text)  # the whole file still parses
    entry = next(e for e in catalogue if e.msgctxt == "module/intro/sections/start/body")
    assert "fuzzy" in entry.flags and entry.previous_msgid
    assert entry.msgstr == "Une ancienne version de l'ouverture.\n"


def test_inserting_an_objective_moves_no_translation(mini):
    """Objectives are keyed by their text: one inserted at the top shifts nothing."""
    from curriculum import load
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text() + '''
msgctxt "module/intro/objectives"
msgid "Know the helpline."
msgstr "Connaître la ligne d'écoute."
''')
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("objectives:\n  - Know the helpline.",
                                                 "objectives:\n  - Know the hotline.\n"
                                                 "  - Know the helpline."))
    lib = load(mini)
    translate.update(lib, "fr")
    import polib
    entries = {(e.msgctxt, e.msgid): e for e in
               polib.pofile(str(mini / "locales" / "fr" / "modules" / "intro.po"))}
    helpline = entries[("module/intro/objectives", "Know the helpline.")]
    assert helpline.msgstr == "Connaître la ligne d'écoute." and "fuzzy" not in helpline.flags
    hotline = entries[("module/intro/objectives", "Know the hotline.")]
    assert hotline.msgstr == ""  # new, not someone else's translation
    from curriculum import Variant, plan
    pack = plan(load(mini), Variant(audience="parents", country="xb", locale="fr",
                                    edition="facilitator"))
    texts = [o.text for o in pack.modules[0].objectives]
    assert texts == ["Know the hotline.", "Connaître la ligne d'écoute."]


def test_no_false_format_flags(mini):
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("What this course is about.",
                                                 "What 27% of this course is about."))
    translate.update(__import__("curriculum").load(mini), "fr")
    text = (mini / "locales" / "fr" / "modules" / "intro.po").read_text()
    assert "python-format" not in text
    interface = (mini / "locales" / "fr" / "interface.po").read_text()
    assert "#, python-brace-format" in interface  # {placeholders} are held to by msgfmt


def test_the_template_catalogue_has_source_references(mini):
    from curriculum import load
    written = translate.templates(load(mini))
    pot = (mini / "locales" / "templates" / "modules" / "intro.pot").read_text()
    assert written and "#: modules/intro.yaml:2" in pot and 'msgstr ""' in pot


def test_a_new_language_is_one_command(mini, cli):
    result = cli("translate", "update", "--locale", "ar", root=mini)
    assert result.code == 0, result.text
    info = (mini / "locales" / "ar" / "locale.yaml").read_text()
    assert "direction: rtl" in info and "Arabic" in info
    assert (mini / "locales" / "ar" / "modules" / "intro.po").exists()
    status = cli("translate", "status", "--locale", "ar", root=mini)
    assert "draft" in status.out and "untranslated" in status.out.lower()


def test_packs_from_draft_translations_say_so(mini):
    from curriculum import Variant, load, plan
    from curriculum.render import render_html
    pack = plan(load(mini), Variant(audience="parents", country="xb", locale="fr",
                                    edition="facilitator"))
    assert pack.translation_reviewed is False  # the test catalogue has no review header
    assert "Translation not yet reviewed" in render_html(pack, mini / "templates")
    po = mini / "locales" / "fr" / "modules.po"
    text = po.read_text()
    po.write_text(text.replace('msgid ""\nmsgstr ""\n', 'msgid ""\nmsgstr ""\n'
                               '"X-Translation-Review: reviewed by A. Reviewer, 2026-02\\n"\n', 1))
    pack = plan(load(mini), Variant(audience="parents", country="xb", locale="fr",
                                    edition="facilitator"))
    assert pack.translation_reviewed is True


def test_a_broken_catalogue_blocks_only_its_locale(mini, cli, tmp_path):
    import json
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text() + '\nmsgid "unterminated\nmsgstr ""\n')
    out = tmp_path / "out"
    result = cli("build", "-a", "parents", "-c", "xb", "-e", "participant", "-f", "html",
                 "--out", out, root=mini)
    assert result.code == 1 and "Traceback" not in result.text
    assert "locales/fr/modules.po:" in result.text
    assert (out / "en" / "xb" / "parents" / "participant" / "index.html").exists()
    assert not (out / "fr" / "xb" / "parents" / "participant" / "index.html").exists()
    report = json.loads((out / "report.json").read_text())
    failure = report["failures"][0]
    assert failure["variant"] == "fr/xb/parents/participant" and "fr catalogues" in failure["error"]
    assert cli("validate", root=mini).code == 1  # validate still says what is wrong
