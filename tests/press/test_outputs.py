"""Atomic writes: a failure never leaves a half-written file or replaces a good one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handoutkit.errors import OutputError
from handoutkit.press.outputs import inside, write_atomic


def test_write_then_replace(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["b.pdf"]


def test_failure_mid_write_keeps_old_file_and_no_temp(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "b.pdf"
    target.write_bytes(b"good")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="disk is full"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_interrupt_mid_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "b.pdf"
    target.write_bytes(b"good")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder_gives_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="read-only"):
            write_atomic(folder / "x.pdf", b"x")
    finally:
        folder.chmod(0o700)


def test_outputs_stay_inside_the_output_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, tmp_path / "handouts" / "a.pdf") == (tmp_path / "handouts/a.pdf").resolve()
    with pytest.raises(OutputError):
        inside(tmp_path, tmp_path / ".." / "escape.pdf")
