"""The benchmark of issue 12: builds at matrix scale, measured as ratios against their targets.

One run, on a temporary copy of the bundled library (the repository is never modified), with
XDG_CACHE_HOME pointed at a temporary folder so that no earlier cache makes a cold build warm:

1. cold build (`curriculum build --format pdf --keep-html`) against the floor: WeasyPrint alone
   rendering every pack's pack.print.html in one warm process, divided by the cores; and the
   two font subsetting paths (HarfBuzz, fontTools) on a sample of packs;
2. the no-change rebuild, a one-module text edit and a structural edit (a parents-only
   section), counting from report.json what was rebuilt;
3. the peer: pandoc (pypandoc-binary) turning each pack's Markdown into PDF through WeasyPrint,
   one process a pack, `cores` at a time;
4. peak memory per worker (report.json peak_worker_mb);
5. scaling: a synthetic library at three sizes, timing validate, plan and build -f html.

    .venv/bin/python bench/bench.py [--countries ke,eg] [--skip-pandoc] [--skip-scaling]

See bench/README.md for what each measure means and its target.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import ctypes.util
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin: curriculum, weasyprint, pip
CURRICULUM = BIN / "curriculum"
RESULTS = REPO / "bench" / "results"
PANDOC_REQUIREMENT = "pypandoc-binary==1.17"  # as in pyproject.toml's `bench` extra

# targets
COLD_OVER_FLOOR = 1.25
NO_CHANGE_SECONDS = 1.0
PEAK_WORKER_MB = 400.0

CPU_SECONDS: list[float] = []  # of each command run(), its workers included
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------------
# small helpers


class Table:
    """The final table: one row a measure, with its value, its target and a verdict."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.notes: list[str] = []

    def add(self, measure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        self.rows.append((measure, value, target, verdict))
        print(f"  {measure}: {value}" + (f"  (target {target}: {verdict})" if target else ""),
              flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def text(self) -> str:
        widths = [max(len(r[i]) for r in [("measure", "value", "target", ""), *self.rows])
                  for i in range(4)]
        lines = []
        for row in [("measure", "value", "target", ""), *self.rows]:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
            if row[0] == "measure":
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines + [""] + [f"- {n}" for n in self.notes])


def run(args: list[str], cwd: Path, env: dict,
        check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command; its wall time in seconds and its result (its CPU time, with its
    workers', in CPU_SECONDS[-1])."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if check and result.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, args))} exited {result.returncode}:\n"
                 f"{(result.stdout + result.stderr)[-2000:]}")
    return seconds, result


def copy_library(source: Path, target: Path) -> None:
    """The folders and files the loader reads (stamp.py lists them), nothing else."""
    from curriculum import stamp

    target.mkdir(parents=True)
    for name in stamp.LIBRARY_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    for name in stamp.LIBRARY_FOLDERS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)


def report_of(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def built(report: dict, fmt: str = "pdf") -> list[dict]:
    return [a for a in report.get("artefacts", []) if a.get("status") == "built"
            and a.get("format") == fmt]


def manifests(out: Path) -> dict[str, set[str]]:
    """variant slug -> the ids of the modules its manifest lists under "modules"."""
    found = {}
    for path in out.rglob("manifest.json"):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and isinstance(data.get("modules"), list):
            found[path.parent.relative_to(out).as_posix()] = {m["id"] for m in data["modules"]}
    return found


def module_file(lib: Path, ident: str) -> Path:
    import yaml

    for path in sorted((lib / "modules").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and data.get("id", path.stem) == ident:
            return path
    sys.exit(f"bench: no module file for {ident}")


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{CORES} cores usable (nproc {os.cpu_count()}), {model}{memory}, "
            f"Python {platform.python_version()}, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at start")


# ---------------------------------------------------------------------------------------------
# 1. the floor, and the two font subsetting paths


def subsetting_path() -> str:
    from weasyprint.pdf import fonts as wfonts

    found = ctypes.util.find_library("harfbuzz-subset")
    if wfonts.harfbuzz_subset is not None and wfonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return f"HarfBuzz subsetter ({found})"
    return f"fontTools subsetter (libharfbuzz-subset {'too old' if found else 'not installed'})"


def floor(htmls: list[Path], templates: Path) -> tuple[float, float]:
    """WeasyPrint alone over every pack.print.html in this one process (warmed up first): its
    wall time divided by the cores, and its CPU time."""
    import weasyprint

    base = templates.resolve().as_uri() + "/"
    smallest = min(htmls, key=lambda p: p.stat().st_size)
    weasyprint.HTML(filename=str(smallest), base_url=base).write_pdf()  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    for html in htmls:
        weasyprint.HTML(filename=str(html), base_url=base).write_pdf()
    return (time.perf_counter() - started) / CORES, time.process_time() - cpu


def sample(htmls: list[Path], out: Path, count: int) -> list[Path]:
    """`count` packs: the largest of each locale first, then the largest of the rest."""
    by_size = sorted(htmls, key=lambda p: -p.stat().st_size)
    chosen: list[Path] = []
    locales = []
    for html in by_size:
        locale = html.relative_to(out).parts[0]
        if locale not in locales:
            locales.append(locale)
            chosen.append(html)
    chosen = chosen[:count]
    chosen += [h for h in by_size if h not in chosen][:count - len(chosen)]
    return chosen


def subsetting(htmls: list[Path], templates: Path, table: Table) -> None:
    """Both subsetting paths over the same packs, in this process (warm: after floor()): time,
    text, pages, bytes."""
    import io

    import pypdf
    import weasyprint
    from weasyprint.pdf import fonts as wfonts

    from curriculum.render import PDF_OPTIONS

    base = templates.resolve().as_uri() + "/"
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # fontTools stamps fonts with the time else

    def render_all() -> tuple[float, list[bytes]]:
        pdfs, seconds = [], 0.0
        for html in htmls:
            started = time.perf_counter()
            pdfs.append(weasyprint.HTML(filename=str(html), base_url=base).write_pdf(
                pdf_identifier=b"bench", **PDF_OPTIONS))
            seconds += time.perf_counter() - started
        return seconds, pdfs

    found = wfonts.harfbuzz_subset
    if found is None:
        table.note("libharfbuzz-subset is not usable here: only the fontTools path can be "
                   "measured (apt-get install libharfbuzz-subset0)")
    # no warm-up of its own: floor() has just rendered every pack in this process
    hb_seconds, hb_pdfs = render_all()
    wfonts.harfbuzz_subset = None
    try:
        ft_seconds, ft_pdfs = render_all()
    finally:
        wfonts.harfbuzz_subset = found

    def read(data: bytes) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]

    texts_same = pages_same = bytes_same = 0
    for a, b in zip(hb_pdfs, ft_pdfs):
        ta, tb = read(a), read(b)
        pages_same += len(ta) == len(tb)
        texts_same += ta == tb
        bytes_same += a == b
    n = len(htmls)
    pages = sum(len(read(p)) for p in hb_pdfs)
    label = "as found" if found is not None else "as found = fontTools"
    table.add(f"subsetting, {n} packs ({pages} pages): {label} / fontTools",
              f"{hb_seconds:.1f} s / {ft_seconds:.1f} s = {hb_seconds / ft_seconds:.2f}")
    table.add("subsetting: same page counts, same text, same bytes",
              f"{pages_same}/{n}, {texts_same}/{n}, {bytes_same}/{n}",
              "same pages and text", pages_same == n and texts_same == n)


# ---------------------------------------------------------------------------------------------
# 2. edits


def edit_title(path: Path) -> str:
    """Append " (edited)" to the module's top-level title, in place, keeping the rest."""
    import yaml

    title = yaml.safe_load(path.read_text())["title"]
    text, count = re.subn(r"(?m)^title:.*$", "title: " + json.dumps(title + " (edited)",
                                                                    ensure_ascii=False),
                          path.read_text(), count=1)
    if count != 1 or yaml.safe_load(text)["title"] != title + " (edited)":
        sys.exit(f"bench: could not edit the title of {path}")
    path.write_text(text)
    return title


SECTION = """\
{indent}- id: bench-parents-extra
{indent}  title: A short word for parents
{indent}  minutes: 1
{indent}  when: {{audiences: [parents]}}
{indent}  body: |
{indent}    Keep talking with your child about their life online.
"""


def append_parents_section(path: Path) -> None:
    """A 1-minute parents-only section appended to the module's sections, in place."""
    import yaml

    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(r"sections:\s*(#.*)?$", line))
    first = next(line for line in lines[start + 1:] if line.strip().startswith("- "))
    indent = first[:len(first) - len(first.lstrip())]
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"[A-Za-z_]", lines[i])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, SECTION.format(indent=indent))
    text = "".join(lines)
    if yaml.safe_load(text)["sections"][-1].get("id") != "bench-parents-extra":
        sys.exit(f"bench: could not append a section to {path}")
    path.write_text(text)


# ---------------------------------------------------------------------------------------------
# 3. the peer: pandoc


def ensure_pandoc() -> str:
    try:
        import pypandoc
    except ImportError:
        print(f"  installing {PANDOC_REQUIREMENT} into the venv (pip install '.[bench]' does "
              "it too)", flush=True)
        subprocess.run([str(BIN / "pip"), "install", "-q", PANDOC_REQUIREMENT], check=True)
        import pypandoc
    return pypandoc.get_pandoc_path()


def pack_markdown(pack) -> str:
    """A pack's content as one Markdown document: the parts, modules (title, summary,
    objectives, sections, activities, quiz questions). Bodies are Markdown after localise."""
    lines = [f"# {pack.audience.name}: {pack.country.name}", ""]

    def parts(items, level="##"):
        for part in items:
            lines.extend([f"{level} {part.title}", "", part.body, ""])

    parts(pack.intro)
    parts(pack.opening)
    for module in pack.modules:
        lines.extend([f"# {module.title}", "", module.summary, ""])
        lines.extend(f"- {o.text}" for o in module.objectives)
        lines.append("")
        parts(module.sections)
        for activity in module.activities:
            lines.extend([f"## {activity.title}", "", activity.body, ""])
            if activity.facilitator:
                lines.extend([activity.facilitator, ""])
        for question in pack.questions(module):
            lines.extend([f"**{question.question}**", ""])
            lines.extend(f"1. {answer}" for answer in question.answers)
            lines.append("")
    parts(pack.closing)
    return "\n".join(lines)


def pandoc_matrix(lib_root: Path, countries: list[str] | None, work: Path, env: dict
                  ) -> tuple[float, int, float]:
    """Markdown of every pack, then pandoc -> WeasyPrint, one process a pack, CORES at a time.
    Returns (seconds of the pandoc runs, packs, seconds to make the Markdown)."""
    from curriculum import load
    from curriculum.fonts import font_face_css, script_fonts
    from curriculum.localise import localise
    from curriculum.tailor import tailor, variants

    pandoc = ensure_pandoc()
    started = time.perf_counter()
    lib = load(lib_root)
    work.mkdir(parents=True, exist_ok=True)
    css = work / "fonts.css"
    families = ", ".join(f'"{family}"' for family, _ in script_fonts())
    css.write_text(font_face_css() + f"\nbody {{ font-family: \"DejaVu Sans\", {families}; }}\n")
    jobs = []
    for variant in variants(lib, countries=countries):
        pack = localise(lib, tailor(lib, variant))
        folder = work / variant.slug
        folder.mkdir(parents=True)
        (folder / "pack.md").write_text(pack_markdown(pack))
        meta = ["-M", f"title={pack.audience.name}, {pack.country.name}",
                "-M", f"lang={variant.locale}"]
        if pack.direction == "rtl":
            meta += ["-M", "dir=rtl"]
        jobs.append((folder, [pandoc, "pack.md", "-o", "pack.pdf", "--pdf-engine=weasyprint",
                     "--standalone", "--css", str(css), *meta]))
    markdown_seconds = time.perf_counter() - started
    env = {**env, "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"}

    def one(job: tuple[Path, list[str]]) -> None:
        folder, args = job
        result = subprocess.run(args, cwd=folder, env=env, capture_output=True, text=True)
        if result.returncode != 0 or not (folder / "pack.pdf").is_file():
            raise RuntimeError(f"pandoc failed in {folder}: {result.stderr[-500:]}")

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=CORES) as pool:
        list(pool.map(one, jobs))
    return time.perf_counter() - started, len(jobs), markdown_seconds


# ---------------------------------------------------------------------------------------------
# 5. scaling: a synthetic library


MODULE = """\
id: {id}
title: Synthetic module {n} for {{{{ country.name }}}}
summary: What module {n} is about, for {{{{ audience.name }}}}.
audiences: [parents, law-enforcement]
levels: [foundational, developing, established, advanced]
priority: core
objectives:
  - Know what module {n} teaches.
sections:
  - id: start
    title: Start of module {n}
    minutes: 3
    body: |
      Every image is a child who needs help. There are {{{{ figure("test-figure") }}}}.
      {filler}
  - id: helpline
    title: The helpline
    minutes: 2
    when: {{has: [reporting.helpline.number]}}
    body: |
      Call {{{{ country.reporting.helpline.name }}}} on {{{{ country.reporting.helpline.number }}}}.
      {filler}
  - id: no-hotline
    title: Without a hotline
    minutes: 2
    when: {{lacks: [reporting.hotline.exists]}}
    body: |
      There is no hotline yet in {{{{ country.name }}}}. {filler}
  - id: for-police
    title: For officers
    minutes: 2
    when: {{audiences: [law-enforcement]}}
    body: |
      Keep evidence intact. {filler}
  - id: note
    title: Note for the facilitator
    kind: note
    edition: facilitator
    body: |
      Check the numbers before module {n}.
activities:
  - id: talk
    title: Talk it through
    kind: discussion
    minutes: 2
    body: |
      Discuss module {n}.
    facilitator: |
      Listen.
quiz:
  - id: q1
    question: What comes first in module {n}?
    answers: [Finding the child, Counting images]
    correct: 1
    explanation: |
      The child comes first.
sources: [test-doc]
"""
FILLER = ("Listen calmly, believe what you are told, write down the words used, and pass the "
          "report on through the routes that exist, without investigating yourself.")
AUDIENCE = """\
id: {id}
name: {name}
description: {name} of the synthetic library.
needs: [Plain words]
minutes: 6000
"""
LOCALES = {"en": "English", "fr": "Français", "es": "Español", "pt": "Português"}
FRENCH = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese"}


def synthetic(root: Path, modules: int, countries: int) -> None:
    """A library of `modules` modules and `countries` countries, each country in two of four
    locales, two audiences: built from tests/fixtures/mini's shapes."""
    mini = REPO / "tests" / "fixtures" / "mini"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(mini / "sources", root / "sources")
    (root / "countries").mkdir()
    shutil.copy2(mini / "countries" / "levels.yaml", root / "countries" / "levels.yaml")
    ids = [f"m{i:03d}" for i in range(modules)]
    library = (mini / "library.yaml").read_text()
    library = re.sub(r"(?m)^sequence:.*$", f"sequence: [{', '.join(ids)}]", library)
    (root / "library.yaml").write_text(library)
    (root / "modules").mkdir()
    for i, ident in enumerate(ids):
        (root / "modules" / f"{ident}.yaml").write_text(MODULE.format(id=ident, n=i, filler=FILLER))
    (root / "audiences").mkdir()
    for ident, name in (("parents", "Parents and carers"), ("law-enforcement", "Police")):
        (root / "audiences" / f"{ident}.yaml").write_text(AUDIENCE.format(id=ident, name=name))
    for code, name in LOCALES.items():
        (root / "locales" / code).mkdir(parents=True)
        (root / "locales" / code / "locale.yaml").write_text(
            f"id: {code}\nname: {name}\nenglish_name: {FRENCH[code]}\n")
    templates = [(mini / "countries" / f"{c}.yaml").read_text() for c in ("xa", "xb")]
    others = list(LOCALES)[1:]
    codes = [a + b for a in "xqz" for b in "abcdefghijklmnopqrstuvwxyz"]
    for i, code in enumerate(codes[:countries]):
        text = templates[i % 2]
        text = re.sub(r"(?m)^id: .*$", f"id: {code}", text)
        text = re.sub(r"(?m)^name: .*$", f"name: Testland {code.upper()}", text)
        text = re.sub(r"(?m)^iso: .*$", f"iso: {code.upper()}", text)
        text = re.sub(r"(?m)^locales: .*$", f"locales: [en, {others[i % len(others)]}]", text)
        (root / "countries" / f"{code}.yaml").write_text(text)


def scaling(work: Path, sizes: list[tuple[int, int]], env: dict, table: Table) -> None:
    rows = []
    for modules, countries in sizes:
        root = work / f"synthetic-{modules}x{countries}"
        synthetic(root, modules, countries)
        validate, _ = run([str(CURRICULUM), "validate"], root, env)
        plan, _ = run([str(CURRICULUM), "plan", "-a", "law-enforcement", "-c", "xb"], root, env)
        out = root.parent / f"{root.name}-out"
        build, _ = run([str(CURRICULUM), "build", "-f", "html", "--out", str(out)], root, env)
        report = report_of(out)
        variants = sum(report["variants"].values())
        html = sum(p.stat().st_size for p in out.rglob("index.html"))
        rows.append((modules, countries, variants, html, validate, plan, build))
        print(f"  synthetic {modules} modules x {countries} countries: {variants} variants, "
              f"{html / 1e6:.1f} MB of HTML; validate {fmt_s(validate)}, plan {fmt_s(plan)}, "
              f"build -f html {fmt_s(build)}", flush=True)
    for small, row in zip(rows, rows[1:]):  # each size against the one before
        work_ratio = row[2] * row[0] / (small[2] * small[0])  # variants x text per variant
        html_ratio = row[3] / small[3]
        label = f"scaling {small[0]}x{small[1]} -> {row[0]}x{row[1]}"
        table.add(f"{label}: modules x countries, variants x modules, HTML bytes",
                  f"x{row[0] * row[1] / (small[0] * small[1]):.1f}, x{work_ratio:.1f}, "
                  f"x{html_ratio:.1f}")
        for name, index in (("validate", 4), ("plan", 5), ("build -f html", 6)):
            grown = row[index] / small[index]
            # plan makes one pack: its work grows with the library's size (loading) and the
            # modules of one pack, not with the matrix
            allowed = (row[0] + row[1]) / (small[0] + small[1]) if name == "plan" else work_ratio
            table.add(f"{label}: {name} grows", f"x{grown:.1f} ({fmt_s(small[index])} -> "
                      f"{fmt_s(row[index])})", f"<= x{allowed * 1.25:.1f}",
                      grown <= allowed * 1.25)
    # growth exponents against modules x countries, smallest to largest
    small, largest = rows[0], rows[-1]
    span = math.log(largest[0] * largest[1] / (small[0] * small[1]))
    for name, index in (("validate", 4), ("plan", 5), ("build -f html", 6)):
        table.note(f"{name} grows as (modules x countries)^"
                   f"{math.log(largest[index] / small[index]) / span:.2f} over the sizes "
                   f"(1.00 is linear; fixed start-up costs pull it below)")


# ---------------------------------------------------------------------------------------------
# the run


def parse_sizes(text: str) -> list[tuple[int, int]]:
    try:
        sizes = [tuple(int(n) for n in size.split("x")) for size in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are MODULESxCOUNTRIES, comma-separated") from None
    if len(sizes) < 2 or any(len(s) != 2 or min(s) < 1 or s[1] > 78 for s in sizes):
        raise argparse.ArgumentTypeError("give two or more MODULESxCOUNTRIES (countries <= 78)")
    return sizes  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark of builds at matrix scale (issue 12): prints ratios against "
                    "their targets and writes them to bench/results/<timestamp>.txt.")
    parser.add_argument("--countries", help="only these countries, comma-separated (e.g. ke,eg); "
                        "default: the whole bundled matrix")
    parser.add_argument("--skip-pandoc", action="store_true", help="do not run the pandoc peer")
    parser.add_argument("--skip-scaling", action="store_true",
                        help="do not build the synthetic libraries")
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("25x5,50x10,100x20"),
                        help="synthetic library sizes, MODULESxCOUNTRIES (default: "
                             "25x5,50x10,100x20)")
    parser.add_argument("--sample", type=int, default=6,
                        help="packs rendered with both font subsetters (default: 6)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    countries = [c.strip() for c in args.countries.split(",") if c.strip()] \
        if args.countries else None
    filters = ["-c", ",".join(countries)] if countries else []

    work = Path(tempfile.mkdtemp(prefix="curriculum-bench."))
    lib, out = work / "lib", work / "out"
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg-cache")}
    env.pop("SOURCE_DATE_EPOCH", None)
    table = Table()
    scope = f"countries {','.join(countries)}" if countries else "the whole bundled matrix"
    started = time.perf_counter()
    print(f"bench: {scope}; {machine()}; in {work}", flush=True)
    try:
        copy_library(REPO, lib)
        build = [str(CURRICULUM), "build", "--format", "pdf", "--keep-html", "--out", str(out),
                 *filters]

        print("1. cold build against the floor", flush=True)
        cold, _ = run(build, lib, env)
        report = report_of(out)
        packs = sorted(out.rglob("pack.print.html"))
        pdfs = len(list(out.rglob("pack.pdf")))
        cold_cpu = CPU_SECONDS[-1]
        the_floor, floor_cpu = floor(packs, lib / "templates")
        table.add(f"cold build / floor ({pdfs} packs, {CORES} cores)",
                  f"{fmt_s(cold)} / {fmt_s(the_floor)} = {cold / the_floor:.2f}",
                  f"<= {COLD_OVER_FLOOR}", cold / the_floor <= COLD_OVER_FLOOR)
        table.add("cold build / floor in CPU time (work done, whatever the load)",
                  f"{fmt_s(cold_cpu)} / {fmt_s(floor_cpu)} = {cold_cpu / floor_cpu:.2f}")
        table.note(f"load average after the floor: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
                   f" (on a busy machine the build's {CORES} workers share the cores with "
                   f"others, the floor's one process less so: compare the CPU-time ratio)")
        cards = sum(a["seconds"] for a in report["artefacts"] if a["path"].endswith("route-card.pdf"))
        table.note(f"route cards took {cards:.1f} s of worker time in the cold build (the floor "
                   f"renders pack.print.html only)")
        table.add("font subsetting path (this machine; the build uses the same)", subsetting_path())
        subsetting(sample(packs, out, args.sample), lib / "templates", table)

        print("4. peak memory per worker", flush=True)
        peak = report.get("peak_worker_mb")
        table.add("peak worker memory (cold build)", f"{peak} MB", f"<= {PEAK_WORKER_MB:g} MB",
                  peak is not None and peak <= PEAK_WORKER_MB)

        print("2. rebuilds", flush=True)
        noop, _ = run(build, lib, env)
        again = report_of(out)
        table.add("no-change rebuild (whole command)", fmt_s(noop), f"<= {NO_CHANGE_SECONDS:g} s",
                  noop <= NO_CHANGE_SECONDS and bool(again.get("unchanged")) and not built(again))

        holding = manifests(out)
        counts: dict[str, int] = {}
        for ids in holding.values():
            for ident in ids:
                counts[ident] = counts.get(ident, 0) + 1
        fewest = min(counts, key=lambda m: (counts[m], m))
        edit_title(module_file(lib, fewest))
        edit, _ = run(build, lib, env)
        rebuilt = built(report_of(out))
        expected = {slug for slug, ids in holding.items() if fewest in ids}
        got = {a["variant"] for a in rebuilt}
        table.add(f"title edit of {fewest}: PDFs rebuilt / packs holding it",
                  f"{len(rebuilt)} / {counts[fewest]} in {fmt_s(edit)}",
                  "equal, same packs", len(rebuilt) == counts[fewest] and got == expected)

        most = max(counts, key=lambda m: (counts[m], m))
        append_parents_section(module_file(lib, most))
        structural, _ = run(build, lib, env)
        rebuilt = built(report_of(out))
        parents = {slug for slug, ids in holding.items()
                   if most in ids and "/parents/" in f"/{slug}/"}
        others = [a for a in rebuilt if "/parents/" not in f"/{a['variant']}/"]
        table.add(f"parents-only section in {most}: PDFs rebuilt (non-parents) / parents' packs",
                  f"{len(rebuilt)} ({len(others)}) / {len(parents)} in {fmt_s(structural)}",
                  "parents' only, each", not others and {a["variant"] for a in rebuilt
                                                          if a["path"].endswith("pack.pdf")} == parents)

        if not args.skip_pandoc:
            print("3. the peer: pandoc through WeasyPrint", flush=True)
            peer, count, markdown = pandoc_matrix(lib, countries, work / "pandoc", env)
            table.add(f"ours / pandoc, cold matrix ({count} packs, {CORES} at a time)",
                      f"{fmt_s(cold)} / {fmt_s(peer)} = {cold / peer:.2f}")
            table.add("ours / pandoc, one-module edit", f"{fmt_s(edit)} / {fmt_s(peer)} = "
                      f"{edit / peer:.2f}")
            table.note("a pandoc script has no cache: after any edit it renders every pack "
                       "again, so its edit time is its cold time")
            table.note(f"pandoc's Markdown (parts, modules, sections, activities, questions; no "
                       f"agenda, facts, sources, tools or route card) took {markdown:.1f} s to "
                       f"make with curriculum.tailor + localise, not counted in its time")

        if not args.skip_scaling:
            print("5. scaling: synthetic libraries", flush=True)
            scaling(work / "scaling", args.sizes, env, table)
    finally:
        if args.keep:
            print(f"bench: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = (f"curriculum benchmark, {stamp}, {scope}\nmachine: {machine()}\n"
            f"total {time.perf_counter() - started:.0f} s\n\n{table.text()}\n")
    print("\n" + text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stamp}.txt").write_text(text)
    print(f"results in {(RESULTS / f'{stamp}.txt').relative_to(REPO)}")
    return 1 if any(row[3] == "MISSED" for row in table.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
