"""The shape of the package, and the bugs that a wrong shape caused: public names that a
submodule import replaced, state kept across calls, a rules file loaded on the side, a fallback
language taken from nowhere, a deadline that did nothing off the main thread, and a translatable
text that localisation forgot."""
from __future__ import annotations

import importlib
import pkgutil
import threading
import time

import pytest

import curriculum
from curriculum import templating, translate
from curriculum.pack import Translatable, Variant
from curriculum.render import render_html


def test_no_public_name_is_replaced_by_importing_a_submodule():
    before = {name: getattr(curriculum, name) for name in curriculum.__all__}
    for info in pkgutil.walk_packages(curriculum.__path__, "curriculum."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    after = {name: getattr(curriculum, name) for name in curriculum.__all__}
    assert [n for n in before if before[n] is not after[n]] == []
    assert callable(curriculum.build) and callable(curriculum.load)


def test_build_works_twice(mini, tmp_path):
    lib = curriculum.load(mini)
    for _ in range(2):
        report = curriculum.build(lib, tmp_path / "out", audiences=["parents"], countries=["xa"],
                                  editions=["participant"], formats=("html",))
        assert not report.failed and report.outcomes


def test_validate_twice_gives_the_same_findings(mini):
    deep = mini / "modules" / "deep.yaml"
    text = deep.read_text()
    assert "\nprerequisites: [intro]" in text
    deep.write_text(text.replace("\nprerequisites: [intro]", "\nprerequisites: [intro, nowhere]"))
    lib = curriculum.loader.read(mini)
    first, second = curriculum.validate(lib), curriculum.validate(lib)
    assert first == second and any("nowhere" in d.message for d in first)


def test_a_broken_terminology_file_is_an_error_at_its_place(mini, cli):
    (mini / "terminology.yaml").write_text("rules:\n  - id: x\n    avoid: [unclosed\n")
    result = cli("validate", root=mini)
    assert result.code == 1
    assert "terminology.yaml:4:1: invalid YAML" in result.text and "Traceback" not in result.text


def test_a_terminology_rule_with_a_wrong_field_is_reported(mini, cli):
    (mini / "terminology.yaml").write_text(
        "rules:\n  - id: x\n    avoid: [foo]\n    prefer: bar\n    why: because\n    prefr: y\n")
    result = cli("validate", root=mini)
    assert result.code == 1 and "terminology.yaml:6:5: unknown field 'prefr'" in result.text


def test_fallbacks_are_marked_with_the_library_s_own_language(mini):
    """A library written in French marks untranslated passages fr, not en."""
    meta = mini / "library.yaml"
    meta.write_text(meta.read_text().replace("default_locale: en", "default_locale: fr"))
    lib = curriculum.load(mini)
    pack = curriculum.plan(lib, Variant(audience="parents", country="xb", locale="en",
                                        edition="facilitator"))
    assert pack.library.default_locale == "fr" and pack.fallbacks
    html = render_html(pack, mini / "templates")
    assert 'lang="fr"' in html.split("<body", 1)[1]
    body = html.split("<body", 1)[1].replace('class="untranslated-badge" lang="en"', "")
    assert ' lang="en"' not in body  # only the "not yet translated" marks are in the pack's own


def test_the_deadline_holds_off_the_main_thread(monkeypatch):
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)
    text = ('{% set s = "x" * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}'
            '{% endfor %}{% endfor %}{% endfor %}')
    outcome: dict = {}

    def work():
        start = time.monotonic()
        try:
            templating.render(text, {})
            outcome["result"] = "finished"
        except templating.RenderTimeout:
            outcome["result"] = "stopped"
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcome.get("result") == "stopped" and outcome["seconds"] < 3


def test_the_deadline_does_not_fire_after_a_quick_render_off_the_main_thread(monkeypatch):
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.05)
    errors = []

    def work():
        try:
            for _ in range(50):
                templating.render("{{ 1 + 1 }}", {})
            time.sleep(0.2)  # a late timer must not strike here
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert errors == []


def test_every_translatable_text_of_a_pack_is_looked_up(mini):
    """A pseudo-locale translating every catalogue entry: the pack then holds no English text
    and no fallback. A text field that localise forgets, or that texts.py does not list for
    translators, fails here."""
    from curriculum.library import Message

    lib = curriculum.load(mini)
    pseudo = {}
    for entries in translate.catalogues(lib).values():
        for entry in entries:
            pseudo[(entry.context, entry.msgid)] = Message(entry.msgid, "⟪" + entry.msgid + "⟫",
                                                           False, "x.po", 1)
    lib.translations["fr"] = pseudo
    pack = curriculum.plan(lib, Variant(audience="parents", country="xb", locale="fr",
                                        edition="facilitator"))
    assert pack.fallbacks == []
    seen = 0

    def walk(item):
        nonlocal seen
        if isinstance(item, Translatable):
            for name in type(item).TEXTS:
                value = getattr(item, name)
                for text in value if isinstance(value, list) else [value]:
                    if text:
                        seen += 1
                        assert text.startswith("⟪"), (type(item).__name__, name, text)
            for name, value in item:
                for sub in value if isinstance(value, list) else [value]:
                    walk(sub)

    for module in pack.modules:
        walk(module)
    for part in pack.intro:
        walk(part)
    assert seen > 10
    # and every string field of a translatable piece is either translatable or not text
    for model in Translatable.__subclasses__():
        prose = {name for name, field in model.model_fields.items()
                 if field.annotation in (str, str | None) and name not in ("id", "context", "kind",
                                                                         "edition", "priority",
                                                                         "why", "source", "overlay")}
        assert prose <= set(model.TEXTS), (model.__name__, prose - set(model.TEXTS))


@pytest.mark.parametrize("module", ["validator", "checks.base", "checks.renders",
                                    "checks.translations"])
def test_validation_imports_no_later_stage(module):
    import ast
    from pathlib import Path

    path = Path(curriculum.__file__).parent / (module.replace(".", "/") + ".py")
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    assert not {n for n in names if n.split(".")[-1] in ("tailor", "localise", "render",
                                                         "builder")}
