"""Benchmark: the real tool against a minimal hand-written ReportLab script (the floor).

    python bench/run.py [--runs 5] [--clients 200] [--json]

Every scenario runs as a whole cold process, several times; the table shows the median
with min and max, and each median as a ratio to the floor's (ratios hold on a noisy,
shared machine where absolute times do not). Works on a copy of the project's handouts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOL = [sys.executable, str(REPO / "make_handouts.py")]
FLOOR = [sys.executable, str(REPO / "bench" / "floor.py")]
ONE = "psoas"


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux; else 0)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    family, total = {pid}, 0
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                changed = True
    for member in family:
        try:
            for line in (Path("/proc") / str(member) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def timed(cmd: list[str], *, memory: bool = False) -> tuple[float, int]:
    """Wall time of one cold run of *cmd*, and its peak memory (whole process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    if memory and Path("/proc").is_dir():
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(proc.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        done.set()
        sampler.join()
    else:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return elapsed, peak


def series(runs: int, make_cmd, before=None, *, memory: bool = False) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Median, min and max over *runs* cold runs (and the peak memory seen)."""
    times, peaks = [], []
    for i in range(runs):
        if before:
            before(i)
        t, p = timed(make_cmd(i), memory=memory)
        times.append(t)
        peaks.append(p)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "peak_mb": max(peaks) / 1e6}


WARM = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[5])
from handoutkit.app.watching import rebuild
root, out, slug, runs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rebuild(root, out, None)
path, times = root / "handouts" / (slug + ".yaml"), []
for i in range(runs):
    path.write_text(path.read_text() + "# warm %d\\n" % i)
    start = time.perf_counter()
    built, problems, booklet = rebuild(root, out, [slug])
    times.append(time.perf_counter() - start)
    assert built == [slug] and booklet and not problems, (built, problems)
print(json.dumps(times))
"""


def warm(root: Path, out: Path, runs: int) -> dict[str, float]:
    """One handout changed and rebuilt with the booklet, as `watch` does, in one process."""
    done = subprocess.run([sys.executable, "-c", WARM, str(root), str(out), ONE, str(runs),
                           str(REPO)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed: the watch rebuild\n{done.stderr}")
    times = json.loads(done.stdout)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "peak_mb": 0.0}


def main() -> None:
    """Run every scenario and print the table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    ap.add_argument("--clients", type=int, default=200, help="clients in the batch (default 200)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    try:
        results = run(work, a.runs, a.clients)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.json:
        print(json.dumps(results, indent=2))
    else:
        report(results)


def run(work: Path, runs: int, clients: int) -> dict[str, object]:
    """Measure everything in *work*; returns the figures and what was built."""
    root = work / "project"
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    csv = work / "clients.csv"
    csv.write_text("name,note\n" + "".join(f"Client {i},Stretch daily\n" for i in range(clients)))
    pages = len(list((root / "handouts").glob("*.yaml")))
    out = lambda name, i: str(work / f"{name}-{i}")  # noqa: E731
    res: dict[str, dict[str, float]] = {}
    res["floor: full set"] = series(runs, lambda i: [*FLOOR, str(root), out("floor", i)])
    res["floor: one handout"] = series(runs, lambda i: [*FLOOR, str(root), out("f1", i), "--only", ONE])
    res["floor: batch"] = series(runs, lambda i: [*FLOOR, str(root), out("fb", i), "--only", ONE,
                                                  "--clients", str(clients)])
    res["cold full build"] = series(runs, lambda i: [*TOOL, "--root", str(root), "--out", out("full", i)])
    keep = work / "kept"
    timed([*TOOL, "--root", str(root), "--out", str(keep)])
    res["no-op rebuild"] = series(runs, lambda i: [*TOOL, "--root", str(root), "--out", str(keep)])

    def touch(i: int) -> None:
        path = root / "handouts" / f"{ONE}.yaml"
        path.write_text(path.read_text() + f"# edit {i}\n")

    res["rebuild, one handout changed"] = series(
        runs, lambda i: [*TOOL, "--root", str(root), "--out", str(keep)], touch)
    res["same, in watch (a running process)"] = warm(root, work / "warm", runs)
    res["one personalized handout"] = series(runs, lambda i: [
        *TOOL, "--root", str(root), "build", ONE, "--for", "Paul Rivera", "--out", out("one", i)])
    res["batch, 1 core"] = series(runs, lambda i: [
        *TOOL, "--root", str(root), "build", ONE, "--clients", str(csv), "--jobs", "1",
        "--out", out("b1", i)], memory=True)
    res["batch, all cores"] = series(runs, lambda i: [
        *TOOL, "--root", str(root), "build", ONE, "--clients", str(csv), "--out", out("bn", i)],
        memory=True)
    booklet = keep / "booklet.pdf"
    from pypdf import PdfReader

    def largest(folder: Path) -> float:
        return max(p.stat().st_size for p in folder.glob("*.pdf")) / 1e3

    sizes = {
        "largest handout KB": largest(keep / "handouts"),
        "booklet KB per page": booklet.stat().st_size / len(PdfReader(booklet).pages) / 1e3,
        "floor handout KB": largest(work / "floor-0" / "handouts"),
        "floor booklet KB per page": (work / "floor-0" / "booklet.pdf").stat().st_size / pages / 1e3,
    }
    built = {"handouts": len(list((keep / "handouts").glob("*.pdf"))),
             "booklet pages": len(PdfReader(booklet).pages),
             "batch files": len(list((work / "bn-0" / "clients").rglob("*.pdf"))),
             "clients": clients, "cores": os.cpu_count() or 1}
    return {"times": res, "sizes": sizes, "built": built, "pages": pages}


def report(results: dict) -> None:  # type: ignore[type-arg]
    """Print the table: seconds and ratios to the floor."""
    t, pages = results["times"], results["pages"]
    floor_page = t["floor: full set"]["median"] / pages
    floors = {"cold full build": t["floor: full set"]["median"],
              "one personalized handout": t["floor: one handout"]["median"],
              "batch, 1 core": t["floor: batch"]["median"],
              "batch, all cores": t["floor: batch"]["median"]}
    full = t["cold full build"]["median"]
    print(f"{'scenario':34} {'median s':>9} {'min':>7} {'max':>7}  ratio")
    for name, r in t.items():
        ratio = ""
        if name in floors:
            ratio = f"{r['median'] / floors[name]:.2f}x floor"
        elif name in ("no-op rebuild", "rebuild, one handout changed",
                      "same, in watch (a running process)"):
            ratio = f"{r['median'] / full:.0%} of a full build"
        print(f"{name:34} {r['median']:9.3f} {r['min']:7.3f} {r['max']:7.3f}  {ratio}")
    print(f"\nfull build per page: {full / pages:.3f} s ({full / pages / floor_page:.2f}x the floor's "
          f"{floor_page:.3f} s)")
    speedup = t["batch, 1 core"]["median"] / t["batch, all cores"]["median"]
    print(f"batch speed-up on {results['built']['cores']} cores: {speedup:.2f}x; "
          f"peak memory {t['batch, all cores']['peak_mb']:.0f} MB")
    for name, value in results["sizes"].items():
        print(f"{name}: {value:.1f}")
    print(f"built: {results['built']}")


if __name__ == "__main__":
    main()
