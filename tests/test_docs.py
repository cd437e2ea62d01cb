"""The docs cannot drift: the README's commands are the ones CI runs, and every command shown
in the README and the guides runs."""
from __future__ import annotations

import re
import shlex

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text()


def _block_after(text: str, marker: str) -> str:
    after = text.split(marker, 1)[1]
    return next(line.strip() for line in after.splitlines() if line.startswith("    "))


def test_readme_opens_with_the_two_commands():
    build = _block_after(README, "Set everything up and build every bundled pack")
    test = _block_after(README, "Set everything up and run the tests")
    assert build.startswith("python3 -m venv .venv") and build.endswith("curriculum build")
    assert test.startswith("python3 -m venv .venv") and "pytest" in test
    assert README.index(build) < README.index("## ")  # before any section: the opening


def test_ci_runs_the_readme_test_command():
    test = _block_after(README, "Set everything up and run the tests")
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert test in ci


def _documented_commands():
    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for line in doc.read_text().splitlines():
            match = re.match(r"^ {4}(curriculum [^#]*?)\s*(#.*)?$", line)
            if match and "|" not in match.group(1) and "..." not in match.group(1):
                found.append((doc.name, match.group(1)))
    return found


COMMANDS = _documented_commands()


@pytest.mark.parametrize("doc, command", COMMANDS, ids=[c for _, c in COMMANDS])
def test_documented_command_runs(doc, command, cli, tmp_path):
    args = shlex.split(command)[1:]
    if args == ["build"]:
        pytest.skip("the full build is the README's first command; bench/ times it")
    if "--out" in args:
        args[args.index("--out") + 1] = str(tmp_path / "out")
    if args[:2] == ["translate", "update"]:
        pytest.skip("writes into the library; tests/test_cli.py covers it on a copy")
    if args[0] == "serve":  # runs until Ctrl-C, and tests/test_serve.py runs it: parse it here
        _parse(args)
        return
    result = cli(*args, root=REPO)
    assert result.code == 0, f"{doc}: {command}\n{result.text}"


def _parse(args: list[str]) -> None:
    """Parse a command line as the real command does (options, types, choices), running nothing."""
    from typer.main import get_command

    from curriculum.cli import app

    group = get_command(app)
    with group.make_context("curriculum", list(args)) as context:
        command = group.get_command(context, args[0])
        assert command is not None, args[0]
        command.make_context(args[0], list(args[1:]), parent=context)


def test_the_guides_document_every_command():
    from curriculum.cli import app, export_app, list_app, translate_app

    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    text = README + (REPO / "docs" / "translating.md").read_text()
    for name in names:
        assert f"curriculum {name}" in text, name
    for sub in list_app.registered_commands:
        assert sub.name in README
    for sub in translate_app.registered_commands:
        assert f"curriculum translate {sub.name}" in text
    for sub in export_app.registered_commands:
        assert f"curriculum export {sub.name}" in README
