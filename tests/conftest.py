"""Shared fixtures: the bundled library, and throwaway copies of the small test library."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from curriculum.cli import app

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
CORPUS = REPO / "tests" / "corpus"


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of tests/fixtures/mini, with the project's templates."""
    root = tmp_path / "lib"
    shutil.copytree(MINI, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture(scope="session")
def bundled():
    """The bundled library, loaded and validated once."""
    from curriculum import load, validate

    lib = load(REPO)
    problems = [d for d in validate(lib) if d.severity == "error"]
    assert not problems, "\n".join(d.text() for d in problems)
    return lib


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.out_bytes = result.stdout_bytes
        self.err = result.stderr
        self.text = result.stdout + result.stderr
        self.exception = result.exception


@pytest.fixture
def cli():
    """Run the `curriculum` command in-process: cli("plan", "-a", "parents", ...)."""
    runner = CliRunner()

    def run(*args, root: Path | None = None) -> Run:
        argv = [str(a) for a in args]
        if root is not None:
            argv += ["--root", str(root)]
        return Run(runner.invoke(app, argv, catch_exceptions=True))

    return run
