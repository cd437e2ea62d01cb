"""CI at matrix scale: the matrix listed, shards that cover it once, stale packs removed after a
full build (and only packs we wrote), a report that names every artefact."""
from __future__ import annotations

import json
import shutil

from curriculum import build, load
from curriculum.builder import shard, variant_cost
from curriculum.tailor import variants


def test_shards_cover_every_variant_exactly_once(mini):
    lib = load(mini)
    todo = list(variants(lib))
    for count in (1, 2, 3, 5, len(todo) + 2):
        seen = [v.slug for i in range(1, count + 1)
                for v in shard(todo, i, count, cost=lambda v: variant_cost(lib, v))]
        assert sorted(seen) == sorted(v.slug for v in todo), count
    assert shard(todo, 1, 2, lambda v: variant_cost(lib, v)) == \
        shard(list(reversed(todo)), 1, 2, lambda v: variant_cost(lib, v))  # deterministic


def test_matrix_lists_every_variant_and_its_shard(mini, cli):
    result = cli("matrix", "--format", "json", "--shards", "2", root=mini)
    rows = json.loads(result.out)
    assert len(rows) == len(list(variants(load(mini)))) and {r["shard"] for r in rows} == {1, 2}


def test_an_empty_shard_exits_0_with_a_clear_line(mini, cli, tmp_path):
    result = cli("build", "-a", "parents", "-c", "xa", "-e", "participant", "-f", "html",
                 "--shard", "2/2", "--out", tmp_path / "out", root=mini)
    assert result.code == 0 and "nothing to build" in result.text


def test_a_full_build_removes_the_packs_of_a_deleted_country_and_nothing_else(mini, tmp_path):
    out = tmp_path / "out"
    lib = load(mini)
    build(lib, out, formats=("html",))
    mine = out / "en" / "xa" / "notes.txt"
    mine.write_text("the trainer's own file")  # not ours: it stays
    (mini / "countries" / "xa.yaml").unlink()
    lib = load(mini)
    filtered = build(lib, out, audiences=["parents"], formats=("html",))
    assert (out / "en" / "xa" / "parents").exists() and not filtered.as_dict()["removed"]
    report = build(lib, out, formats=("html",))
    removed = report.as_dict()["removed"]
    assert "en/xa/parents/participant" in removed
    assert not (out / "en" / "xa" / "parents").exists() and mine.exists()
    data = json.loads((out / "report.json").read_text())
    assert {"path", "variant", "format", "status", "seconds"} <= set(data["artefacts"][0])
    assert any(a["status"] == "removed" for a in data["artefacts"])
    assert all(a["status"] in ("built", "up-to-date", "failed", "removed")
               for a in data["artefacts"])
    shutil.rmtree(out)
