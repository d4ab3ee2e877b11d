"""keep_then_write and keep_then_delete: what a change replaces is kept, byte for byte, and
versions/ is never read as handouts nor put in a booklet."""

from __future__ import annotations

from handoutkit.content.project import load_project
from handoutkit.press import versions
from tests import support
from tests.conftest import TempProject


def test_every_change_keeps_what_it_replaced(make_project: TempProject) -> None:
    root = make_project.root
    path = make_project.write("psoas", support.handout_yaml("Psoas", 1))
    first = path.read_bytes()
    assert versions.keep_then_write(root, path, first) is None  # the same bytes: no change
    assert versions.history(root, path) == []
    second = first.replace(b"Hello there.", b"Hello\nthere\nfriend.")
    kept = versions.keep_then_write(root, path, second)
    assert kept is not None and kept.path.read_bytes() == first and path.read_bytes() == second
    kept2 = versions.keep_then_delete(root, path)
    assert kept2 is not None and not path.exists() and kept2.path.read_bytes() == second
    found = versions.history(root, path)
    assert [k.version for k in found] == [kept2.version, kept.version]  # newest first
    assert [k.reason for k in found] == ["delete", "save"]
    assert kept.path.parent == root / "versions" / "handouts" / "psoas.yaml"
    assert versions.gone(root, root / "handouts", (".yaml",)) == [path]
    assert [s for _, s in versions.summaries(root, path)] == [
        "3 lines changed; then deleted", "the oldest version kept; replaced by a save"]
    assert versions.find(root, path, "../../etc/passwd") is None


def test_versions_are_never_read_as_handouts(make_project: TempProject) -> None:
    root = make_project.root
    path = make_project.write("psoas", support.handout_yaml("Psoas", 1))
    versions.keep_then_write(root, path, path.read_bytes().replace(b"Psoas", b"Psoas two"))
    versions.keep(root, root / "layouts" / "brand.yaml")
    other = make_project.write("gone", support.handout_yaml("Gone", 2))
    versions.keep_then_delete(root, other)
    project = load_project(root)
    assert [e.slug for e in project.entries] == ["psoas"] and not project.broken
    report = support.build(root, booklet_path=root / "out" / "booklet.pdf")
    assert [h.slug for h in report.handouts] == ["psoas"]
    assert report.booklet_pages is not None
