"""Bad input gets a clear error: every case in tests/corpus gives its expected
`path:line:col: message`, exit status 1, and no traceback."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS

CASES = sorted(p for p in CORPUS.iterdir() if p.suffix == ".yaml")


def _header(path: Path) -> tuple[str, list[str]]:
    target, expects = None, []
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# target:"):
            target = line.split(":", 1)[1].strip()
        elif line.startswith("# expect:"):
            expects.append(line.split(":", 1)[1].strip())
    assert target and expects, f"{path.name} lacks its # target / # expect lines"
    return target, expects


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_corpus_case(case, mini, cli):
    target, expects = _header(case)
    shutil.copyfile(case, mini / target)
    result = cli("validate", root=mini)
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for expected in expects:
        assert expected in result.text, f"expected {expected!r} in:\n{result.text}"


def test_every_problem_is_reported_at_once(mini, cli):
    for name in ("duplicate-key.yaml", "unknown-refs.yaml", "unknown-locale.yaml"):
        target, _ = _header(CORPUS / name)
        dest = mini / target
        if dest.exists():
            dest = dest.with_name(dest.stem + "-2.yaml")
        shutil.copyfile(CORPUS / name, dest)
    result = cli("validate", root=mini)
    assert result.code == 1
    places = set(re.findall(r"^(\S+?):\d+:\d+: ", result.out, re.M))
    assert len(places) >= 3, result.out
    assert re.search(r"\d+ errors, \d+ warnings? in \d+ files", result.out)


def test_missing_folder(mini, cli):
    shutil.rmtree(mini / "audiences")
    result = cli("validate", root=mini)
    assert result.code == 1
    assert "audiences:1:1: the folder 'audiences/' is missing" in result.text


def test_not_a_library(tmp_path, cli):
    result = cli("validate", root=tmp_path)
    assert result.code == 1
    assert "library.yaml:1:1: this folder holds no library.yaml" in result.text
    assert "--root" in result.text


def test_json_diagnostics(mini, cli):
    shutil.copyfile(CORPUS / "unknown-field.yaml", mini / "modules" / "broken.yaml")
    result = cli("validate", "--format", "json", root=mini)
    import json

    items = json.loads(result.out)
    assert result.code == 1
    assert {"path", "line", "col", "message", "hint"} <= set(items[0])
    assert any(i["message"] == "unknown field 'tittle'" for i in items)


def test_github_annotations(mini, cli):
    shutil.copyfile(CORPUS / "unknown-field.yaml", mini / "modules" / "broken.yaml")
    result = cli("validate", "--format", "github", root=mini)
    assert "::error file=modules/broken.yaml,line=10,col=5," in result.out


@pytest.mark.parametrize("args", [
    ["plan", "--audience", "nobody", "--country", "xa"],
    ["plan", "--audience", "parents"],
    ["build", "--edition", "both"],
    ["build", "--country", "zz"],
    ["list", "planets"],
    ["no-such-command"],
])
def test_wrong_command_line_exits_2(args, mini, cli):
    result = cli(*args, root=mini) if args[0] != "no-such-command" else cli(*args)
    assert result.code == 2, result.text
    assert "Traceback" not in result.text


def test_real_command_prints_no_traceback(mini):
    """The installed console script, as a user runs it: exit 1 and one line per problem."""
    shutil.copyfile(CORPUS / "duplicate-key.yaml", mini / "modules" / "broken.yaml")
    exe = Path(sys.executable).with_name("curriculum")
    proc = subprocess.run([str(exe), "validate"], cwd=mini, capture_output=True, text=True,
                          env={**os.environ, "CURRICULUM_DEBUG": ""})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "modules/broken.yaml:6:1: duplicate key 'title'" in proc.stdout


# YAML's data traps, reported at the profile's own line (not as a TypeError in a shared module
# that prints the fact): a number where text is expected, yes/no where true/false is.
@pytest.mark.parametrize("old, new, expected", [
    ('number: {value: "555"', "number: {value: 555", r"countries/xa\.yaml:10:\d+: 'value' should be "
                                                     r"text, not the number 555 \(hint: quote"),
    ("exists: {value: true", "exists: {value: yes", r"countries/xa\.yaml:8:\d+: 'value' is the "
                                                    r"text 'yes', but this fact is true or false "
                                                    r"\(hint: write `value: true`"),
    ("csam_law: {value: partial", "csam_law: {value: no", r"countries/xa\.yaml:12:\d+: 'value' is "
                                                          r"the text 'no'.*`value: false`"),
    ("name: {value: Test Helpline", "name: {value: false", r"countries/xa\.yaml:9:\d+: 'value' "
                                                           r"should be text, not 'false'"),
])
def test_a_data_trap_is_reported_at_the_profiles_line(mini, cli, old, new, expected):
    import curriculum
    from curriculum.diagnostics import Problems

    path = mini / "countries" / "xa.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = cli("validate", root=mini)
    assert result.code == 1, result.text
    assert re.search(expected, result.out), result.out
    assert "TypeError" not in result.text and "modules/" not in result.out, result.out
    with pytest.raises(Problems) as raised:
        curriculum.load(mini)
    assert any(re.search(expected, d.text()) for d in raised.value.diagnostics)


def test_a_country_named_no_stays_text(mini):
    import curriculum

    path = mini / "countries" / "xa.yaml"
    path.write_text(path.read_text().replace("name: Testland A", "name: no", 1))
    assert curriculum.load(mini).countries["xa"].name == "no"  # Norway, not false
