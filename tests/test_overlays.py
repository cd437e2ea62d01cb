"""Adapting without forking: a country's overlay adds or replaces sections of a shared module;
it is validated like a module, the plan and manifest say what it supplied, upstream changes to
a replaced section are reported, and its texts have their own catalogue. Profiles hold local
services, which packs print."""
from __future__ import annotations

import json

from curriculum import Variant, load, plan, translate

OVERLAY = """by: Testland B child-protection network
sections:
  - id: local-referrals
    after: start
    title: Who to call in Testland B
    minutes: 5
    body: |
      Call the network's duty officer first; the national routes follow.
  - id: no-hotline-xb
    replaces: no-hotline
    upstream: There is no hotline yet.
    title: Without a hotline, in Testland B
    minutes: 5
    body: |
      Report to the police station in your district.
"""


def _overlay(mini, text=OVERLAY):
    folder = mini / "overlays" / "xb"
    folder.mkdir(parents=True)
    (folder / "intro.yaml").write_text(text)


def _pack(mini, country="xb"):
    return plan(load(mini), Variant(audience="parents", country=country, locale="en",
                                    edition="facilitator"))


def test_an_overlay_adds_and_replaces_sections_for_its_country_only(mini):
    _overlay(mini)
    module = _pack(mini).modules[0]
    ids = [s.id for s in module.sections]
    assert ids.index("local-referrals") == ids.index("start") + 1
    added = next(s for s in module.sections if s.id == "local-referrals")
    assert added.overlay == "Testland B child-protection network"
    other = _pack(mini, country="xa").modules[0]
    assert "local-referrals" not in [s.id for s in other.sections]
    data = _pack(mini).plan()
    assert {"id": "local-referrals", "overlay": "Testland B child-protection network"}.items() <= \
        next(s for s in data["modules"][0]["sections"] if s["id"] == "local-referrals").items()


def test_the_manifest_says_what_an_overlay_supplied(mini, cli, tmp_path):
    _overlay(mini)
    result = cli("build", "-a", "parents", "-c", "xb", "-l", "en", "-e", "participant", "-f",
                 "html", "--out", tmp_path / "out", root=mini)
    assert result.code == 0, result.text
    manifest = json.loads((tmp_path / "out" / "en" / "xb" / "parents" / "participant" /
                           "manifest.json").read_text())
    assert {"module": "intro", "section": "local-referrals",
            "by": "Testland B child-protection network"} in manifest["overlays"]


def test_an_overlay_is_validated_at_its_lines(mini, cli):
    _overlay(mini, OVERLAY.replace("after: start", "after: strat").replace("    minutes: 5\n",
                                                                         "    minutes: five\n", 1))
    result = cli("validate", root=mini)
    assert result.code == 1
    assert "overlays/xb/intro.yaml:6:" in result.text  # minutes: five, at its line


def test_an_unknown_anchor_is_reported(mini, cli):
    _overlay(mini, OVERLAY.replace("after: start", "after: strat"))
    result = cli("validate", root=mini)
    assert result.code == 1 and "unknown section 'strat'" in result.text
    assert "did you mean 'start'" in result.text


def test_upstream_changes_to_a_replaced_section_are_reported(mini, cli):
    _overlay(mini)
    assert "upstream changed" not in cli("validate", root=mini).text
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("There is no hotline yet.",
                                                 "No hotline exists yet; ask the police."))
    result = cli("validate", root=mini)
    assert "warning: upstream changed the section 'no-hotline' that this overlay replaces" \
        in result.text


def test_overlay_texts_have_their_own_catalogue_in_the_country_s_locales(mini):
    _overlay(mini)
    lib = load(mini)
    assert "overlays/xb.po" in translate.catalogues(lib, "fr")  # Testland B uses fr
    translate.update(lib, "fr")
    po = (mini / "locales" / "fr" / "overlays" / "xb.po").read_text()
    assert 'msgctxt "overlay/xb/intro/sections/local-referrals/title"' in po
    module_po = (mini / "locales" / "fr" / "modules" / "intro.po").read_text()
    assert "local-referrals" not in module_po


def test_local_services_are_printed_beside_the_routes(mini):
    from curriculum.render import render_html
    profile = mini / "countries" / "xb.yaml"
    profile.write_text(profile.read_text() + """services:
  - name: Testland B family centre
    serves: families of children who have been harmed
    contact: "phone 555 0100, weekdays"
    area: the capital
    source: test-doc
    as_of: "2025"
    confidence: reported
""")
    lib = load(mini)
    pack = _pack(mini)
    assert pack.services[0].name == "Testland B family centre"
    html = render_html(pack, lib.templates)
    assert "Testland B family centre" in html and "families of children who have been harmed" in html
