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
