"""Each command on real files: output, formats and exit codes."""
from __future__ import annotations

import json
import shutil

from conftest import REPO


def test_validate_clean_library_prints_one_summary_line(cli):
    result = cli("validate", root=REPO)
    assert result.code == 0, result.text
    lines = result.out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ok: ")
    assert "16 modules" in lines[0] and "5 audiences" in lines[0]


def test_root_defaults_to_the_current_folder(cli, mini, monkeypatch):
    monkeypatch.chdir(mini)
    assert cli("validate").code == 0
    assert cli("list", "countries").code == 0


def test_a_copied_library_is_a_library_of_its_own(cli, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("library.yaml", "terminology.yaml", "modules", "audiences", "countries",
                 "sources", "locales", "templates"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, copy / name)
    assert cli("validate", root=copy).code == 0


def test_list_audiences_json(cli):
    rows = json.loads(cli("list", "audiences", "--format", "json", root=REPO).out)
    ids = {r["id"] for r in rows}
    assert ids == {"law-enforcement", "social-workers", "ngos", "journalists", "parents"}
    parents = next(r for r in rows if r["id"] == "parents")
    assert parents["minutes"] == 90 and parents["needs"]


def test_list_countries_shows_derived_level_and_locales(cli):
    rows = json.loads(cli("list", "countries", "--format", "json", root=REPO).out)
    by_id = {r["id"]: r for r in rows}
    assert by_id["et"]["level"] == "foundational"
    assert by_id["gb"]["level"] == "advanced"
    assert by_id["es"]["level"] == "established" and by_id["es"]["derived_level"] == "developing"
    assert by_id["es"]["override"]
    assert by_id["fr"]["locales"] == ["fr", "en"]
    assert {r["level"] for r in rows} == {"foundational", "developing", "established", "advanced"}
    text = cli("list", "countries", root=REPO).out
    assert "established (set by hand)" in text


def test_list_levels_and_modules(cli):
    levels = json.loads(cli("list", "levels", "--format", "json", root=REPO).out)
    assert [lv["id"] for lv in levels] == ["foundational", "developing", "established", "advanced"]
    assert levels[2]["criteria"]
    modules = json.loads(cli("list", "modules", "--format", "json", root=REPO).out)
    assert len(modules) == 16
    order = [m["id"] for m in modules]
    for m in modules:  # course order puts prerequisites first
        assert all(order.index(p) < order.index(m["id"]) for p in m["prerequisites"])


def test_list_locales_and_sources(cli):
    locales = json.loads(cli("list", "locales", "--format", "json", root=REPO).out)
    assert {loc["id"] for loc in locales} == {"en", "fr", "ru", "zh-Hant", "pt"}
    sources = json.loads(cli("list", "sources", "--format", "json", root=REPO).out)
    assert "nch-2006-out-of-sight" in {s["id"] for s in sources}


def test_plan_text_explains_what_is_in_and_out(cli):
    result = cli("plan", "-a", "parents", "-c", "et", root=REPO)
    assert result.code == 0
    out = result.out
    assert "level: foundational (derived)" in out
    assert "Agenda" in out and "day 1  09:00" in out
    assert "Modules left out" in out and "audience: written for" in out


def test_plan_json_for_a_participant_handout(cli):
    data = json.loads(cli("plan", "-a", "journalists", "-c", "gb", "-e", "participant",
                          "--format", "json", root=REPO).out)
    assert data["variant"]["edition"] == "participant"
    assert all(s["edition"] != "facilitator" for m in data["modules"] for s in m["sections"])
    assert any(e["code"] == "edition" for e in data["excluded"])


def test_plan_compare(cli):
    result = cli("plan", "-a", "social-workers", "-c", "ke", "--compare", "law-enforcement",
                 "--format", "json", root=REPO)
    data = json.loads(result.out)
    assert 0 < data["overlap"] < 0.5
    assert len(data["shared"]) + len(data["only_a"]) == data["a_sections"]
    text = cli("plan", "-a", "parents", "-c", "et", "--compare", "gb", root=REPO).out
    assert "overlap" in text and "only in A" in text


def test_plan_in_another_locale(cli):
    data = json.loads(cli("plan", "-a", "parents", "-c", "sn", "-l", "fr", "--format", "json",
                          root=REPO).out)
    assert data["variant"]["locale"] == "fr"


def test_translate_update_and_status(cli, mini):
    (mini / "locales" / "fr" / "modules.po").unlink()
    result = cli("translate", "update", "--locale", "fr", root=mini)
    assert result.code == 0 and "updated locales/fr/modules/intro.po" in result.out
    po = mini / "locales" / "fr" / "modules" / "intro.po"
    text = po.read_text()
    assert 'msgctxt "module/intro/sections/start/body"' in text
    po.write_text(text.replace('msgid "Start"\nmsgstr ""', 'msgid "Start"\nmsgstr "Début"'))
    assert cli("translate", "update", "--locale", "fr", root=mini).out.strip() == "up to date"
    status = json.loads(cli("translate", "status", "--format", "json", root=mini).out)
    intro = next(r for r in status if r["catalogue"] == "modules/intro.po")
    assert intro["translated"] == 1 and intro["untranslated"] == intro["total"] - 1
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace("title: Start", "title: Beginning"))
    assert "updated" in cli("translate", "update", "--locale", "fr", root=mini).out
    text = po.read_text()
    assert ('#, fuzzy\n#| msgid "Start"\nmsgctxt "module/intro/sections/start/title"\n'
            'msgid "Beginning"\nmsgstr "Début"') in text


def test_version(cli):
    assert cli("--version").out.startswith("curriculum ")
