from curriculum.checks import translations
from curriculum.checks.base import Context
from curriculum.diagnostics import Collector
from curriculum.loader import read


def test_a_broken_translation_is_reported_at_its_po_line_and_handed_on(mini):
    po = mini / "locales" / "fr" / "modules.po"
    text = po.read_text()
    assert 'msgstr "Introduction pour {{ country.name }}"' in text
    po.write_text(text.replace('msgstr "Introduction pour {{ country.name }}"',
                               'msgstr "Introduction pour {{ country.nme }}"'))
    lib = read(mini)
    c = Context(lib, Collector(lib.root))
    bad = translations.check(c)
    assert ("fr", "module/intro/title") in bad
    found = [d.text() for d in c.problems.items]
    assert any(f.startswith("locales/fr/modules.po:") and "module/intro/title" in f
               for f in found), found


def test_clean(mini):
    lib = read(mini)
    c = Context(lib, Collector(lib.root))
    assert translations.check(c) == frozenset() and c.problems.items == []
