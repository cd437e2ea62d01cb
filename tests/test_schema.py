"""The JSON Schemas for editors (schema.py, `curriculum schema`): every bundled file names its
schema on its first line and validates against it, as an editor (or PyYAML) reads it; the
committed schemas are what the models generate today; and the schemas catch an author's slips."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import validators

from conftest import REPO
from curriculum import schema
from curriculum.diagnostics import Collector
from curriculum.yamlsource import read

FILES = sorted(p.relative_to(REPO).as_posix() for folder in ("modules", "audiences", "countries",
                                                              "overlays")
               for p in (REPO / folder).rglob("*.yaml"))


def _named_schema(rel: str) -> dict:
    """The schema a file names in its first line, read from where that line points."""
    first = (REPO / rel).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), f"{rel}: {first}"
    target = (REPO / rel).parent / first.split("$schema=", 1)[1]
    return json.loads(target.read_text(encoding="utf-8"))


def _errors(sch: dict, data) -> list[str]:
    cls = validators.validator_for(sch)
    cls.check_schema(sch)
    def messages(error):  # with the reasons inside anyOf, where the real slip is named
        yield f"{list(error.absolute_path)}: {error.message[:160]}"
        for sub in error.context or []:
            yield from messages(sub)

    return [m for e in cls(sch).iter_errors(data) for m in messages(e)]


def test_the_bundled_files_are_all_here():
    kinds = {schema.kind_of(rel) for rel in FILES}
    assert len(FILES) > 30 and kinds >= {"module", "audience", "country", "levels"}


@pytest.mark.parametrize("rel", FILES)
def test_a_bundled_file_names_and_meets_its_schema(rel):
    assert (REPO / rel).read_text(encoding="utf-8").splitlines()[0] == schema.comment(rel)
    sch = _named_schema(rel)
    # as PyYAML reads it (unquoted dates become dates) and as our reader does (they stay text)
    assert _errors(sch, yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))) == []
    doc = read(REPO / rel, Collector(REPO))
    assert doc is not None and _errors(sch, doc.data) == []


def test_the_committed_schemas_are_what_the_models_give(tmp_path, cli):
    committed = sorted(p.name for p in (REPO / schema.SCHEMA_DIR).iterdir())
    assert committed == sorted(schema.file_name(k) for k in schema.KINDS)
    for kind in schema.KINDS:
        path = REPO / schema.SCHEMA_DIR / schema.file_name(kind)
        assert path.read_text(encoding="utf-8") == schema.text(kind), \
            f"{path.name} is stale: run `curriculum schema` and commit schema/"
    result = cli("schema", "--out", tmp_path / "s")
    assert result.code == 0 and "5 files written" in result.out, result.text
    for kind in schema.KINDS:
        name = schema.file_name(kind)
        assert (tmp_path / "s" / name).read_bytes() == (REPO / schema.SCHEMA_DIR / name).read_bytes()
    again = cli("schema", "--out", tmp_path / "s")
    assert again.code == 0 and "up to date" in again.out


def test_the_comment_line_is_right_for_each_depth():
    assert schema.comment("modules/a.yaml") == \
        "# yaml-language-server: $schema=../schema/module.schema.json"
    assert schema.comment("modules/police/a.yaml") == \
        "# yaml-language-server: $schema=../../schema/module.schema.json"
    assert schema.comment("overlays/ke/reporting-routes.yaml") == \
        "# yaml-language-server: $schema=../../schema/overlay.schema.json"
    assert schema.comment("countries/levels.yaml").endswith("=../schema/levels.schema.json")
    assert schema.comment("sources/a.yaml") is None


def _ke() -> dict:
    return yaml.safe_load((REPO / "countries" / "ke.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind, change, found", [
    ("module", lambda d: d.update(titel="x"), "'titel' was unexpected"),
    ("module", lambda d: d["sections"][0].update(minutes="ten"), "'ten' is not of type 'integer'"),
    ("module", lambda d: d.update(id="Not A Slug"), "does not match"),
    ("country", lambda d: d["reporting"]["helpline"]["number"].update(value=116),
     "116 is not of type 'string'"),
    ("country", lambda d: d["reporting"]["hotline"]["exists"].update(value="yes"), "yes"),
    ("country", lambda d: d["reporting"]["hotline"]["exists"].update(as_of=2017), "2017"),
])
def test_the_schema_catches_an_authors_slip(kind, change, found):
    rel = "countries/ke.yaml" if kind == "country" else "modules/reporting-routes.yaml"
    data = _ke() if kind == "country" else yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))
    change(data)
    errors = _errors(schema.schema(kind), data)
    assert any(found in e for e in errors), errors


def test_the_schema_takes_the_shorthands_the_loader_takes():
    sch = schema.schema("country")
    data = _ke()
    data["reporting"]["hotline"]["exists"]["source"] = "s05-icmec-portal"  # one id, not a list
    assert _errors(sch, data) == []
    mod = yaml.safe_load((REPO / "modules" / "reporting-routes.yaml").read_text(encoding="utf-8"))
    mod["objectives"] = ["Name the routes.", {"text": "Know the hotline.", "when": {"has": ["x"]}}]
    assert _errors(schema.schema("module"), mod) == []
