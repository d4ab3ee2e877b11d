"""versions and restore on the command line, run for real."""

from __future__ import annotations

from handoutkit.app import editing, versions
from tests import support
from tests.conftest import TempProject


def test_versions_restore_and_bring_back(run_cli, make_project: TempProject) -> None:
    root = make_project.root
    path = make_project.write("psoas", support.handout_yaml("Psoas", 1))
    first = path.read_bytes()
    code, out, err = run_cli("versions", "psoas")
    assert code == 0 and "no versions of psoas kept yet" in out, err
    second = first.replace(b"Hello there.", b"Hello again.")
    editing.save(root, "psoas", second.decode(), editing.version_of(first))
    code, out, err = run_cli("versions", "psoas")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and "the oldest version kept; replaced by a save" in lines[0]
    version = lines[0].split()[0]
    code, out, err = run_cli("restore", "psoas", version)
    assert code == 0 and "restored psoas" in out, err
    assert path.read_bytes() == first
    versions.delete(root, path, editing.version_of(first))
    code, out, _ = run_cli("list")
    assert "psoas" not in out
    code, out, err = run_cli("versions", "--deleted")
    assert code == 0 and out.startswith("psoas  \"Psoas\"  deleted"), err
    code, out, err = run_cli("restore", "psoas", "--deleted")
    assert code == 0 and "brought psoas back" in out, err
    assert path.read_bytes() == first
    code, _, err = run_cli("restore", "psoas", "20990101T000000000000Z-save")
    assert code != 0 and "no version" in err and "Traceback" not in err
    code, _, err = run_cli("versions", "nothing-here")
    assert code != 0 and "there is no handout 'nothing-here'" in err
