"""A desk killed in the middle of a save loses nothing.

The real `serve` runs with os.fsync wrapped (through a sitecustomize module on its path): each
time it is about to make a file under the project's handouts/ or versions/ durable, it says
so with a file in a control folder and waits for the test's go-ahead. The test waits for
the n-th of those steps (the program's own progress, no guess of time), kills the desk
with SIGKILL right there, and looks at the project: the handout is the old text or the
new one, never a part, and once the new one is there the old one is kept in versions/.
The four steps: the kept version's bytes, its folder's rename, the new file's bytes and
its rename.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from handoutkit.press import versions
from tests.desk.helpers import REPO, START, Desk, _reader, make_project, wait_for

PAUSE = '''
import os, time
from pathlib import Path
_control = Path(os.environ["HANDOUTKIT_TEST_CONTROL"])
_watched = [os.path.realpath(os.environ["HANDOUTKIT_TEST_ROOT"] + "/" + f)
            for f in ("handouts", "versions")]
_fsync = os.fsync
_count = [0]
def _paused_fsync(fd):
    try:
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        where = ""
    if any(where.startswith(w) for w in _watched):
        _count[0] += 1
        n = _count[0]
        (_control / f"step-{n}").write_text(where)
        while not (_control / f"go-{n}").exists():
            time.sleep(0.01)
    _fsync(fd)
os.fsync = _paused_fsync
'''


def start(root: Path, control: Path) -> Desk:
    """The real desk on *root*, pausing before each fsync under handouts/ or versions/."""
    hooks = control / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "sitecustomize.py").write_text(PAUSE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(hooks), "HANDOUTKIT_TEST_CONTROL": str(control),
           "HANDOUTKIT_TEST_ROOT": str(root.resolve())}
    env.pop("HANDOUTKIT_SMTP_PASSWORD", None)
    proc = subprocess.Popen([sys.executable, "make_handouts.py", "--root", str(root), "serve",
                             "--port", "0", "--no-browser", "--out", str(root / "out")],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    first = lines.get(timeout=START)
    if not first:
        proc.kill()
        pytest.fail(f"the desk did not start: {proc.stderr.read() if proc.stderr else ''}")
    url = first.split()[first.split().index("at") + 1]
    return Desk(url, url.split("token=", 1)[1], proc, root, root / "out", [first])


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_desk_killed_while_saving_leaves_the_old_or_the_new_file(tmp_path: Path,
                                                                   step: int) -> None:
    root = make_project(tmp_path / "project")
    path = root / "handouts" / "psoas.yaml"
    old = path.read_bytes()
    new = old.replace(b"The psoas joins", b"Your psoas joins") + b"# saved\n" * 2000
    control = tmp_path / "control"
    desk = start(root, control)
    try:
        version = desk.json("GET", "/api/handouts/psoas/source")["version"]

        def save() -> None:
            with contextlib.suppress(OSError):  # the connection dies with the desk
                desk.call("PUT", "/api/handouts/psoas/source",
                          {"yaml": new.decode(), "version": version})

        saving = threading.Thread(target=save, daemon=True)
        saving.start()
        for n in range(1, step):
            wait_for(lambda n=n: (control / f"step-{n}").exists(), what=f"save step {n}")
            (control / f"go-{n}").touch()
        wait_for(lambda: (control / f"step-{step}").exists(), what=f"save step {step}")
        os.killpg(desk.proc.pid, signal.SIGKILL)
        desk.proc.wait(timeout=60)
        saving.join(timeout=60)
    finally:
        if desk.proc.poll() is None:
            os.killpg(desk.proc.pid, signal.SIGKILL)
            desk.proc.wait(timeout=60)
    where = [(control / f"step-{n}").read_text() for n in range(1, step + 1)]
    assert "versions" in where[0] and (step < 3 or where[2].startswith(str(root.resolve() /
                                                                            "handouts")))
    now = path.read_bytes()
    kept = [k.path.read_bytes() for k in versions.history(root, path)]
    assert now in (old, new)
    assert now == (new if step == 4 else old)  # the rename happens before the 4th fsync
    if step >= 2 or now == new:
        assert kept == [old]
    else:
        assert kept == []  # the kept copy was not complete: it is no version
    assert sorted(p.stem for p in (root / "handouts").glob("*.yaml")) == \
        ["lumbar-curve", "psoas", "see-your-doctor", "stretches"]
