"""A build that is killed or interrupted while it writes loses nothing.

A real build runs as a subprocess over a project of many handouts. It notes its progress
in a trace file (each handout laid out, each file synced to disk), and the test kills it at
a moment read from that trace, never after a guessed delay; every fsync is slowed down, so
the build is still writing when the kill lands, however fast the machine. Afterwards every PDF is either the
earlier one, byte for byte, or the complete new one (builds are reproducible, so "the new one"
is known exactly); a leftover temporary file never looks like a PDF, and the next build
removes it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COPIES = 24
SLOW_BUILD = """\
import os, sys, time
trace = open(os.environ["TRACE"], "a", buffering=1)
_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.04)  # a floor under each file's writing, not a guess at the machine's speed
    _fsync(fd)
    trace.write("synced\\n")
os.fsync = slow_fsync
from handoutkit.cli import progress
_show = progress.ProgressBar.__call__
def traced(self, done, total, what=""):
    trace.write(f"laid out {what}\\n")
    return _show(self, done, total, what)
progress.ProgressBar.__call__ = traced
from handoutkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def make_project(root: Path, version: str) -> None:
    """COPIES handouts (the shipped ones, repeated under new names), titled for *version*."""
    shutil.rmtree(root / "handouts", ignore_errors=True)
    (root / "handouts").mkdir(parents=True)
    for folder in ("layouts", "images"):
        if not (root / folder).exists():
            shutil.copytree(REPO / folder, root / folder)
    shipped = sorted((REPO / "handouts").glob("*.yaml"))
    for i in range(COPIES):
        source = shipped[i % len(shipped)]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["order"], data["title"] = i + 1, f"{data['title']} ({version})"
        (root / "handouts" / f"{source.stem}-{i}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(root: Path) -> None:
    """A complete build in a fresh process (as each test's interrupted build runs)."""
    done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


def outputs(out: Path) -> dict[str, bytes]:
    """Every PDF in the output folder (handouts and booklet), by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def leftovers(out: Path) -> list[str]:
    """Temporary files in the output folder (the tool's own state files, such as its lock,
    are hidden and are not outputs either; they are checked in check_nothing_lost)."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()
                  and p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Complete builds of the old and of the new content: version -> project folder."""
    roots = {}
    for version in ("old", "new"):
        roots[version] = tmp_path_factory.mktemp(version)
        make_project(roots[version], version)
        build(roots[version])
    return roots


@pytest.fixture(scope="module")
def versions(built) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """What a complete build writes for the old and for the new content."""
    old, new = outputs(built["old"] / "out"), outputs(built["new"] / "out")
    assert set(old) == set(new) and len(old) == COPIES + 1
    assert all(old[name] != new[name] for name in old)
    return old, new


@pytest.fixture
def project(tmp_path: Path, built, versions) -> Path:
    """A project whose out/ holds the old build, and whose files now hold the new content."""
    make_project(tmp_path, "new")
    shutil.copytree(built["old"] / "out", tmp_path / "out")
    assert outputs(tmp_path / "out") == versions[0]
    return tmp_path


def start_build(root: Path) -> subprocess.Popen[str]:
    """The build of *root* in a fresh process, tracing its progress to root/trace.txt."""
    return subprocess.Popen([sys.executable, "-c", SLOW_BUILD, "--root", str(root)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TRACE": str(root / "trace.txt")})


def wait_for(process: subprocess.Popen[str], root: Path, line: str, count: int = 1,
             timeout: float = 300) -> None:
    """Return as soon as the build's trace has *count* lines starting with *line*."""
    deadline = time.monotonic() + timeout
    trace = root / "trace.txt"
    while time.monotonic() < deadline:
        seen = trace.read_text().splitlines() if trace.exists() else []
        if sum(1 for t in seen if t.startswith(line)) >= count:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.001)  # a poll of the trace
    process.kill()
    pytest.fail(f"the build never got to '{line}' x{count}")


def wait_for_writing(process: subprocess.Popen[str], out: Path, timeout: float = 300) -> None:
    """Return as soon as the build has a temporary file open in the output folder."""
    deadline = time.monotonic() + timeout
    folders = [out, out / "handouts"]
    while time.monotonic() < deadline:
        for folder in folders:
            try:
                if any(e.name.endswith(".tmp") for e in os.scandir(folder)):
                    return
            except FileNotFoundError:
                pass
        assert process.poll() is None, process.communicate()
        time.sleep(0.001)
    process.kill()
    pytest.fail("the build never started writing")


def check_nothing_lost(out: Path, versions) -> dict[str, str]:
    """Each PDF is the old or the complete new one; returns name -> 'old' or 'new'."""
    old, new = versions
    now = outputs(out)
    assert set(now) == set(old), "a PDF went missing or a stray one appeared"
    state = {}
    for name, data in now.items():
        assert data in (old[name], new[name]), f"{name} is neither the earlier nor the new PDF"
        state[name] = "old" if data == old[name] else "new"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert path.name.startswith("."), f"{path} looks like an output"
    return state


@pytest.mark.parametrize("synced", [0, 1, *random.Random(7).sample([3, 6, 10, 15], 2)])
def test_a_build_killed_while_writing_keeps_every_earlier_pdf(synced, project, versions):
    process = start_build(project)
    wait_for(process, project, "synced" if synced else "laid out", max(synced, 1))
    if not synced:  # the first write: its temporary file open in the output folder
        wait_for_writing(process, project / "out")
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    state = check_nothing_lost(project / "out", versions)
    assert "old" in state.values(), "the kill came after the build had finished writing"

    build(project)  # the next build completes the set
    assert outputs(project / "out") == versions[1]
    assert leftovers(project / "out") == []  # and removes what the killed one left


def test_a_build_killed_while_laying_out_writes_nothing(project, versions):
    process = start_build(project)
    wait_for(process, project, "laid out")  # the first of 24; nothing is written before all
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert set(check_nothing_lost(project / "out", versions).values()) == {"old"}
    assert leftovers(project / "out") == []


def test_ctrl_c_while_writing_stops_cleanly_with_status_130(project, versions):
    process = start_build(project)
    wait_for(process, project, "laid out")
    wait_for_writing(process, project / "out")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err == "stopped; finished files were kept and no half-written file was left\n"
    assert "Traceback" not in out
    check_nothing_lost(project / "out", versions)
    assert leftovers(project / "out") == []  # an interrupted write removes its own temporary file


def test_only_our_own_temporary_files_are_cleaned(tmp_path, monkeypatch):
    from handoutkit.press.outputs import clean_stale_temps, locked, write_atomic

    out = tmp_path / "out"
    ours = [out / ".booklet.pdf.k2x_9abc.handoutkit.tmp",
            out / "handouts" / ".psoas.pdf.abcdefgh.handoutkit.tmp",
            out / "clients" / "ann" / ".Psoas - for Ann.pdf.zz1234yy.handoutkit.tmp"]
    theirs = [out / "notes.tmp", out / ".editor.swp.tmp", out / "handouts" / "psoas.pdf",
              out / "handouts" / "keep.handoutkit.tmp", tmp_path / ".x.pdf.abcdefgh.handoutkit.tmp",
              out / "elsewhere" / ".x.pdf.abcdefgh.handoutkit.tmp"]
    for path in ours + theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 half")
    assert sorted(clean_stale_temps(out)) == sorted(ours)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in theirs)

    # taking the output folder's lock cleans; write_atomic's temporary files are what it cleans
    from handoutkit.press import outputs

    made = []
    open_new = outputs.open_new
    monkeypatch.setattr(outputs, "open_new", lambda path: made.append(path) or open_new(path))
    (out / "handouts" / ".psoas.pdf.abcdefgh.handoutkit.tmp").write_bytes(b"left by a kill")
    with locked(out):
        assert not (out / "handouts" / ".psoas.pdf.abcdefgh.handoutkit.tmp").exists()
        write_atomic(out / "handouts" / "new.pdf", b"%PDF-1.4 whole")
    assert (out / "handouts" / "new.pdf").read_bytes() == b"%PDF-1.4 whole"
    [temporary] = made
    assert not Path(temporary).name.endswith(".pdf")
    Path(temporary).write_bytes(b"as if the build had been killed before the rename")
    assert clean_stale_temps(out) == [Path(temporary)]
