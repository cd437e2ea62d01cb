"""Scripts beyond Latin: Arabic (right to left), Chinese, Khmer and Amharic render with fonts
installed as dependencies, read back from the PDF; a character no font draws fails the pack."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from curriculum import Variant, load, plan
from curriculum.render import MissingGlyphs, render_html, render_pdf

SAMPLES = {"Arabic": "حماية الأطفال", "Chinese": "兒童保護", "Khmer": "ការការពារកុមារ",
           "Amharic": "የልጆች ጥበቃ"}


def _pack(mini, text, locale="en"):
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("There is no hotline yet.",
                                                 f"There is no hotline yet. {text}"))
    lib = load(mini)
    return lib, plan(lib, Variant(audience="parents", country="xa", locale=locale,
                                  edition="participant"))


def test_every_script_is_drawn_and_read_back(mini):
    lib, pack = _pack(mini, " ".join(SAMPLES.values()))
    pdf = render_pdf(pack, render_html(pack, lib.templates), lib.templates)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for script, sample in SAMPLES.items():
        assert sample in text, script


def test_a_character_no_font_draws_fails_the_pack(mini):
    lib, pack = _pack(mini, "\U00013000")  # an Egyptian hieroglyph: no font here has it
    with pytest.raises(MissingGlyphs, match="U\\+13000"):
        render_pdf(pack, render_html(pack, lib.templates), lib.templates)


def test_a_right_to_left_locale_marks_the_page(mini):
    (mini / "locales" / "ar").mkdir()
    (mini / "locales" / "ar" / "locale.yaml").write_text(
        'id: ar\nname: "العربية"\nenglish_name: Arabic\ndirection: rtl\n')
    country = mini / "countries" / "xa.yaml"
    country.write_text(country.read_text().replace("locales: [en]", "locales: [en, ar]"))
    lib = load(mini)
    pack = plan(lib, Variant(audience="parents", country="xa", locale="ar", edition="participant"))
    assert '<html lang="ar" dir="rtl">' in render_html(pack, lib.templates)
