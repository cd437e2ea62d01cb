"""Property-based tests: random and mutated inputs to the loader and the tailoring stage give
clean results or clean diagnostics, never a crash."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import MINI
from curriculum import load, validate
from curriculum.diagnostics import Collector, Problems
from curriculum.models import Module
from curriculum.pack import Variant
from curriculum.tailor import TailorError, tailor
from curriculum import yamlsource

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
INTRO = (MINI / "modules" / "intro.yaml").read_bytes()

yaml_ish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>#'\"\n\t ,?%@`\\0123456789")),
                   max_size=200)


@SETTINGS
@given(st.binary(max_size=400) | yaml_ish.map(str.encode))
def test_reader_gives_data_or_diagnostics(raw):
    problems = Collector()
    doc = yamlsource.parse(raw, Path("x.yaml"), problems)
    if doc is None:
        # the place is inside the input (Collector.add clamps to 1, so test the upper bound)
        lines = raw.split(b"\n")
        assert problems.items
        for d in problems.items:
            assert d.line <= len(lines) + 1, (d, len(lines))
            assert d.col <= len(lines[d.line - 1]) + 2 if d.line <= len(lines) else d.col == 1
    else:
        assert not problems.items


@st.composite
def mutations(draw):
    data = bytearray(INTRO)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line"]))
        pos = draw(st.integers(0, len(data) - 1))
        if kind == "delete":
            del data[pos:pos + draw(st.integers(1, 20))]
        elif kind == "insert":
            data[pos:pos] = draw(st.sampled_from([b":", b"- ", b"\t", b"{", b"}}", b"{{ x }}",
                                                  b"{% if %}", b"\n  ", b"\xff", b"*a", b"&a ",
                                                  b"when: {has: [nope]}\n", b"<b>", b"[x](j:)"]))
        elif kind == "replace":
            data[pos] = draw(st.integers(0, 255))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@SETTINGS
@given(mutations())
def test_mutated_modules_load_and_validate_cleanly(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("lib")
    shutil.copytree(MINI, root, dirs_exist_ok=True)
    shutil.copytree(MINI.parents[2] / "templates", root / "templates")
    (root / "modules" / "intro.yaml").write_bytes(raw)
    try:
        lib = load(root)
    except Problems as problems:
        assert problems.diagnostics
        return
    lengths = {p.relative_to(root).as_posix(): len(p.read_bytes().split(b"\n"))
               for p in root.rglob("*") if p.is_file()}
    for d in validate(lib):
        assert d.message and d.path in lengths, d
        assert d.line <= lengths[d.path] + 1, (d, lengths[d.path])


# -- tailoring ----------------------------------------------------------------------------------

_LIB = None


def mini_library():
    global _LIB
    if _LIB is None:
        _LIB = load(MINI)
    return _LIB


@SETTINGS
@given(audience=st.sampled_from(["parents", "law-enforcement", "nobody"]),
       country=st.sampled_from(["xa", "xb", "zz"]),
       locale=st.sampled_from(["en", "fr", "de"]),
       edition=st.sampled_from(["facilitator", "participant"]),
       minutes=st.none() | st.integers(15, 2000))
def test_tailoring_any_variant(audience, country, locale, edition, minutes):
    lib = mini_library()
    variant = Variant(audience=audience, country=country, locale=locale, edition=edition)
    try:
        pack = tailor(lib, variant, minutes=minutes)
    except TailorError:
        assert audience == "nobody" or country == "zz" or locale == "de"
        return
    chosen = [m.id for m in pack.modules]
    out = {e.id for e in pack.excluded if e.kind == "module"}
    assert set(chosen) | out == set(lib.modules) and not set(chosen) & out
    assert pack.minutes == sum(m.minutes for m in pack.modules) + pack.opening_minutes \
        + pack.closing_minutes
    budget = minutes or pack.budget_minutes
    assert pack.budget_minutes == budget
    assert pack.over_budget == (pack.minutes > budget)
    if pack.over_budget:  # only core modules may stay over the budget
        assert all(m.priority == "core" for m in pack.modules), [m.id for m in pack.modules]
    for i, ident in enumerate(chosen):
        assert all(p in chosen[:i] for p in lib.modules[ident].prerequisites)
    if edition == "participant":
        assert all(q.correct is None for m in pack.modules for q in m.quiz)


@SETTINGS
@given(st.dictionaries(st.sampled_from(list(Module.model_fields)),
                       st.none() | st.integers() | st.text(max_size=20) |
                       st.lists(st.text(max_size=10), max_size=3), max_size=8))
def test_module_model_rejects_garbage_at_the_file_s_own_lines(tmp_path_factory, data):
    import yaml
    from pydantic import ValidationError
    try:
        Module.model_validate(data)
        valid = True
    except ValidationError:
        valid = False
    root = tmp_path_factory.mktemp("lib")
    shutil.copytree(MINI, root, dirs_exist_ok=True)
    path = root / "modules" / "intro.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    lines = len(path.read_text().splitlines())
    try:
        load(root)
        assert valid, "a model that pydantic rejects loaded"
    except Problems as problems:
        mine = [d for d in problems.diagnostics if d.path == "modules/intro.yaml"]
        assert mine or valid, problems.diagnostics
        assert all(1 <= d.line <= lines + 1 for d in mine)
