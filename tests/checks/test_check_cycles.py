from curriculum.checks import cycles
from helpers import edit, run


def test_no_cycle(mini):
    assert run(mini, cycles.check) == []


def test_a_cycle_is_reported_once_with_its_path(mini):
    edit(mini, "modules/intro.yaml", "priority: core\n", "priority: core\nprerequisites: [deep]\n")
    found = run(mini, cycles.check)
    assert len(found) == 1 and "prerequisite cycle: " in found[0]
    assert "deep -> intro -> deep" in found[0] or "intro -> deep -> intro" in found[0]


def write_chain(mini, length: int) -> None:
    """Modules chain-0 ... chain-N, each the prerequisite of the next."""
    template = (mini / "modules" / "deep.yaml").read_text()
    for i in range(length):
        text = template.replace("id: deep", f"id: chain-{i}")
        if i:
            text = text.replace("prerequisites: [intro]", f"prerequisites: [chain-{i - 1}]")
        (mini / "modules" / f"chain-{i}.yaml").write_text(text)


def test_a_chain_of_thousands_of_modules_has_no_recursion_limit(mini):
    write_chain(mini, 3000)
    assert run(mini, cycles.check) == []


def test_a_chain_of_thousands_of_modules_validates_and_plans(mini, cli):
    import time

    write_chain(mini, 3000)
    started = time.monotonic()
    result = cli("plan", "-a", "parents", "-c", "xa", "--format", "json", root=mini)
    assert result.code == 0, result.text[-500:]
    assert "RecursionError" not in result.text
    assert time.monotonic() - started < 120  # not a goal (bench/): a bound on runaway growth
