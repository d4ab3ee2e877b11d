"""The benchmark builds what it claims (its timings are never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_benchmark_runs_every_scenario_and_builds_the_real_set() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--runs", "1",
                           "--clients", "4", "--json"], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    count = len(list((REPO / "handouts").glob("*.yaml")))
    assert results["built"]["handouts"] == count
    assert results["built"]["booklet pages"] == count + 3
    assert results["built"]["batch files"] == 4
    for name in ("floor: full set", "cold full build", "cold full build, English and Spanish",
                 "no-op rebuild", "rebuild, one handout changed",
                 "same, in watch (a running process)", "one personalized handout",
                 "client booklet, 8 handouts", "batch, 1 core", "batch, all cores",
                 "desk: one personalized handout", "desk: client booklet, 8 handouts",
                 "desk: edit preview"):
        figures = results["times"][name]
        assert figures["min"] <= figures["median"] <= figures["max"]
    assert results["sizes"]["largest handout KB"] > 0
