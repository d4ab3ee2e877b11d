"""`watch`: polls for saved files, rebuilds only what changed, shows problems and goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoutkit.app.making import request
from handoutkit.app.watching import Pace, changed, plan, snapshot, watch_loop
from tests import support

REPO = Path(__file__).resolve().parents[2]


def save(path: Path, text: str) -> None:
    """Write like an editor does, and make sure the modification time moves on."""
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


class Watcher:
    """watch_loop running in a thread, its lines collected."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch_loop, args=(request(root), self.lines.append),
                                       kwargs={"pace": Pace(0.03, 0.01), "stop": self.stop},
                                       daemon=True)

    def wait_for(self, text: str, start: int = 0, timeout: float = 300) -> int:
        """Index of the first line from *start* on that contains *text*."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, line in enumerate(self.lines[start:], start):
                if text in line:
                    return i
            time.sleep(0.02)
        raise AssertionError(f"no line with {text!r} in {self.lines}")


@pytest.fixture
def watcher(make_project) -> Iterator[Watcher]:
    make_project.write("alpha", support.handout_yaml("Alpha", 1))
    make_project.write("beta", support.handout_yaml("Beta", 2))
    w = Watcher(make_project.root)
    w.thread.start()
    try:
        yield w
    finally:
        w.stop.set()
        w.thread.join(10)
    assert not w.thread.is_alive(), "watch_loop did not stop when asked"


def test_saving_a_handout_rebuilds_only_that_one(watcher: Watcher, make_project) -> None:
    first = watcher.wait_for("rebuilt 2 handouts and the booklet in ")
    pdfs = make_project.out / "handouts"
    beta_before = (pdfs / "beta.pdf").stat().st_mtime_ns
    alpha_before = (pdfs / "alpha.pdf").read_bytes()
    save(make_project.handouts / "alpha.yaml", support.handout_yaml("Alpha", 1, text="New words in alpha."))
    i = watcher.wait_for("rebuilt alpha and the booklet in ", first + 1)
    assert watcher.lines[i].split()[0].count(":") == 2  # starts with the time of day
    assert watcher.lines[i].endswith(" s")
    assert (pdfs / "alpha.pdf").read_bytes() != alpha_before
    assert (pdfs / "beta.pdf").stat().st_mtime_ns == beta_before
    assert len(watcher.lines) == i + 1  # one line per rebuild
    from pypdf import PdfReader

    booklet = PdfReader(make_project.out / "booklet.pdf")
    assert any("New words in alpha." in p.extract_text() for p in booklet.pages)


def test_layouts_or_images_changes_rebuild_everything(watcher: Watcher, make_project) -> None:
    start = watcher.wait_for("rebuilt 2 handouts") + 1
    layout = make_project.root / "layouts" / "two-column.yaml"
    save(layout, layout.read_text(encoding="utf-8") + "\n")
    start = watcher.wait_for("rebuilt 2 handouts", start) + 1
    picture = make_project.images / "square.svg"
    save(picture, picture.read_text(encoding="utf-8"))
    watcher.wait_for("rebuilt 2 handouts", start)


def test_problems_are_shown_and_watching_goes_on(watcher: Watcher, make_project) -> None:
    start = watcher.wait_for("rebuilt 2 handouts") + 1
    save(make_project.handouts / "alpha.yaml", "title: Alpha\nblocks: [\n")
    i = watcher.wait_for("could not rebuild alpha", start)
    assert watcher.lines[i].endswith("1 problem(s):")
    assert watcher.lines[i + 1].startswith("  handouts/alpha.yaml:")
    save(make_project.handouts / "alpha.yaml", support.handout_yaml("Alpha", 1, text="Fixed again."))
    watcher.wait_for("rebuilt alpha and the booklet in ", i + 2)


def test_a_broken_brand_is_shown_and_watching_goes_on(watcher: Watcher, make_project) -> None:
    start = watcher.wait_for("rebuilt 2 handouts") + 1
    brand = make_project.root / "layouts" / "brand.yaml"
    good = brand.read_text(encoding="utf-8")
    save(brand, good.replace("colours:", "colors:", 1))
    i = watcher.wait_for("could not rebuild every handout", start)
    assert any("layouts/brand.yaml" in line for line in watcher.lines[i + 1:])
    save(brand, good)
    watcher.wait_for("rebuilt 2 handouts", i + 1)


def test_a_full_rebuild_builds_the_good_ones_and_reports_the_broken(make_project) -> None:
    make_project.write("good", support.handout_yaml("Good", 1))
    make_project.write("broken", support.handout_yaml("Broken", 2).replace("type: text", "type: txet"))
    lines: list[str] = []
    watch_loop(request(make_project.root), lines.append, max_iterations=0)
    assert lines[0].endswith("; 1 problem(s):") and " rebuilt 1 handout in " in lines[0]
    assert lines[1].startswith("  handouts/broken.yaml:")
    assert (make_project.out / "handouts" / "good.pdf").is_file()


def test_loop_stops_after_max_iterations_without_changes(make_project) -> None:
    make_project.write("good", support.handout_yaml("Good", 1))
    lines: list[str] = []
    watch_loop(request(make_project.root), lines.append, pace=Pace(interval=0.01), max_iterations=5,
               build_first=False)  # returns: it stopped by itself
    assert lines == []


def test_plan_and_snapshot(make_project) -> None:
    root = make_project.root
    make_project.write("alpha", support.handout_yaml("Alpha", 1))
    (root / "handouts" / ".alpha.yaml.swp").write_text("x")
    (root / "handouts" / "alpha.yaml~").write_text("x")
    (root / "handouts" / "notes.txt").write_text("x")
    snap = snapshot(root)
    assert root / "handouts" / "alpha.yaml" in snap
    assert not any(p.name.endswith(("~", ".swp")) for p in snap)
    assert plan(root, {root / "handouts" / "alpha.yaml"}) == ["alpha"]
    assert plan(root, {root / "handouts" / "notes.txt"}) == []
    assert plan(root, {root / "handouts" / "gone.yaml"}) == []  # removed: nothing to build
    assert plan(root, {root / "handouts" / "alpha.yaml", root / "images" / "square.svg"}) is None
    assert plan(root, {root / "layouts" / "brand.yaml"}) is None
    after = dict(snap)
    after[root / "images" / "new.svg"] = (1, 1)
    del after[root / "handouts" / "alpha.yaml"]
    assert changed(snap, after) == {root / "images" / "new.svg", root / "handouts" / "alpha.yaml"}


def test_ctrl_c_exits_0_quietly(make_project) -> None:
    make_project.write("good", support.handout_yaml("Good", 1))
    proc = subprocess.Popen([sys.executable, "make_handouts.py", "--root", str(make_project.root),
                             "watch", "--interval", "0.05"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("watching handouts/, layouts/, images/")
        assert " rebuilt 1 handout and the booklet in " in proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert err == "" and out == ""


def test_watch_outside_a_project_is_a_one_line_error(run_cli, tmp_path) -> None:
    code, out, err = run_cli("--root", tmp_path / "elsewhere", "watch", add_root=False, timeout=120)
    assert code == 1 and out == ""
    assert err.strip().endswith("there is no handouts/ folder here; run the command in the "
                                "handouts project or use --root")
    assert len(err.strip().splitlines()) == 1
