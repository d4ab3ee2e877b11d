"""The delivery log: appended whole even by many writers at once, read newest first, and
shown by the history command (the one command that shows clients' names)."""

from __future__ import annotations

import datetime as _dt
import json
import multiprocessing
import stat
import subprocess
import sys
from pathlib import Path

from handoutkit.deliver import history
from handoutkit.deliver.history import Delivery, Given

REPO = Path(__file__).resolve().parents[2]
T0 = _dt.datetime(2026, 11, 25, 9, 0, tzinfo=_dt.timezone.utc)


def delivery(client: str | None, minutes: int, how: str = "print", to: str = "Office",
             **kw: object) -> Delivery:
    return Delivery(when=T0 + _dt.timedelta(minutes=minutes), client=client, how=how, to=to,
                    handouts=[Given("psoas", "Psoas: your deep hip flexor", "2026-01-15")], **kw)


def cli(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "make_handouts.py", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout, done.stderr


def test_round_trip_newest_first_and_by_client(tmp_path: Path) -> None:
    history.record(tmp_path, delivery("Paul Rivera", 0))
    history.record(tmp_path, delivery("Ana Núñez", 5, how="email", to="ana@example.com"))
    history.record(tmp_path, delivery("Paul Rivera", 10, how="email-draft", to="p@example.com",
                                      booklet=True))
    found, damaged = history.read(tmp_path)
    assert damaged == 0
    assert [(d.client, d.when.minute) for d in found] == [
        ("Paul Rivera", 10), ("Ana Núñez", 5), ("Paul Rivera", 0)]
    paul, _ = history.read(tmp_path, "  paul   RIVERA ")
    assert [d.how for d in paul] == ["email-draft", "print"]
    assert paul[0].handouts == [Given("psoas", "Psoas: your deep hip flexor", "2026-01-15")]
    assert history.read(tmp_path, "Ana Nunez")[0] == []  # a different spelling is a different name
    assert history.read(tmp_path / "nothing-yet") == ([], 0)


def test_log_is_private_to_its_owner(tmp_path: Path) -> None:
    path = history.record(tmp_path, delivery("Paul Rivera", 0))
    assert path == tmp_path / "delivery-log.jsonl"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _write_many(args: tuple[str, int]) -> None:
    folder, worker = args
    for i in range(40):  # long lines: far beyond the size the system writes atomically anyway
        history.record(Path(folder), Delivery(
            when=T0, client=f"client {worker}", how="print", to="Office",
            handouts=[Given(f"h{worker}-{i}-{j}", "x" * 200, None) for j in range(40)]))


def test_concurrent_writers_never_interleave(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(6) as pool:
        pool.map(_write_many, [(str(tmp_path), w) for w in range(6)])
    lines = (tmp_path / "delivery-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6 * 40
    rows = [json.loads(line) for line in lines]  # every line is one whole record
    for w in range(6):
        mine = [r for r in rows if r["client"] == f"client {w}"]
        assert [r["handouts"][0]["slug"] for r in mine] == [f"h{w}-{i}-0" for i in range(40)]


def test_history_command(tmp_path: Path) -> None:
    code, out, err = cli("history", "--out", str(tmp_path))
    assert (code, out, err) == (0, "nothing has been printed or emailed yet\n", "")
    history.record(tmp_path, delivery("Paul Rivera", 0, copies=2))
    history.record(tmp_path, delivery(None, 1, booklet=True))
    history.record(tmp_path, delivery("Paul Rivera", 2, how="email", to="paul@example.com"))
    with (tmp_path / "delivery-log.jsonl").open("a") as fh:
        fh.write("{not json\n")
    code, out, err = cli("history", "--out", str(tmp_path))
    assert code == 0
    assert err == ("warning: 1 line(s) of the delivery log could not be read and were skipped\n")
    assert out.splitlines() == [
        "2026-11-25 09:02  Paul Rivera: emailed to paul@example.com",
        "    Psoas: your deep hip flexor (reviewed 2026-01-15)",
        "2026-11-25 09:01  (no client): printed as a booklet on Office",
        "    Psoas: your deep hip flexor (reviewed 2026-01-15)",
        "2026-11-25 09:00  Paul Rivera: printed on Office (2 copies)",
        "    Psoas: your deep hip flexor (reviewed 2026-01-15)",
    ]
    code, out, _ = cli("history", "--out", str(tmp_path), "--for", "paul rivera")
    assert code == 0 and out.count("Paul Rivera") == 2 and "(no client)" not in out
    code, out, _ = cli("history", "--out", str(tmp_path), "--for", "Nobody")
    assert out == "nothing has been printed or emailed for Nobody yet\n"


def test_history_never_sends_control_characters_to_the_terminal(tmp_path: Path) -> None:
    history.record(tmp_path, delivery("Evil\x1b[2JName", 0))
    code, out, _ = cli("history", "--out", str(tmp_path))
    assert code == 0 and "\x1b" not in out and "Evil?[2JName" in out
