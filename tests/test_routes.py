"""The route card's routes (routes.py): only what a profile records, a caution where a fact is
weak, and the card itself: one page for every country, on the country's paper."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

import curriculum
from curriculum.catalogue import Translator
from curriculum.facts import all_facts
from curriculum.models import Fact
from curriculum.pack import Variant
from curriculum.render import render_route_card
from curriculum.routes import needs_check, routes


def _fact(confidence: str, as_of: str | None) -> Fact:
    return Fact(value="x", source=[] if confidence == "unverified" else ["s"], as_of=as_of,
                confidence=confidence)


@pytest.mark.parametrize("confidence, as_of, check", [
    ("verified", "2022", False),
    ("reported", "2021-06-19", False),
    ("reported", "2016-2022", False),  # the newest year counts
    ("verified", "2010-04", True),
    ("reported", "c. 2017", True),
    ("verified", "undated", False),
    ("reported", "undated", True),
    ("unverified", "2024", True),
])
def test_a_weak_or_old_fact_calls_for_a_check(mini, confidence, as_of, check):
    lib = curriculum.load(mini)  # dated 2026-01-15; figures older than 5 years are old
    assert needs_check(_fact(confidence, as_of), lib) is check


def test_routes_say_only_what_the_profile_records(mini):
    lib = curriculum.load(mini)
    found = {r.kind: r for r in routes(lib, "xa", Translator(lib, "en"))}
    assert list(found) == ["police-emergency", "hotline", "portal", "helpline"]
    assert found["police-emergency"].status == "unknown" and found["police-emergency"].phone is None
    assert found["hotline"].status == "unknown" and found["portal"].status == "unknown"
    helpline = found["helpline"]
    assert (helpline.status, helpline.name, helpline.phone) == ("recorded", "Test Helpline", "555")
    assert helpline.serves is None and helpline.takes_reports is None
    assert helpline.reaches_emergency is None and not helpline.check


def test_who_a_route_serves_and_what_it_does_come_from_its_facts(mini):
    profile = mini / "countries" / "xa.yaml"
    profile.write_text(profile.read_text().replace(
        '    number: {value: "555", source: test-doc, as_of: "2025", confidence: verified}\n',
        '    number: {value: "555", source: test-doc, as_of: "2025", confidence: verified}\n'
        '    serves: {value: children up to 18, source: test-doc, as_of: "2025", confidence: verified}\n'
        '    takes_reports: {value: false, source: test-doc, as_of: "2025", confidence: verified}\n'
        '    reaches_emergency: {value: true, source: test-doc, as_of: "2016", confidence: reported}\n'
        '  police:\n'
        '    emergency: {value: "999", source: test-doc, as_of: "2025", confidence: verified}\n'
        '  hotline:\n'
        '    exists: {value: false, source: test-doc, as_of: "2015", confidence: reported}\n'))
    lib = curriculum.load(mini)
    found = {r.kind: r for r in routes(lib, "xa", Translator(lib, "en"))}
    helpline = found["helpline"]
    assert (helpline.serves, helpline.takes_reports, helpline.reaches_emergency) == \
        ("children up to 18", False, True)
    assert found["police-emergency"].phone == "999"
    assert found["hotline"].status == "absent" and found["hotline"].check
    assert found["hotline"].as_of == "2015"
    pack = curriculum.plan(lib, Variant(audience="parents", country="xa", locale="en",
                                        edition="participant"))
    text = PdfReader(BytesIO(render_route_card(pack, lib.templates))).pages[0].extract_text()
    assert "call the police on 999" in text and "children up to 18" in text
    assert "Takes reports: no" in text and "Can send emergency help: yes" in text


def test_no_contact_is_printed_that_the_profile_does_not_hold(bundled):
    for country in bundled.countries.values():
        recorded = [str(f.value) for _, f in all_facts(country) if f.known]
        for locale in country.locales:
            for route in routes(bundled, country.id, Translator(bundled, locale)):
                for value in (route.phone, route.url):
                    if value is not None and locale == "en":
                        assert value in recorded, (country.id, route.kind, value)
                if route.status != "recorded":
                    assert route.phone is None and route.url is None and route.name is None


@pytest.mark.slow
@pytest.mark.parametrize("country", ["gb", "us", "br", "fr", "es", "za", "ke", "in", "et", "tw"])
def test_the_route_card_is_one_page_on_the_country_s_paper(bundled, country):
    first = bundled.countries[country].locales[0]
    if first != "en":  # in the country's own language too, the card keeps to one page
        local = curriculum.plan(bundled, Variant(audience="parents", country=country,
                                                 locale=first, edition="participant"))
        assert len(PdfReader(BytesIO(render_route_card(local, bundled.templates))).pages) == 1
    pack = curriculum.plan(bundled, Variant(audience="parents", country=country, locale="en",
                                            edition="participant"))
    reader = PdfReader(BytesIO(render_route_card(pack, bundled.templates)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    size = (round(float(box.width)), round(float(box.height)))
    assert size == ((612, 792) if country == "us" else (595, 842))
    text = reader.pages[0].extract_text()
    assert "What to do first" in text and "Do not look again" in text
    for route in pack.routes:
        if route.phone:
            assert route.phone.split(" (")[0] in text
    if country == "et":  # nothing recorded to call: the card asks, and prints no number
        assert "ask your facilitator" in text and "Phone:" not in text
