from curriculum.checks import renders
from helpers import edit, run


def test_clean(mini):
    assert run(mini, renders.check) == []


def test_an_unguarded_unknown_fact_names_the_countries(mini):
    edit(mini, "modules/intro.yaml", "    when: {has: [reporting.helpline.number]}\n", "")
    found = run(mini, renders.check)
    assert any("country.reporting.helpline.name is unknown for Testland B" in f
               and "modules/intro.yaml:" in f for f in found), found


def test_a_translation_handed_on_as_bad_is_not_rendered_again(mini):
    edit(mini, "modules/intro.yaml", "    when: {has: [reporting.helpline.number]}\n", "")
    context = "module/intro/sections/helpline/body"
    assert run(mini, renders.check) != []
    assert run(mini, renders.check, frozenset({("en", context), ("fr", context)})) == []


# the library's own parts are shown in every pack: they render for every country as module
# texts do, so a fact one profile lacks fails validate at library.yaml's line, not the build
LIBRARY_PART = """  - id: helpline
    title: The helpline
    body: |
      Before the course, note the helpline.
      It is {{ country.reporting.helpline.name }}.
"""


def test_a_library_part_using_a_fact_one_profile_lacks_is_found(mini):
    edit(mini, "library.yaml", "  - id: safeguarding\n", LIBRARY_PART + "  - id: safeguarding\n")
    found = run(mini, renders.check)
    assert any(f.startswith("library.yaml:17:16: country.reporting.helpline.name is unknown "
                            "for Testland B") for f in found), found
    assert not any("Testland A" in f for f in found), found


def test_a_guarded_library_part_is_clean(mini):
    edit(mini, "library.yaml", "  - id: safeguarding\n", LIBRARY_PART.replace(
        "    body:", "    when: {has: [reporting.helpline.name]}\n    body:")
        + "  - id: safeguarding\n")
    assert run(mini, renders.check) == []


def test_a_library_part_that_fails_to_render_is_found_at_its_line(mini):
    edit(mini, "library.yaml", "      A pack for {{ audience.name }} in {{ country.name }}.\n",
         "      A pack for {{ audience.name }} in {{ country.name }}.\n"
         "      {{ 10 // (country.name|length - country.name|length) }}\n")
    found = run(mini, renders.check)
    assert any(f.startswith("library.yaml:13:") and "ZeroDivisionError" in f
               for f in found), found


def test_an_opening_part_renders_for_each_country_too(mini):
    edit(mini, "library.yaml", "schedule:", "opening:\n  - id: welcome\n    title: Welcome\n"
         "    body: |\n      Call {{ country.reporting.helpline.number }}.\nschedule:")
    found = run(mini, renders.check)
    assert any(f.startswith("library.yaml:") and "helpline.number is unknown for Testland B"
               in f for f in found), found


def test_an_overlay_renders_in_the_same_pass(mini):
    folder = mini / "overlays" / "xb"
    folder.mkdir(parents=True)
    (folder / "intro.yaml").write_text(
        "by: a network\nsections:\n  - id: local\n    after: start\n    title: Local\n"
        "    minutes: 5\n    body: |\n      Call {{ country.reporting.helpline.number }}.\n")
    found = run(mini, renders.check)
    assert any(f.startswith("overlays/xb/intro.yaml:8:") and
               "helpline.number is unknown for Testland B" in f for f in found), found
