"""`curriculum new module|country` (scaffold.py): a file that validates, with every field
explained and the schema comment line, added to library.yaml's sequence with the file's comments
kept; a taken or invalid id is refused in one line. And a module the sequence leaves out is
named by validate instead of being placed last in silence."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from curriculum import load, validate
from curriculum.facts import fact_paths
from curriculum.scaffold import add_to_sequence
from curriculum.schema import comment


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """A copy of the bundled library with a new module and a new country, and what `new` said."""
    from typer.testing import CliRunner

    from curriculum.cli import app

    root = tmp_path_factory.mktemp("scaffold") / "lib"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", "build", ".venv", "*.egg-info", "__pycache__", ".pytest_cache"))
    runner = CliRunner()
    said = [runner.invoke(app, ["new", *args, "--root", str(root)])
            for args in (["module", "cyber-tipline-basics"], ["country", "NG"])]
    return root, said


def test_the_scaffolds_validate_and_lint_clean(scaffolded):
    root, said = scaffolded
    assert [r.exit_code for r in said] == [0, 0], [r.output for r in said]
    assert "wrote modules/cyber-tipline-basics.yaml" in said[0].output
    assert "wrote library.yaml" in said[0].output
    lib = load(root)
    assert "cyber-tipline-basics" in lib.modules and lib.countries["ng"].name == "Nigeria"
    found = validate(lib, lint=True)  # lint's findings join as warnings: there are none
    assert found == [], "\n".join(d.text() for d in found)


def test_the_module_is_last_in_the_sequence_and_library_yaml_keeps_its_comments(scaffolded):
    root, _ = scaffolded
    before = (REPO / "library.yaml").read_text(encoding="utf-8")
    after = (root / "library.yaml").read_text(encoding="utf-8")
    assert load(root).meta.sequence == load(REPO).meta.sequence + ["cyber-tipline-basics"]
    assert after.replace("  - cyber-tipline-basics\n", "", 1) == before


def test_the_scaffolds_explain_every_field(scaffolded):
    root, _ = scaffolded
    module = (root / "modules" / "cyber-tipline-basics.yaml").read_text(encoding="utf-8")
    country = (root / "countries" / "ng.yaml").read_text(encoding="utf-8")
    assert module.splitlines()[0] == comment("modules/cyber-tipline-basics.yaml")
    assert country.splitlines()[0] == comment("countries/ng.yaml")
    from curriculum.models import Country, Module
    for field in Module.model_fields:
        assert f"{field}:" in module, field
    for field in Country.model_fields:
        assert f"{field}:" in country, field
    for path in fact_paths():  # every fact, as a commented example under its group
        assert f"{path.split('.')[-1]}:" in country, path
    for line in module.splitlines() + country.splitlines():
        assert len(line) <= 100, line


@pytest.mark.parametrize("args, message", [
    (["module", "intro"], "curriculum: a module 'intro' exists already (modules/intro.yaml)"),
    (["module", "Not_An_Id"], "curriculum: 'Not_An_Id' is not a valid module id"),
    (["country", "xa"], "curriculum: a country 'xa' exists already (countries/xa.yaml)"),
    (["country", "zz"], "curriculum: 'zz' is not an ISO 3166 country code"),
    (["country", "kenya"], "curriculum: 'kenya' is not an ISO 3166 country code"),
])
def test_new_refuses_a_taken_or_invalid_id(mini, cli, args, message):
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    library = (mini / "library.yaml").read_text()
    result = cli("new", *args, root=mini)
    assert result.code == 1 and "Traceback" not in result.text
    assert result.err.strip().startswith(message) and len(result.err.strip().splitlines()) == 1
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before
    assert (mini / "library.yaml").read_text() == library


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nsequence: [x, y]  # order\nb: 2\n", "a: 1\nsequence: [x, y, new]  # order\nb: 2\n"),
    ("sequence: []\n", "sequence: [new]\n"),
    ("sequence:\n  - x\n  # later\n  - y\n\n# next\nintro: []\n",
     "sequence:\n  - x\n  # later\n  - y\n  - new\n\n# next\nintro: []\n"),
    ("sequence:\n- x\nintro:\n- id: y\n", "sequence:\n- x\n- new\nintro:\n- id: y\n"),
    ("name: x\n", None),
])
def test_add_to_sequence_edits_only_the_sequence(text, expected):
    assert add_to_sequence(text, "new") == expected


def test_a_module_left_out_of_the_sequence_is_named(mini, cli):
    shutil.copyfile(mini / "modules" / "deep.yaml", mini / "modules" / "extra.yaml")
    path = mini / "modules" / "extra.yaml"
    path.write_text(path.read_text().replace("id: deep", "id: extra", 1))
    plain = cli("validate", "--no-lint", root=mini)
    assert plain.code == 0, plain.text
    assert "library.yaml:7:1: warning: the sequence leaves out 'extra', which would be placed " \
           "last (hint: add it to `sequence:`" in plain.out, plain.out
    assert cli("validate", "--no-lint", "--strict", root=mini).code == 1
    result = cli("new", "module", "another", root=mini)
    assert result.code == 0, result.text
    assert "sequence: [intro, deep, police-only, advanced-only, another]" in \
        (mini / "library.yaml").read_text()
