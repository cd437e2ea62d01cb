"""`curriculum list ...`: readable text (no Python dicts, no template syntax), and JSON whose
fields are exactly the ones docs/list-json.md documents, for every listing."""
from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from curriculum import listing
from curriculum.display import table, width

DOC = (REPO / "docs" / "list-json.md").read_text(encoding="utf-8")


def _section(kind: str) -> str:
    return DOC.split(f"\n## {kind}\n", 1)[1].split("\n## ", 1)[0]


def _documented(kind: str) -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", _section(kind), re.M))


def _printed(rows: list[dict]) -> set[str]:
    fields = set()
    for row in rows:
        for key, value in row.items():
            fields.add(key)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                fields |= {f"{key}[].{k}" for v in value for k in v}
    return fields


@pytest.mark.parametrize("kind", sorted(listing.LISTINGS))
def test_the_documented_fields_are_the_printed_ones(kind, bundled):
    rows = json.loads(json.dumps(listing.LISTINGS[kind](bundled)))  # as the CLI prints them
    assert rows and _printed(rows) == _documented(kind)
    example = json.loads(_section(kind).split("```json\n", 1)[1].split("```", 1)[0])
    assert set(example[0]) == set(rows[0])  # the example shows every top-level field


@pytest.mark.parametrize("kind", sorted(listing.LISTINGS))
def test_the_text_form_reads_as_words(kind, bundled):
    out = table(listing.shown(kind, listing.LISTINGS[kind](bundled)), listing.COLUMNS[kind])
    lines = out.splitlines()
    assert lines[0].split()[0] == "ID" and len(lines) > 2
    for bad in ("{{", "{%", "{'", "['", "None"):
        assert bad not in out, (bad, out)


def test_list_modules_prints_the_table(cli):
    result = cli("list", "modules", root=REPO)
    assert result.code == 0, result.text
    assert "Rights and law in <country>" in result.out
    assert "standard (core for journalists)" in result.out


def test_readable_module_text():
    assert listing.readable("Rights and law in {{ country.name }}") == "Rights and law in <country>"
    assert listing.readable("{% if x %}A{% endif %} {{ figure('f') }}") == "A <figure>"


def test_wide_characters_keep_the_columns(bundled):
    out = table(listing.shown("locales", listing.locales(bundled)), listing.COLUMNS["locales"])
    starts = {}
    for line in out.splitlines()[1:]:
        third = list(re.finditer(r"\S+(?: \S+)*", line))[2]
        starts[line.split()[0]] = width(line[:third.start()])
    assert len(set(starts.values())) == 1, starts  # the English names start in one column
