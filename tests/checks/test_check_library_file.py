from curriculum.checks import library_file
from helpers import edit, run


def test_the_bundled_mini_library_is_clean(mini):
    assert run(mini, library_file.check) == []


def test_a_module_listed_twice_and_an_unknown_one(mini):
    edit(mini, "library.yaml", "sequence: [intro,", "sequence: [intro, intro, nope,")
    found = run(mini, library_file.check)
    assert any("'intro' is listed twice in the sequence" in f for f in found)
    assert any("library.yaml:7:" in f and "unknown module 'nope'" in f for f in found)


def test_a_default_locale_without_a_folder(mini):
    edit(mini, "library.yaml", "default_locale: en", "default_locale: de")
    assert any("locales/de/" in f for f in run(mini, library_file.check))
