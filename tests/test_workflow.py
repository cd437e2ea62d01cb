"""The example CI workflow (docs/ci/github-actions.yml): valid YAML in the shape GitHub Actions
reads (SchemaStore's schema of workflows, as check-jsonschema vendors it), wired together as
docs/ci.md says, and every `curriculum` command line in it names a command and options that
exist, resolved through the CLI's own click objects."""
from __future__ import annotations

import json
import re
import shlex
from importlib.resources import files

import jsonschema
import pytest
from typer.main import get_command

from conftest import REPO
from curriculum.cli import app
from curriculum.diagnostics import Collector
from curriculum.stamp import LIBRARY_FILES, LIBRARY_FOLDERS
from curriculum import yamlsource

WORKFLOW = REPO / "docs" / "ci" / "github-actions.yml"
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", ">", ">>", "<", "2>", "|&"}


@pytest.fixture(scope="module")
def workflow() -> dict:
    problems = Collector(REPO)
    doc = yamlsource.read(WORKFLOW, problems)  # YAML 1.2, as GitHub reads it: `on` is a key
    assert doc is not None and not problems.items, [d.text() for d in problems.items]
    return doc.data


def _steps(workflow: dict, job: str | None = None) -> list[dict]:
    return [step for name, body in workflow["jobs"].items() if job in (None, name)
            for step in body["steps"]]


def _scripts(workflow: dict, job: str | None = None) -> list[str]:
    return [step["run"] for step in _steps(workflow, job) if "run" in step]


def curriculum_commands(script: str) -> list[list[str]]:
    """The `curriculum ...` command lines of a shell script, as argument lists; a GitHub
    expression (${{ ... }}) stands as one word, as its value will."""
    script = re.sub(r"\$\{\{.*?\}\}", "EXPR", script).replace("\\\n", " ")
    found = []
    for line in script.splitlines():
        # a command substitution runs its command, quoted or not
        for inner in re.findall(r"\$\(([^()]*)\)", line):
            found += curriculum_commands(inner)
        line = re.sub(r"\$\(([^()]*)\)", "EXPR", line)
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split, lexer.commenters = True, "#"
        command: list[str] = []
        for token in [*lexer, ";"]:
            if token in SEPARATORS or token == "$":
                if command and command[0].rsplit("/", 1)[-1] == "curriculum":
                    found.append(command[1:])
                command = []
            else:
                command.append(token)
    return found


def check_command_line(args: list[str]) -> str | None:
    """What is wrong with `curriculum ARGS` (None: it names a command, and each option exists
    on it), found through the same click objects the command line is parsed with."""
    command = get_command(app)  # typer's click (it vendors its own): known here by shape
    path = ["curriculum"]
    rest = list(args)
    while isinstance(getattr(command, "commands", None), dict):
        if not rest or rest[0].startswith("-"):
            return f"`{' '.join(path)}` needs a command: {', '.join(sorted(command.commands))}"
        name = rest.pop(0)
        sub = command.commands.get(name)
        if sub is None:
            return f"`{' '.join(path)}` has no command '{name}'"
        command, path = sub, path + [name]
    options = {name: param for param in command.params if param.param_type_name == "option"
               for name in (*param.opts, *param.secondary_opts)}
    takes_arguments = any(p.param_type_name == "argument" for p in command.params)
    while rest:
        token = rest.pop(0)
        if token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            if name == "--help":
                continue
            option = options.get(name)
            if option is None:
                return f"`{' '.join(path)}` has no option {name}"
            if not option.is_flag and not option.count and "=" not in token:
                if not rest:
                    return f"`{' '.join(path)}`: {name} needs a value"
                rest.pop(0)
        elif not takes_arguments:
            return f"`{' '.join(path)}` takes no argument '{token}'"
    return None


# ---------------------------------------------------------------------------------------------


def test_the_workflow_has_the_shape_github_actions_reads(workflow):
    schema = json.loads((files("check_jsonschema.builtin_schemas.vendor")
                         / "github-workflows.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(workflow), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors)
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] and job["steps"], name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), (name, step)
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
        for needed in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", []):
            assert needed in workflow["jobs"], (name, needed)


def test_every_curriculum_command_in_the_workflow_exists_with_its_options(workflow):
    lines = [args for script in _scripts(workflow) for args in curriculum_commands(script)]
    assert len(lines) >= 5, lines
    wrong = [f"curriculum {' '.join(args)}: {problem}" for args in lines
             if (problem := check_command_line(args))]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_what_is_wrong_with_a_command_line():
    assert check_command_line(["build", "--shard", "1/4", "--cache", "d", "-a", "x"]) is None
    assert check_command_line(["validate", "--no-lint", "--format=github"]) is None
    assert check_command_line(["list", "modules", "--format", "json"]) is None
    assert "no option --no-such" in check_command_line(["build", "--no-such"])
    assert "no command 'nonsense'" in check_command_line(["nonsense"])
    assert "needs a command" in check_command_line(["list"])
    assert "takes no argument 'x'" in check_command_line(["lint", "x"])
    assert "needs a value" in check_command_line(["matrix", "--shards"])
    script = 'a && curriculum lint --format github | tee x; echo "$(curriculum matrix)" # curriculum x'
    assert curriculum_commands(script) == [["matrix"], ["lint", "--format", "github"]]
    assert curriculum_commands("x=$(curriculum list modules) || .venv/bin/curriculum \\\n  plan") \
        == [["list", "modules"], ["plan"]]


def test_the_jobs_do_what_docs_ci_says(workflow):
    build = _scripts(workflow, "build")
    commands = {job: [args for script in _scripts(workflow, job)
                      for args in curriculum_commands(script)] for job in workflow["jobs"]}
    assert ["validate", "--strict", "--format", "github"] in commands["check"]
    assert any(args[0] == "lint" for args in commands["check"])
    matrix = next(a for a in commands["check"] if a[0] == "matrix")
    assert matrix[matrix.index("--format") + 1] == "json" and "--shards" in matrix
    # the first job's matrix reaches the build job's strategy through fromJSON
    assert workflow["jobs"]["build"]["needs"] == "check"
    strategy = workflow["jobs"]["build"]["strategy"]["matrix"]
    output = re.fullmatch(r"\$\{\{ fromJSON\(needs\.check\.outputs\.(\w+)\) \}\}", strategy)
    assert output, strategy
    step_id = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}",
                           workflow["jobs"]["check"]["outputs"][output.group(1)])
    assert step_id and step_id.group(2) == output.group(1)
    (split,) = [s for s in _steps(workflow, "check") if s.get("id") == step_id.group(1)]
    assert f'echo "{output.group(1)}=' in split["run"] and '>> "$GITHUB_OUTPUT"' in split["run"]
    assert "shard" in split["run"]
    # each build job builds its shard, with the render cache restored and kept between runs
    (sharded,) = [a for a in commands["build"] if a[0] == "build"]
    assert "--strict" in sharded and "--cache" in sharded
    assert any("--shard \"${{ matrix.shard }}/$SHARDS\"" in s for s in build)
    (cache,) = [s for s in _steps(workflow, "build") if s.get("uses", "").startswith("actions/cache@")]
    for part in LIBRARY_FILES + tuple(f"{folder}/**" for folder in LIBRARY_FOLDERS):
        assert f"'{part}'" in cache["with"]["key"], part  # every file the loader reads
    assert "hashFiles(" in cache["with"]["key"] and cache["with"]["restore-keys"]
    assert cache["with"]["path"] == "${{ env.CACHE }}"
    assert any(a[a.index("--cache") + 1] == "$CACHE" for a in commands["build"] if "--cache" in a)
    # the packs and build/index.html are published
    uploads = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert {s["with"]["path"] for s in uploads} == {"build/"}
    (download,) = [s for s in _steps(workflow, "publish")
                   if s.get("uses", "").startswith("actions/download-artifact@")]
    shard_upload = next(s for s in _steps(workflow, "build") if s in uploads)
    assert shard_upload["with"]["name"].startswith(download["with"]["pattern"].rstrip("*"))
    assert download["with"]["merge-multiple"] is True
    assert any(a[0] == "build" and "--shard" not in a for a in commands["publish"])  # the index


def test_every_job_installs_python_the_project_and_pango(workflow):
    for name in workflow["jobs"]:
        steps = _steps(workflow, name)
        python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
        assert python and python[0]["with"]["python-version"] == "3.11", name
        assert "pip install ." in _scripts(workflow, name), name
        assert any("apt-get install" in s and "libpango-1.0-0" in s
                   for s in _scripts(workflow, name)), name
