"""Stage 1, load: files -> a Library, every file's own problems at once, nothing half-loaded."""
from __future__ import annotations

import pytest

from curriculum import Problems, load
from curriculum.loader import read


def test_the_small_library_loads_whole(mini):
    lib = load(mini)
    assert sorted(lib.modules) == ["advanced-only", "deep", "intro", "police-only"]
    assert sorted(lib.countries) == ["xa", "xb"] and lib.level_ids[0] == "foundational"
    assert lib.diagnostics == () and lib.translations["fr"]
    assert lib.origin("module", "intro").place("sections", 1, "id")[1] == 17


def test_every_broken_file_is_reported_and_the_rest_still_load(mini):
    (mini / "modules" / "intro.yaml").write_text("id: intro\ntitle: [unclosed\n")
    (mini / "countries" / "xa.yaml").write_text("id: xa\nname: Testland A\nbogus: 1\n")
    lib = read(mini)
    places = {d.path for d in lib.diagnostics}
    assert {"modules/intro.yaml", "countries/xa.yaml"} <= places
    assert ("module", "intro") in lib.broken and "deep" in lib.modules
    with pytest.raises(Problems) as caught:
        load(mini)
    assert {d.path for d in caught.value.diagnostics} == places


def test_a_po_file_that_is_not_utf8_is_reported_at_the_byte(mini):
    po = mini / "locales" / "fr" / "modules.po"
    po.write_bytes(po.read_bytes() + b'\nmsgid "x\xff"\nmsgstr "y"\n')
    with pytest.raises(Problems) as caught:
        load(mini)
    assert any(d.path == "locales/fr/modules.po" and "not valid UTF-8" in d.message
               for d in caught.value.diagnostics)


def test_not_a_library(tmp_path):
    with pytest.raises(Problems) as caught:
        load(tmp_path)
    assert any("no library.yaml" in d.message for d in caught.value.diagnostics)
