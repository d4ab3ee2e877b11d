"""Benchmark: the real tool against a minimal hand-written ReportLab script (the floor),
and the handout desk (`serve`, a running process) against the same cold command-line builds.

    python bench/run.py [--runs 5] [--clients 200] [--requests 500] [--json] [--desk-only]

Every scenario runs as a whole cold process, several times; the table shows the median
with min and max, and each median as a ratio to the floor's (ratios hold on a noisy,
shared machine where absolute times do not). Works on a copy of the project's handouts.
"""

from __future__ import annotations

import argparse
import compileall
import http.client
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
EIGHT = 8  # handouts in a client's booklet


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


def alternating(runs: int, first, second) -> tuple[dict[str, float], dict[str, float]]:  # type: ignore[no-untyped-def]
    """Like series() for two commands at once, run in turns: first, second, first, ..."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(runs):
        for kept, make_cmd in zip(times, (first, second), strict=True):
            kept.append(timed(make_cmd(i))[0])
    return tuple({"median": statistics.median(t), "min": min(t), "max": max(t),  # type: ignore[return-value]
                  "peak_mb": 0.0} for t in times)


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


class DeskRun:
    """`make_handouts.py serve` on the benchmark's project, asked over HTTP as the page asks."""

    def __init__(self, root: Path, out: Path) -> None:
        self.proc = subprocess.Popen([*TOOL, "--root", str(root), "serve", "--port", "0",
                                      "--no-browser", "--out", str(out)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if "token=" not in line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise SystemExit(f"failed: the desk did not start\n{err}")
        url = line.split(" at ", 1)[1].split()[0]
        self.port = int(url.split(":")[2].split("/")[0])
        self.token = url.split("token=", 1)[1]

    def ask(self, method: str, path: str, body: object = None) -> bytes:
        """One request; the answer's body (a failure ends the benchmark)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=data, headers=headers)
            answer = conn.getresponse()
            payload = answer.read()
        finally:
            conn.close()
        if answer.status != 200:
            raise SystemExit(f"failed: {method} {path}: {answer.status} {payload[:300]!r}")
        return payload

    def timed(self, method: str, path: str, body: object = None) -> float:
        """Seconds one request takes, from sending to the last byte of the answer."""
        start = time.perf_counter()
        self.ask(method, path, body)
        return time.perf_counter() - start

    def stop(self) -> None:
        """Ctrl-C, as a person stops it."""
        import signal

        self.proc.send_signal(signal.SIGINT)
        self.proc.communicate(timeout=60)


def figures(times: list[float]) -> dict[str, float]:
    """Median, min and max of some timings."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "peak_mb": 0.0}


def desk(root: Path, work: Path, runs: int, requests: int, eight: list[str]) -> dict[str, object]:
    """The desk's figures: one personal handout, an 8-handout client booklet and the edit
    preview, each answered by the warm desk, and its memory over *requests* requests."""
    served = DeskRun(root, work / "desk-out")
    try:
        for item in json.loads(served.ask("GET", "/api/handouts")):  # the page loads them all
            served.ask("GET", item["thumbnail"])
        source = json.loads(served.ask("GET", f"/api/handouts/{ONE}/source"))["yaml"]
        one = lambda i: {"slugs": [ONE], "client": {"name": f"Paul Rivera {i}"}}  # noqa: E731
        book = lambda i: {"slugs": eight, "client": {"name": f"Paul Rivera {i}"}, "booklet": True}  # noqa: E731
        edit = lambda i: {"slug": ONE, "yaml": f"{source}# edit {i}\n"}  # noqa: E731
        for i in range(2):  # the first of each kind loads what it needs
            served.ask("POST", "/api/pdf", one(-1 - i))
            served.ask("POST", "/api/pdf", book(-1 - i))
            served.ask("POST", "/api/preview", edit(-1 - i))
        res = {"desk: one personalized handout": figures(
                   [served.timed("POST", "/api/pdf", one(i)) for i in range(runs)]),
               "desk: client booklet, 8 handouts": figures(
                   [served.timed("POST", "/api/pdf", book(i)) for i in range(runs)]),
               "desk: edit preview": figures(
                   [served.timed("POST", "/api/preview", edit(i)) for i in range(runs)])}
        mix = [lambda i: ("POST", "/api/pdf", one(1000 + i)), lambda i: ("POST", "/api/preview", edit(i)),
               lambda i: ("GET", "/api/handouts", None), lambda i: ("GET", f"/api/handouts/{ONE}.png", None),
               lambda i: ("GET", "/api/history", None)]
        for i in range(50):  # settle: every kind of request once, several times
            served.ask(*mix[i % len(mix)](i))
        before = tree_rss(served.proc.pid)
        for i in range(requests):
            served.ask(*mix[i % len(mix)](100 + i))
        after = tree_rss(served.proc.pid)
    finally:
        served.stop()
    return {"times": res, "memory": {"requests": requests, "before MB": before / 1e6,
                                     "after MB": after / 1e6, "growth MB": (after - before) / 1e6}}


def main() -> None:
    """Run every scenario and print the table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    ap.add_argument("--clients", type=int, default=200, help="clients in the batch (default 200)")
    ap.add_argument("--requests", type=int, default=None,
                    help="requests to the desk while its memory is watched (default 500; 50 with --runs 1)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--desk-only", action="store_true",
                    help="only the desk and the command-line builds it is compared with")
    a = ap.parse_args()
    requests = a.requests if a.requests is not None else (50 if a.runs == 1 else 500)
    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    try:
        results = run(work, a.runs, a.clients, requests, desk_only=a.desk_only)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.json:
        print(json.dumps(results, indent=2))
    else:
        report(results)


def run(work: Path, runs: int, clients: int, requests: int = 500, *,
        desk_only: bool = False) -> dict[str, object]:
    """Measure everything in *work*; returns the figures and what was built."""
    # The package's bytecode, as an installed package has it: otherwise a shell that sets
    # PYTHONDONTWRITEBYTECODE makes every run compile the tool's sources again (the floor,
    # one small script, compiles itself either way)
    compileall.compile_dir(str(REPO / "handoutkit"), quiet=1)
    # The English set, as the floor builds it (translations are measured on their own below)
    root, both = work / "project", work / "project-with-translations"
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns("es") if folder == "handouts" else None)
        shutil.copytree(REPO / folder, both / folder)
    eight = booklet_slugs(root)
    out = lambda name, i: str(work / f"{name}-{i}")  # noqa: E731
    compare = {
        "one personalized handout": series(runs, lambda i: [
            *TOOL, "--root", str(root), "build", ONE, "--for", "Paul Rivera", "--out", out("one", i)]),
        "client booklet, 8 handouts": series(runs, lambda i: [
            *TOOL, "--root", str(root), "booklet", *eight, "--for", "Paul Rivera",
            "--out", f"{out('b8', i)}.pdf"])}
    served = desk(root, work, runs, requests, eight)
    if desk_only:
        return {"times": {**compare, **served["times"]}, "memory": served["memory"], "sizes": {},  # type: ignore[dict-item]
                "built": {}, "pages": 0, "desk_only": True}
    csv = work / "clients.csv"
    csv.write_text("name,note\n" + "".join(f"Client {i},Stretch daily\n" for i in range(clients)))
    pages = len(list((root / "handouts").glob("*.yaml")))
    res: dict[str, dict[str, float]] = {}
    # the floor and the full build take turns, so a machine that slows down for a while
    # slows both alike and the ratio holds
    res["floor: full set"], res["cold full build"] = alternating(
        runs, lambda i: [*FLOOR, str(root), out("floor", i)],
        lambda i: [*TOOL, "--root", str(root), "--out", out("full", i)])
    res["floor: one handout"] = series(runs, lambda i: [*FLOOR, str(root), out("f1", i), "--only", ONE])
    res["floor: batch"] = series(runs, lambda i: [*FLOOR, str(root), out("fb", i), "--only", ONE,
                                                  "--clients", str(clients)])
    res["cold full build, English and Spanish"] = series(
        runs, lambda i: [*TOOL, "--root", str(both), "--out", out("both", i)])
    keep = work / "kept"
    timed([*TOOL, "--root", str(root), "--out", str(keep)])
    res["no-op rebuild"] = series(runs, lambda i: [*TOOL, "--root", str(root), "--out", str(keep)])

    def touch(i: int) -> None:
        path = root / "handouts" / f"{ONE}.yaml"
        path.write_text(path.read_text() + f"# edit {i}\n")

    res["rebuild, one handout changed"] = series(
        runs, lambda i: [*TOOL, "--root", str(root), "--out", str(keep)], touch)
    res["same, in watch (a running process)"] = warm(root, work / "warm", runs)
    res.update(compare)
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
    res.update(served["times"])  # type: ignore[arg-type]
    return {"times": res, "sizes": sizes, "built": built, "pages": pages,
            "memory": served["memory"]}


def booklet_slugs(root: Path) -> list[str]:
    """The first EIGHT handouts in booklet order that build on their own."""
    import sys as _sys

    _sys.path.insert(0, str(REPO))
    from handoutkit.app.authoring import list_handouts

    def builds(*slugs: str) -> bool:
        return subprocess.run([*TOOL, "--root", str(root), "build", *slugs, "--out",
                               str(root.parent / "probe")], capture_output=True, check=False).returncode == 0

    slugs = [h.slug for h in list_handouts(root)]
    if builds(*slugs[:EIGHT]):
        return slugs[:EIGHT]
    return [s for s in slugs if builds(s)][:EIGHT]  # a handout being worked on is left out


def report_desk(results: dict) -> None:  # type: ignore[type-arg]
    """The desk's lines: each answer against the same cold command-line build, and memory."""
    t = results["times"]
    print(f"\n{'the desk (a running process)':34} {'median s':>9} {'min':>7} {'max':>7}  ratio")
    for name, cold in (("desk: one personalized handout", "one personalized handout"),
                       ("desk: client booklet, 8 handouts", "client booklet, 8 handouts"),
                       ("desk: edit preview", None)):
        r = t[name]
        ratio = f"{r['median'] / t[cold]['median']:.2f}x the cold CLI ({t[cold]['median']:.2f} s)" \
            if cold else ""
        print(f"{name:34} {r['median']:9.3f} {r['min']:7.3f} {r['max']:7.3f}  {ratio}")
    m = results["memory"]
    print(f"desk memory: {m['before MB']:.0f} MB, then {m['after MB']:.0f} MB after {m['requests']} "
          f"requests ({m['growth MB']:+.1f} MB)")


def report(results: dict) -> None:  # type: ignore[type-arg]
    """Print the table: seconds and ratios to the floor."""
    if results.get("desk_only"):
        report_desk(results)
        return
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
    report_desk(results)


if __name__ == "__main__":
    main()
