"""Pictures through the desk's API against the real server: a phone photo comes back without
its GPS and camera data and the right way up; bombs, scripts, outside references, a PDF
named .png, a body too large and a name with a path each get their answer and write
nothing; a used picture cannot be deleted, an unused one is kept as a version."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.authoring.uploads import MAX_SIDE
from tests.desk.helpers import Desk


def files_under(root: Path) -> dict[str, bytes]:
    """Every file of the project's images/ and versions/ with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("images", "versions") if (root / folder).is_dir()
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


def put(desk: Desk, name: str, data: bytes, kind: str = "image/jpeg",
        query: str = "") -> tuple[int, dict]:
    status, _, body = desk.raw("PUT", f"/api/images/{name}{query}",
                               headers={"Content-Type": kind}, body=data)
    return status, json.loads(body) if body else {}


def phone_photo() -> bytes:
    """A 1200 x 900 'photo' as a phone stores it: sideways with orientation 6, a red corner at
    the stored top left, GPS position, camera make, serial number and a time in its EXIF."""
    img = Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3))
    img.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    exif[0x0132] = "2026:12:01 10:00:00"
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-0042"  # body serial number
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 5.0, 30.0), 3: "W", 4: (94.0, 34.0, 40.0)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=92)
    assert b"SERIAL-0042" in out.getvalue() and b"PhoneMaker" in out.getvalue()
    return out.getvalue()


def test_a_phone_photo_is_stored_upright_without_its_metadata(desk: Desk) -> None:
    status, made = put(desk, "knee-hug-photo", phone_photo())
    assert status == 201, made
    assert made == {"name": "knee-hug-photo", "file": "knee-hug-photo.jpg", "width": 900,
                    "height": 1200, "kind": "photo", "bytes": made["bytes"]}
    stored = (desk.root / "images" / "knee-hug-photo.jpg").read_bytes()
    assert len(stored) == made["bytes"]
    for secret in (b"SERIAL-0042", b"PhoneMaker", b"Phone 15", b"2026:12:01", b"Exif"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (900, 1200)
        assert not img.getexif()  # no EXIF at all, so no GPS and no orientation flag
        assert "icc_profile" not in img.info and "exif" not in img.info
        red = img.convert("RGB").getpixel((900 - 50, 50))  # turned: the red corner is top right
        assert red[0] > 200 and red[1] < 60 and red[2] < 60, red
    status, _, body = desk.raw("GET", "/api/images/knee-hug-photo")
    assert status == 200 and body == stored
    status, _, body = desk.raw("GET", "/api/images/knee-hug-photo.jpg")
    assert status == 200 and body == stored
    listed = {p["name"]: p for p in desk.json("GET", "/api/images")}
    assert listed["knee-hug-photo"]["used_by"] == [] and listed["knee-hug-photo"]["kind"] == "photo"
    assert listed["logo"]["used_by"] == ["brand.yaml"]


def test_a_big_drawing_is_scaled_and_kept_as_png(desk: Desk) -> None:
    img = Image.new("RGB", (4000, 1000), "white")
    img.paste((31, 95, 102), (0, 0, 2000, 1000))
    out = io.BytesIO()
    img.save(out, "PNG")
    status, made = put(desk, "two-tone", out.getvalue(), "image/png")
    assert status == 201, made
    assert (made["width"], made["height"], made["kind"]) == (MAX_SIDE, 600, "drawing")
    with Image.open(desk.root / "images" / "two-tone.png") as stored:
        assert stored.format == "PNG" and stored.size == (MAX_SIDE, 600)


def test_an_svg_is_rewritten_with_drawing_parts_only(desk: Desk) -> None:
    svg = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 40 20">'
           b'<metadata><author>Someone</author></metadata><title>Arrow</title>'
           b'<g inkscape:label="layer" fill="#1F5F66"><rect x="1" y="1" width="30" height="10" '
           b'data-secret="x"/><text x="2" y="18">Hi <tspan>there</tspan> you</text></g></svg>')
    status, made = put(desk, "arrow", svg, "image/svg+xml")
    assert status == 201, made
    assert (made["width"], made["height"], made["kind"]) == (40, 20, "svg")
    stored = (desk.root / "images" / "arrow.svg").read_bytes()
    for gone in (b"metadata", b"Someone", b"inkscape", b"data-secret"):
        assert gone not in stored
    for kept in (b"<rect", b'fill="#1F5F66"', b"<title>Arrow</title>", b"there</tspan> you"):
        assert kept in stored


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10_000, 8_000)).save(out, "PNG")  # 80 megapixels in a few kilobytes
    return out.getvalue()


REFUSED = [
    ("bomb", bomb(), "image/png", 422, "megapixels"),
    ("cut-off", phone_photo()[:20_000], "image/jpeg", 422, "damaged or cut off"),
    ("script", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><script>alert(1)'
               b'</script><rect width="9" height="9"/></svg>', "image/svg+xml", 422, "<script>"),
    ("handler", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9" '
                b'height="9" onclick="x()"/></svg>', "image/svg+xml", 422, "event handler"),
    ("outside", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                b'xlink" viewBox="0 0 9 9"><use xlink:href="http://example.com/a.svg#x"/></svg>',
     "image/svg+xml", 422, "outside itself"),
    ("styled", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9" '
               b'height="9" style="fill:url(file:///etc/passwd)"/></svg>', "image/svg+xml", 422,
     "outside itself"),
    ("foreign", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><foreignObject>'
                b'<p>x</p></foreignObject></svg>', "image/svg+xml", 422, "foreignObject"),
    ("entities", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://'
                 b'www.w3.org/2000/svg" viewBox="0 0 9 9"><text>&a;</text></svg>',
     "image/svg+xml", 422, "entities"),
    ("a-pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "image/png", 415,
     "not a PNG, JPEG or SVG"),
    ("a-program", b"MZ\x90\x00" + bytes(200), "image/png", 415, "not a PNG, JPEG or SVG"),
    ("a-web-page", b"<!doctype html><html><body><svg viewBox='0 0 9 9'></svg></body></html>",
     "image/svg+xml", 415, "not a PNG, JPEG or SVG"),
    ("as-form", b"a=b", "application/x-www-form-urlencoded", 415, "image/png"),
    ("Capitals", b"x", "image/png", 400, "small letters"),
    ("..%2F..%2Fhandouts%2Fpsoas", b"x", "image/png", 400, "no folder"),
    ("sub/dir", b"x", "image/png", 400, "no folder"),
    ("a" * 61, b"x", "image/png", 400, "at most 60"),
]


@pytest.mark.parametrize(("name", "data", "kind", "status", "words"), REFUSED,
                         ids=[r[0][:20] for r in REFUSED])
def test_what_the_desk_refuses_writes_nothing(desk: Desk, name: str, data: bytes, kind: str,
                                              status: int, words: str) -> None:
    before = files_under(desk.root)
    got, body = put(desk, name, data, kind)
    assert got == status, body
    assert words in body["problems"][0]["message"]
    assert files_under(desk.root) == before


def test_a_body_over_25_mb_is_413_and_writes_nothing(desk: Desk) -> None:
    before = files_under(desk.root)
    big = b"\xff\xd8\xff" + bytes(26 * 1024 * 1024)
    got, body = put(desk, "huge", big)
    assert got == 413 and "25 MB" in body["problems"][0]["message"]
    # another route keeps the 2 MB limit
    status, _, _ = desk.raw("PUT", "/api/handouts/psoas/source", body=bytes(3 * 1024 * 1024),
                            headers={"Content-Type": "application/json"})
    assert status == 413
    assert files_under(desk.root) == before


def test_an_upload_from_another_site_is_refused(desk: Desk) -> None:
    before = files_under(desk.root)
    status, _, _ = desk.raw("PUT", "/api/images/evil", body=phone_photo(),
                            headers={"Content-Type": "image/jpeg",
                                     "Origin": "http://evil.example"})
    assert status == 403
    assert files_under(desk.root) == before


def test_a_taken_name_is_409_and_replace_keeps_the_old(desk: Desk) -> None:
    first = Image.new("RGB", (60, 40), "navy")
    out = io.BytesIO()
    first.save(out, "PNG")
    assert put(desk, "swatch", out.getvalue(), "image/png")[0] == 201
    old = (desk.root / "images" / "swatch.png").read_bytes()
    status, body = put(desk, "swatch", out.getvalue(), "image/png")
    assert status == 409 and "swatch-2" in body["problems"][0]["message"]
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(out, "PNG")
    assert put(desk, "swatch", out.getvalue(), "image/png", "?replace=true")[0] == 201
    kept = list((desk.root / "versions" / "images" / "swatch.png").iterdir())
    assert [k.read_bytes() for k in kept] == [old]


def test_a_used_picture_stays_and_an_unused_one_is_kept_when_deleted(desk: Desk) -> None:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), "teal").save(out, "PNG")
    assert put(desk, "in-use", out.getvalue(), "image/png")[0] == 201
    handout = desk.root / "handouts" / "stretches.yaml"
    source = desk.json("GET", "/api/handouts/stretches/source")
    text = source["yaml"] + "  - type: image\n    file: in-use.png\n    alt: A square\n" \
                            "    width: 0.3\n"
    desk.json("PUT", "/api/handouts/stretches/source",
              {"yaml": text, "version": source["version"]})
    status, _, body = desk.call("DELETE", "/api/images/in-use", {})
    assert status == 409 and "stretches" in json.loads(body)["problems"][0]["message"]
    assert (desk.root / "images" / "in-use.png").is_file()
    listed = {p["name"]: p for p in desk.json("GET", "/api/images")}
    assert listed["in-use"]["used_by"] == ["stretches"]
    now = desk.json("GET", "/api/handouts/stretches/source")
    restored = desk.json("GET", "/api/handouts/stretches/versions")[0]["version"]
    desk.json("POST", f"/api/handouts/stretches/versions/{restored}/restore",
              {"version": now["version"]})
    assert "in-use.png" not in handout.read_text(encoding="utf-8")
    stored = (desk.root / "images" / "in-use.png").read_bytes()
    desk.json("DELETE", "/api/images/in-use", {})
    assert not (desk.root / "images" / "in-use.png").exists()
    assert "in-use" not in {p["name"] for p in desk.json("GET", "/api/images")}
    kept = list((desk.root / "versions" / "images" / "in-use.png").iterdir())
    assert [k.read_bytes() for k in kept] == [stored]


def test_the_new_routes_keep_the_desk_rules(desk: Desk) -> None:
    before = files_under(desk.root)
    status, _, _ = desk.raw("PUT", "/api/images/no-token", body=b"\x89PNG\r\n\x1a\n",
                            headers={"Content-Type": "image/png"}, auth=False)
    assert status == 401
    for method, path in (("GET", "/api/images"), ("GET", "/api/deleted"),
                         ("GET", "/api/handouts/psoas/versions"),
                         ("GET", "/api/practice/versions")):
        assert desk.raw(method, path, auth=False)[0] == 401
    # a change that is not JSON (as a cross-site form sends it) is refused
    for method, path in (("DELETE", "/api/handouts/psoas"), ("DELETE", "/api/images/logo"),
                         ("POST", "/api/practice/versions/x/restore")):
        status, _, _ = desk.raw(method, path, body=b"version=x",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403, (method, path)
    # an image type is only for the upload route
    status, _, _ = desk.raw("DELETE", "/api/handouts/psoas", body=b"{}",
                            headers={"Content-Type": "image/png"})
    assert status == 403
    assert files_under(desk.root) == before
    assert (desk.root / "handouts" / "psoas.yaml").is_file()
