"""Benchmark: a local authority's worth of policies.

    python bench/run.py [--scale 1.0] [--keep DIR]      (also: make bench)
    python bench/run.py --settings 20                    settings only: 20 settings of the real data's size
    python bench/run.py --desk 20                        desk only: 20 saves of each form, Homerton and --scale

Synthesises a large data set from the bundled one (bench/synth.py), builds it, and prints a
table of stage times, peak memory and the targets as ratios, so the figures mean something
on a noisy machine, then the figures in one table with the date and the machine.

It exits 1 when a ratio figure is worse than its target, and warns when an absolute figure is
more than 25% worse than the last one recorded on the same kind of machine (bench/targets.py,
bench/recorded.json).  `--record` makes this run's absolute figures the recorded ones: only on
a quiet machine.  Where the machine is shared, compare CPU times and ratios measured in one
run, not wall-clock times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import targets  # noqa: E402
from synth import synthesise  # noqa: E402

REPO = HERE.parent
PY = sys.executable
# Python may write bytecode, as after a `pip install` (which compiles the package): where the
# environment forbids it (PYTHONDONTWRITEBYTECODE), every child process would compile the
# generator's modules again and the figures would measure the compiler (0.4 s of a site build).
ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "HANDBOOK_DATE": "2026-11-28",
    "NO_MKDOCS_2_WARNING": "1",
}


def compile_package() -> None:
    """The generator's modules compiled once, before anything is timed (see ENV)."""
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "generator")], env=ENV, check=True)


def run(args: list[str], cwd: Path) -> tuple[float, str, int]:
    """Run a command; return wall seconds, stderr and the child's peak RSS in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, result.stderr, max(peak, before) // 1024


def run_cpu(args: list[str], cwd: Path) -> float:
    """Run a command; return the CPU seconds (user + system) it and its children used.  On a
    shared machine this, not the wall time, is what compares between two commands."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def stage_times(stderr: str) -> dict[str, tuple[str, float]]:
    """The progress lines of `handbook build`: '  <stage, 14 wide> <detail> <seconds> s'
    -> {stage: (detail, seconds)}, e.g. {'pdf': ('42 rendered, 0 reused', 196.7)}."""
    return {
        line[2:16].strip(): (line[17:].rsplit(None, 2)[0].strip(), float(line.split()[-2]))
        for line in stderr.splitlines()
        if line.startswith("  ") and line.endswith(" s")
    }


LOAD_CHECK = """
import sys, time
from pathlib import Path
from generator.core.project import Project
from generator.pipeline.handbook import load_and_check
root = Path(sys.argv[1])
times = []
for _ in range(4):
    start = time.process_time()
    load_and_check(Project.at(root, root / "policy_data"))
    times.append(time.process_time() - start)
print(times[0], min(times[1:]))
"""


def load_check_seconds(root: Path) -> tuple[float, float]:
    """(first run, best of the next three) in one process, CPU seconds.  The first run also pays one-off
    costs that do not grow with the data: the pronouncing dictionary entries for the notice's
    readability score, and Python's first calls (regular expressions, pydantic validators)."""
    out = subprocess.run([PY, "-c", LOAD_CHECK, str(root)], env=ENV, capture_output=True, text=True, check=True)
    first, best = map(float, out.stdout.split())
    return first, best


def floor_seconds(root: Path, work: Path, prerendered: bool = False) -> float:
    """The same generated Markdown built by plain `mkdocs build`, without our plugin: the floor
    (CPU seconds, best of three).

    By default the marker comments around pre-rendered HTML are taken out: plain MkDocs reads
    them as extra HTML blocks, which would slow the floor down and flatter the ratio.  With
    `prerendered`, the markers stay and the floor gets our Markdown extension too, so it skips
    the same parsing the hook skips: what is left of the difference is our own work (loading,
    checking and rendering the data)."""
    code = (
        "import sys; from pathlib import Path; from generator.pipeline.handbook import load_and_check;"
        "from generator.core.project import Project;"
        "from generator.site.pages import site_pages; from generator.core.prerendered import without_markers;"
        "hb, _ = load_and_check(Project.at(Path(sys.argv[1])));"
        "out = Path(sys.argv[2]); keep = sys.argv[3] == 'keep';"
        "[(out / p).parent.mkdir(parents=True, exist_ok=True) or (out / p).write_text(c if keep else without_markers(c))"
        " for p, c in site_pages(hb).items()]"
    )
    docs = work / "docs"
    shutil.copytree(root / "docs", docs)
    subprocess.run([PY, "-c", code, str(root), str(docs), "keep" if prerendered else "strip"], env=ENV, check=True)
    config = (root / "mkdocs.yml").read_text()
    config = re.sub(r"\n  - handbook:\n(      .*\n)*", "\n", config)  # without our plugin
    if prerendered:
        config = config.replace("\nmarkdown_extensions:\n", "\nmarkdown_extensions:\n  - generator.core.prerendered\n")
    (work / "mkdocs.yml").write_text(config)
    return min(run_cpu([PY, "-m", "mkdocs", "build", "-q"], work) for _ in range(3))


def hooked_seconds(root: Path, site: Path) -> tuple[float, float]:
    """`mkdocs build` with our plugin, in CPU seconds: (the first build, which loads the data,
    best of the next three, which use the site data kept from it: site/site_cache.py)."""
    (root / "build" / ".cache" / "site-plan.json").unlink(missing_ok=True)
    args = [PY, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    first = run_cpu(args, root)
    return first, min(run_cpu(args, root) for _ in range(3))


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread) a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_edit_seconds(root: Path, edits: int = 5) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Start `handbook serve`; time until the served page shows (1) an edited statement, a few
    times over (each edit changes the next statement), and (2) an edited policy title, which
    changes the menu on every page and so rebuilds them all.  Each as (wall seconds, the
    server's CPU seconds): on a shared machine the CPU time is the figure that compares."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/policies/policy-002.html"
    policy = root / "policy_data/policies/policy-002.yaml"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def edit_and_wait(old: str, new: str, expect: str) -> tuple[float, float]:
        """(wall seconds, the server's CPU seconds) from the edit until the page shows it."""
        start, cpu_start = time.perf_counter(), process_cpu_seconds(server.pid)
        policy.write_text(policy.read_text().replace(old, new, 1))
        while expect not in page():
            if time.perf_counter() - start > 300:
                return float("inf"), float("inf")
            # Every look at the page costs the server CPU too (it is in the figure): not too often.
            time.sleep(0.05)
        return time.perf_counter() - start, process_cpu_seconds(server.pid) - cpu_start

    server = subprocess.Popen(
        [PY, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while "Policy 2" not in page():
            if time.monotonic() > deadline:
                sys.exit("bench: handbook serve did not start")
            time.sleep(0.5)
        statements = []
        for n in range(edits):
            time.sleep(2)  # a person reads the page before the next edit
            marker = f"Edit {n + 1} here."
            statements.append(edit_and_wait("text: ", f"text: {marker} ", marker))
        time.sleep(2)
        title = edit_and_wait("title: Policy 2", "title: Policy 2 (edited)", "Policy 2 (edited)")
        return statements, title
    finally:
        server.terminate()
        server.wait(timeout=30)


def settings_repository(root: Path, count: int) -> None:
    """The example's model (the real policy's size) and `count` settings that adopt it, each
    with one statement worded its own way."""
    example = REPO / "examples/local-authority"
    root.mkdir(parents=True)
    for name in ("model", "docs", "schemas", "mkdocs.yml"):
        (shutil.copytree if (example / name).is_dir() else shutil.copy2)(example / name, root / name)
    for n in range(1, count + 1):
        sid = f"setting-{n:02d}"
        run([PY, "-m", "generator.cli", "new-setting", sid, "--name", f"Setting {n:02d} Nursery"], root)
        overrides = root / "settings" / sid / "overrides.yaml"
        overrides.write_text(
            overrides.read_text().replace(
                "replace: []\n",
                (
                    "replace:\n  - id: CONF-AIM-01\n"
                    f"    text: Setting {n:02d} keeps what it is told in confidence.\n"
                    "    model_text: Ensure that all members of our community are aware of our confidentiality policy and procedures.\n"
                ),
            )
        )


PAGE_RATE = """
import json, re, subprocess, sys, tempfile, time
from pathlib import Path
from generator.core.pdf import PdfRenderer
renderer = PdfRenderer()
renderer.render("<p>warm up</p>")  # fonts found once, as a worker does
build = Path(sys.argv[1])
rates = {}
for kind, (folder, pattern) in json.loads(sys.argv[2]).items():
    htmls = sorted(
        (p for p in (build / folder).glob("*.html") if re.fullmatch(pattern, p.name)), key=lambda p: p.stat().st_size
    )
    if not htmls:
        continue
    largest = htmls[-1]
    start = time.process_time()
    pdf = renderer.render(largest.read_text(encoding="utf-8"))
    seconds = time.process_time() - start
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        out.write(pdf)
        out.flush()
        info = subprocess.run(["pdfinfo", out.name], capture_output=True, text=True, check=True).stdout
    rates[kind] = (largest.stem, int(re.search(r"Pages:\\s+(\\d+)", info).group(1)), seconds)
print(json.dumps(rates))
"""
# Every kind of printed document: (its folder under build/, the pattern of its HTML files'
# names).  The notices are fair-processing-notice[.<lang>][.large-print].html; the due list
# is written by `handbook due`, into build/private/ when the staff records are there.
PRINTED_KINDS: dict[str, tuple[str, str]] = {
    "checklist": ("print/checklists", r"[^.]+\.html"),
    "notice": ("print/parents", r"[^.]+\.html"),
    "translated notice": ("print/parents", r"[^.]+\.[a-z]{2,3}(-[A-Za-z]+)?\.html"),
    "large-print notice": ("print/parents", r"[^.]+(\.[a-z]{2,3})?\.large-print\.html"),
    "training pack": ("print/training", r"[^.]+\.html"),
    "due list": ("private", r"due\.html"),
}

CHECKLIST_RATE = """
import re, subprocess, sys, tempfile, time
from pathlib import Path
from generator.core.pdf import PdfRenderer
from generator.core.project import Project
from generator.features.checklists.render import role_checklists
from generator.pipeline.features import context
from generator.pipeline.handbook import load_and_check
root = Path(sys.argv[1])
hb = load_and_check(Project.at(root, root / "policy_data"))[0]
html = max(role_checklists(hb, context(hb)).values(), key=len)
renderer = PdfRenderer()
renderer.render("<p>warm up</p>")
start = time.process_time()
pdf = renderer.render(html)
seconds = time.process_time() - start
with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
    out.write(pdf)
    out.flush()
    info = subprocess.run(["pdfinfo", out.name], capture_output=True, text=True, check=True).stdout
print(int(re.search(r"Pages:\\s+(\\d+)", info).group(1)), seconds)
"""


def checklist_ms_per_page(root: Path) -> tuple[int, float]:
    """The largest checklist of a project rendered alone in a fresh process, without a build:
    (pages, CPU milliseconds a page)."""
    out = subprocess.run(
        [PY, "-c", CHECKLIST_RATE, str(root)], cwd=root, env=ENV, capture_output=True, text=True, check=True
    )
    pages, seconds = out.stdout.split()
    return int(pages), 1000 * float(seconds) / int(pages)


def page_rates(build: Path) -> dict[str, tuple[str, int, float]]:
    """Per kind of printed document, its largest one rendered alone in a fresh process:
    {kind: (name, pages, CPU seconds)}.  CPU time, not wall time: these machines are shared,
    and a document's own cost is what grows with the data (issue 31: a footer laid out again
    on every page, and Python's garbage collector walking every page's boxes again and again,
    made the per-page cost grow with the number of pages)."""
    out = subprocess.run(
        [PY, "-c", PAGE_RATE, str(build), json.dumps(PRINTED_KINDS)],
        cwd=build.parent,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return {kind: tuple(value) for kind, value in json.loads(out.stdout).items()}


DESK_PREVIEW = """
import json, statistics, sys, time
from pathlib import Path
from generator.core.project import Project
from generator.desk.notice import preview
root = Path(sys.argv[1])
notice = root / "policy_data/notices/fair-processing-notice.yaml"
project = Project.at(root, root / "policy_data")
def call():
    if preview(project, "fair-processing-notice") is None:
        sys.exit("the notice's preview gave nothing (the data has errors, or no such notice)")
call()  # the desk is running: its first preview has been made
walls, cpus = [], []
for n in range(3):
    # what a save from the notice's form does: the file's new bytes on disk
    notice.write_text(notice.read_text(encoding="utf-8").replace("title: ", f"title: Saved {n} ", 1), encoding="utf-8")
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
print(json.dumps({"wall": statistics.median(walls), "cpu": statistics.median(cpus)}))
"""


def desk_preview_seconds(root: Path) -> dict[str, float]:
    """The desk's notice preview after a save (issue 29): {"wall", "cpu"} seconds, median of
    three saves in one warm process (generator.desk.notice.preview)."""
    out = subprocess.run([PY, "-c", DESK_PREVIEW, str(root)], cwd=root, env=ENV, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: the desk's notice preview failed:\n{out.stderr[-3000:]}")
    result: dict[str, float] = json.loads(out.stdout)
    return result


def pdf_counts(stderr: str) -> tuple[int, int]:
    """PDFs rendered and reused, summed over every build whose progress lines are in stderr."""
    found = re.findall(r"pdf\s+(\d+) rendered, (\d+) reused", stderr)
    return sum(int(a) for a, _ in found), sum(int(b) for _, b in found)


def settings_bench(work: Path, count: int) -> tuple[dict[str, float], dict[str, float]]:
    """Print the settings figures; return (ratio figures, absolute figures) for the verdict."""
    root = work / "settings-repo"
    settings_repository(root, count)
    cores = os.cpu_count() or 1
    # One setting alone, on one core (PDFs too): the unit the target divides by the cores.
    single, single_err, _ = run([PY, "-m", "generator.cli", "build", "--setting", "setting-01", "--jobs", "1"], root)
    shutil.rmtree(root / "build")
    cold, cold_err, peak = run([PY, "-m", "generator.cli", "build", "--all-settings"], root)
    model = root / "model/policy_data/policies/confidentiality.yaml"
    # A statement every setting shows on its policy page and checklists, but not on its notice.
    model.write_text(model.read_text().replace("a whole Centre issue", "a whole-Centre issue", 1))
    edited, edited_err, _ = run([PY, "-m", "generator.cli", "build", "--all-settings"], root)
    rendered, reused = pdf_counts(edited_err)
    ideal = count * single / cores
    print(f"Settings: {count} settings adopting one model of the real data's size, {cores} cores")
    print(f"  one setting built alone on one core: {single:.2f} s ({pdf_counts(single_err)[0]} PDFs)")
    print(
        f"  cold build --all-settings: {cold:.2f} s, peak {peak} MiB; {count} single builds / {cores} cores = {ideal:.2f} s: "
        f"ratio {cold / ideal:.2f} (target <= 1.2)"
    )
    print(
        f"  one model statement edited (each setting's policy page and checklists show it, its notice does not): rebuild {edited:.2f} s = {edited / cold:.0%} of cold; "
        f"PDFs rendered {rendered}, reused {reused}"
    )
    return {"settings cold over ideal parallel": cold / ideal}, {"settings: cold build --all-settings (wall)": cold}


def desk_bench(work: Path, scaled: Path, saves: int) -> dict[str, float]:
    """Print the desk's form save times on Homerton's data (a copy) and on the scaled project;
    return the absolute figures (each the slowest form's median, in ms)."""
    from desk_saves import report, save_times

    homerton = work / "homerton"
    homerton.mkdir()
    for name in ("policy_data", "docs", "checklists"):
        shutil.copytree(REPO / name, homerton / name)
    shutil.copy2(REPO / "mkdocs.yml", homerton / "mkdocs.yml")
    as_of = ENV["HANDBOOK_DATE"]
    here = report("Homerton's data", save_times(homerton, "confidentiality", saves, as_of))
    scale = report("the scaled project", save_times(scaled, "policy-001", saves, as_of))
    return {
        "desk: slowest form save, median, Homerton (ms)": max(here.values()),
        "desk: slowest form save, median, at scale (ms)": max(scale.values()),
    }


def figures_table(ratios: dict[str, float], absolutes: dict[str, float], note: str) -> str:
    """Every figure of this run in one Markdown table, with the date and the machine, as the
    README keeps them (paste it there after a run on a quiet machine)."""
    head = (
        f"Figures of {dt.date.today().isoformat()} on {targets.machine_kind()} ({platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}); {note}\n\n| figure | value | target |\n|---|---|---|\n"
    )
    rows = [f"| {name} | {value:.2f} | <= {targets.RATIO_TARGETS[name]:.2f} |" for name, value in ratios.items()]
    rows += [f"| {name} | {value:.3g} | |" for name, value in absolutes.items()]
    return head + "\n".join(rows)


def verdict(ratios: dict[str, float], absolutes: dict[str, float], record: bool, note: str) -> int:
    """Print the figures table, then the failures and warnings; record the absolute figures
    when asked.  The exit status: 1 when a ratio is worse than its target."""
    recorded, when = targets.load_recorded()
    result = targets.judge(ratios, absolutes, recorded)
    print()
    print(figures_table(ratios, absolutes, note))
    print()
    if not absolutes:
        print("Absolute figures are compared at the full scale only")
    elif recorded:
        print(
            f"Absolute figures compared with those recorded on {when} on this kind of machine ({targets.machine_kind()})"
        )
    else:
        print(
            f"No figures recorded yet on this kind of machine ({targets.machine_kind()}): bench/run.py --record on a quiet one"
        )
    for line in result.failures + result.warnings:
        print(line)
    if record:
        kept_ratios = targets.load_recorded_ratios()
        targets.record(
            {**(recorded or {}), **absolutes}, dt.date.today().isoformat(), note, ratios={**kept_ratios, **ratios}
        )
        targets.write_manual_table()
        print(
            f"recorded in {targets.RECORDED.relative_to(REPO)} and in the table of {targets.MANUAL_PAGE.relative_to(REPO)}"
        )
    return result.exit_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 200 policies x 40 statements, 30 roles, 500 staff"
    )
    parser.add_argument("--keep", type=Path, help="keep the synthetic project in this folder")
    parser.add_argument(
        "--settings",
        type=int,
        default=0,
        metavar="N",
        help="only the settings scale: N settings adopting a model of the real data's size",
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="make this run's absolute figures the last recorded ones for this kind of machine "
        "(bench/recorded.json): only on a quiet machine",
    )
    parser.add_argument(
        "--desk",
        type=int,
        default=0,
        metavar="N",
        help="only the desk's form saves: N saves of each form, on Homerton's data and at --scale",
    )
    args = parser.parse_args()
    compile_package()
    note = (
        "a quiet machine (recorded)"
        if args.record
        else "CPU times and ratios compare on a shared machine; wall times do not"
    )
    if args.settings:
        work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
        ratios, absolutes = settings_bench(work, args.settings)
        shutil.rmtree(work, ignore_errors=True)
        return verdict(ratios, absolutes, args.record, note)
    if args.desk:
        work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
        policies = max(2, round(200 * args.scale))
        synthesise(work / "project", policies=policies, statements=40, roles=30, staff=round(500 * args.scale))
        desk = desk_bench(work, work / "project", args.desk)
        shutil.rmtree(work, ignore_errors=True)
        return verdict({}, desk if args.scale == 1.0 else {}, args.record and args.scale == 1.0, note)
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    root = args.keep or work / "project"
    policies = max(2, round(200 * args.scale))
    sizes = synthesise(root, policies=policies, statements=40, roles=30, staff=round(500 * args.scale))
    # Half the policies and nothing else changed, so the two load + check figures compare
    # like with like (staff records are not part of it; translations are).
    half = synthesise(work / "half", policies=max(2, policies // 2), statements=40, roles=30, staff=10)

    lc_first, lc_full = load_check_seconds(root)
    _, lc_half = load_check_seconds(work / "half")
    cold, cold_err, peak = run([PY, "-m", "generator.cli", "build"], root)
    stages = stage_times(cold_err)
    warm, warm_err, _ = run([PY, "-m", "generator.cli", "build"], root)
    policy = root / "policy_data/policies/policy-001.yaml"
    policy.write_text(policy.read_text().replace("Section 1", "Section one", 1))
    edited, edited_err, _ = run([PY, "-m", "generator.cli", "build"], root)
    # CPU time, best of three, for both sides of the ratio: single runs vary, and wall times
    # on a shared machine vary with everyone else's work.
    hooked_first, hooked = hooked_seconds(root, work / "hooked-site")
    floor = floor_seconds(root, work / "floor")
    floor_prerendered = floor_seconds(root, work / "floor-prerendered", prerendered=True)
    serve_edit = serve_edit_seconds(root)
    run([PY, "-m", "generator.cli", "due"], root)  # the due list, a printed document of its own
    rates = page_rates(root / "build")
    preview = desk_preview_seconds(root)
    # The per-page cost of the largest checklist here and at a quarter of the full scale, each
    # rendered alone from the same code path: it should not grow with the data.
    quarter = synthesise(work / "quarter", policies=50, statements=40, roles=30, staff=10)
    checklist_here = checklist_ms_per_page(root)
    checklist_quarter = checklist_ms_per_page(work / "quarter")

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    print(
        f"Sizes: {sizes['policies']} policies, {sizes['statements']} statements, {sizes['roles']} roles, "
        f"{sizes['staff']} staff records, {sizes['translations']} notice translations"
    )
    print()
    print(f"{'stage':<32}{'seconds':>10}   what")
    for name, (detail, seconds) in stages.items():
        print(f"{'  ' + name:<32}{seconds:>10.2f}   {detail}")
    print(f"{'cold build, total (wall)':<32}{cold:>10.2f}")
    print(f"{'peak memory of the build':<32}{peak:>9} MiB")
    print()
    print("Printed documents: the largest of each kind rendered alone (CPU time, one process)")
    for kind, (name, pages, seconds) in rates.items():
        print(
            f"  {kind:<20}{pages / seconds:>8.1f} pages/s  {1000 * seconds / pages:>6.1f} ms/page   "
            f"{name}: {pages} pages in {seconds:.2f} s"
        )
    print(
        f"  the largest checklist here: {checklist_here[1]:.1f} ms/page ({checklist_here[0]} pages); at scale 0.25 "
        f"({quarter['statements']} statements): {checklist_quarter[1]:.1f} ms/page ({checklist_quarter[0]} pages): "
        f"ratio {checklist_here[1] / checklist_quarter[1]:.2f}" + (" (target <= 1.2)" if args.scale == 1.0 else "")
    )
    print()
    print("Targets")
    print(
        f"  load + check, {sizes['statements']} statements: {lc_full:.2f} s CPU (target < 1 s); "
        f"first run in a fresh process {lc_first:.2f} s (includes one-off costs)"
    )
    print(
        f"  load + check, {half['statements']} statements: {lc_half:.2f} s; "
        f"cost ratio {lc_full / lc_half:.2f} for {sizes['statements'] / half['statements']:.1f}x the statements (linear: ~{sizes['statements'] / half['statements']:.1f})"
    )
    print(
        f"  site via hook {hooked:.2f} s CPU (data unchanged since the last build) vs plain mkdocs floor {floor:.2f} s: "
        f"ratio {hooked / floor:.2f} (target <= 1.2)"
    )
    print(
        f"    the floor given our pre-rendered HTML too {floor_prerendered:.2f} s: ratio {hooked / floor_prerendered:.2f} "
        f"(target <= 1.1: what our loading, checking and page rendering add)"
    )
    print(
        f"    the first build, which loads and checks the data: {hooked_first:.2f} s CPU, ratio {hooked_first / floor_prerendered:.2f}"
    )
    print(f"  unchanged rebuild {warm:.2f} s = {warm / cold:.0%} of cold (target <= 25%)")
    edited_pdf = re.search(r"pdf\s+(\d+) rendered, (\d+) reused", edited_err)
    print(
        f"  one policy edited: rebuild {edited:.2f} s"
        + (f", PDFs rendered {edited_pdf.group(1)}, reused {edited_pdf.group(2)}" if edited_pdf else "")
    )
    statements, (title_wall, title_cpu) = serve_edit
    walls, cpus = [w for w, _ in statements], [c for _, c in statements]
    print(
        f"  handbook serve: an edited statement shows in {statistics.median(walls):.2f} s, median of "
        f"{len(statements)} edits ({', '.join(f'{t:.2f}' for t in walls)}) (target <= 0.8 s); the server's CPU "
        f"{statistics.median(cpus):.2f} s ({', '.join(f'{t:.2f}' for t in cpus)}); "
        f"an edited policy title (menu of every page changes) in {title_wall:.2f} s ({title_cpu:.2f} s CPU)"
    )
    desk = desk_bench(work, root, 20)
    print(
        f"  desk: the notice's preview after a save: {preview['wall']:.2f} s, median of 3 saves "
        f"({preview['cpu']:.2f} s CPU)"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    ratios = {"site over the fair floor": hooked / floor_prerendered}
    if args.scale == 1.0:  # the target compares full scale with a quarter of it
        ratios["checklist ms/page, full scale over scale 0.25"] = checklist_here[1] / checklist_quarter[1]
    absolutes = {
        "cold build, total (wall)": cold,
        "load + check, best of three (CPU)": lc_full,
        "site via hook, best of three (CPU)": hooked,
        "one policy edited: rebuild (wall)": edited,
        "serve: edited statement shows, median (wall)": statistics.median(walls),
        "serve: edited statement, the server's CPU, median": statistics.median(cpus),
        **desk,
        "desk: notice preview after a save (wall)": preview["wall"],
    }
    if "pdf" in stages:
        absolutes["PDF stage, cold (wall)"] = stages["pdf"][1]
    for kind, (_, pages, seconds) in rates.items():
        absolutes[f"{kind} ms/page (CPU)"] = 1000 * seconds / pages
    if args.scale != 1.0:  # absolute figures are recorded and compared at the full scale only
        absolutes = {}
        note += f"; --scale {args.scale}: absolute figures not compared"
    return verdict(ratios, absolutes, args.record and args.scale == 1.0, note)


if __name__ == "__main__":
    sys.exit(main())
