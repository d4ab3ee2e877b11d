"""Versions through the desk's API against the real server: three saves, a restore of the
first, the restore undone, a delete and the handout brought back, byte-identical at every
step; the practice's details likewise; a stale version is 409 and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.desk.helpers import Desk


def save(desk: Desk, slug: str, text: str) -> str:
    now = desk.json("GET", f"/api/handouts/{slug}/source")
    return desk.json("PUT", f"/api/handouts/{slug}/source",
                     {"yaml": text, "version": now["version"]})["version"]


def test_save_restore_undo_delete_and_bring_back(desk: Desk) -> None:
    path = desk.root / "handouts" / "lumbar-curve.yaml"
    original = path.read_bytes()
    texts = [original.decode().replace("A gentle arch", f"Save {n}, a gentle arch") +
             f"# note {n}\n" * n for n in (1, 2, 3)]
    for text in texts:
        save(desk, "lumbar-curve", text)
        assert path.read_bytes() == text.encode()
    found = desk.json("GET", "/api/handouts/lumbar-curve/versions")
    assert len(found) == 3  # the original and the first two saves, newest first
    assert set(found[0]) == {"version", "when", "bytes", "summary"}
    assert found[0]["summary"] == "3 lines changed; replaced by a save"
    assert found[2]["summary"].startswith("the oldest version kept")
    by_text = {desk.json("GET", f"/api/handouts/lumbar-curve/versions/{v['version']}")["yaml"]:
               v["version"] for v in found}
    assert set(by_text) == {original.decode(), texts[0], texts[1]}
    # restore the first save
    current = desk.json("GET", "/api/handouts/lumbar-curve/source")["version"]
    done = desk.json("POST", f"/api/handouts/lumbar-curve/versions/{by_text[texts[0]]}/restore",
                     {"version": current})
    assert path.read_bytes() == texts[0].encode()
    assert done["version"] == desk.json("GET", "/api/handouts/lumbar-curve/source")["version"]
    # undo the restore: the third save was kept by it
    found = desk.json("GET", "/api/handouts/lumbar-curve/versions")
    assert found[0]["summary"].endswith("replaced by a restore")
    desk.json("POST", f"/api/handouts/lumbar-curve/versions/{found[0]['version']}/restore",
              {"version": done["version"]})
    assert path.read_bytes() == texts[2].encode()
    # a stale version changes nothing
    status, _, body = desk.call("POST", f"/api/handouts/lumbar-curve/versions/"
                                f"{found[0]['version']}/restore", {"version": "0" * 64})
    assert status == 409 and "changed since you opened it" in json.loads(body)["problems"][0]["message"]
    assert path.read_bytes() == texts[2].encode()
    # delete: gone from the gallery, kept, listed as deleted
    current = desk.json("GET", "/api/handouts/lumbar-curve/source")["version"]
    desk.json("DELETE", "/api/handouts/lumbar-curve", {"version": current})
    assert not path.exists()
    assert "lumbar-curve" not in [h["slug"] for h in desk.json("GET", "/api/handouts")]
    deleted = desk.json("GET", "/api/deleted")
    assert [(d["slug"], d["title"]) for d in deleted] == [("lumbar-curve", "Your lumbar curve")]
    assert deleted[0]["summary"].endswith("then deleted")
    # and back
    desk.json("POST", f"/api/handouts/lumbar-curve/versions/{deleted[0]['version']}/restore",
              {"version": None})
    assert path.read_bytes() == texts[2].encode()
    assert desk.json("GET", "/api/deleted") == []
    assert "lumbar-curve" in [h["slug"] for h in desk.json("GET", "/api/handouts")]
    assert not list((desk.root / "handouts").glob(".*"))  # no temporary file left


def test_unknown_handouts_and_versions_are_refused(desk: Desk) -> None:
    for path in ("/api/handouts/nope/versions", "/api/handouts/psoas/versions/..%2Fx",
                 "/api/handouts/psoas/versions/20260101T000000000000Z-save"):
        status, _, body = desk.call("GET", path)
        assert status in (400, 404), (path, status)
        assert json.loads(body)["problems"]
    status, _, _ = desk.call("DELETE", "/api/handouts/psoas", {"version": "0" * 64})
    assert status == 409 and (desk.root / "handouts" / "psoas.yaml").is_file()


def test_the_practice_details_have_versions(desk: Desk) -> None:
    from handoutkit.app.versions import brand_path, version_of
    from handoutkit.press.versions import keep_then_write

    path: Path = brand_path(desk.root)
    before = path.read_bytes()
    keep_then_write(desk.root, path, before.replace(b"Massage Aha!", b"Massage Oho!"))
    found = desk.json("GET", "/api/practice/versions")
    assert len(found) == 1 and found[0]["summary"].startswith("the oldest version kept")
    assert desk.json("GET", f"/api/practice/versions/{found[0]['version']}")["yaml"] == \
        before.decode()
    desk.json("POST", f"/api/practice/versions/{found[0]['version']}/restore",
              {"version": version_of(path.read_bytes())})
    assert path.read_bytes() == before
    assert len(desk.json("GET", "/api/practice/versions")) == 2
