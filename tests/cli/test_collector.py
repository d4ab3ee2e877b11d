"""Python's cycle collector: off in a command that does one thing and ends (the exit frees
everything at once), on in one that keeps running (the desk, watch) and in a batch of
clients (each client's leftovers are collected as it goes)."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import pytest

from handoutkit.cli.commands import serve, watch
from tests import support

cli = importlib.import_module("handoutkit.cli.main")


@pytest.fixture
def collector_off():  # type: ignore[no-untyped-def]
    """As main.run() leaves it for every command."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _recording(module, seen: list[bool]):  # type: ignore[no-untyped-def]
    """A stand-in for *module*'s run() that notes whether the collector is on."""
    def run(args: object) -> int:
        seen.append(gc.isenabled())
        return 0
    run.__module__ = module.__name__  # the command it stands in for
    return run


@pytest.mark.parametrize("module", [serve, watch])
def test_a_command_that_keeps_running_collects(module, monkeypatch, collector_off,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(module, "run", _recording(module, seen))
    assert cli.main(["--root", str(tmp_path), module.NAME]) == 0
    assert seen == [True]


def test_a_one_off_command_leaves_the_collector_off(monkeypatch, collector_off,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    from handoutkit.cli.commands import check

    seen: list[bool] = []
    monkeypatch.setattr(check, "run", _recording(check, seen))
    assert cli.main(["--root", str(tmp_path), "check"]) == 0
    assert seen == [False]


def test_a_batch_of_clients_collects_as_it_goes(make_project, collector_off) -> None:  # type: ignore[no-untyped-def]
    from handoutkit.content.client import Client
    from handoutkit.press.batch import Row, build_batch

    make_project.write("h1", support.handout_yaml("One", 1))
    seen: list[bool] = []
    rows = [Row(2, Client("Ana Lima", None), None), Row(3, Client("Bo Chen", None), None)]
    build_batch(support.request(make_project.root, make_project.out, ["h1"], jobs=1), rows,
                "clients.csv", progress=lambda *a: seen.append(gc.isenabled()))
    assert seen and all(seen)
    assert not gc.isenabled()  # and off again after it, as the command left it
