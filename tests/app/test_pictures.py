"""The pictures verbs without the desk: an uploaded picture can be the brand's logo, and a
picture the logo uses cannot be deleted."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from handoutkit.app import pictures
from handoutkit.errors import ConflictError, UsageError
from tests import support
from tests.conftest import TempProject


def test_an_uploaded_picture_can_be_the_logo(make_project: TempProject) -> None:
    root = make_project.root
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (169, 66, 54)).save(out, "JPEG")
    made = pictures.upload(root, "my-logo", out.getvalue())
    assert (made.file, made.kind) == ("my-logo.png", "drawing")  # one colour: a drawing
    brand = root / "layouts" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("logo: logo.svg",
                                                               "logo: my-logo.png"))
    make_project.write("psoas", support.handout_yaml("Psoas", 1))
    report = support.build(root)
    page = PdfReader(report.handouts[0].path).pages[0]
    assert any(o.get("/Subtype") == "/Image"
               for o in page["/Resources"]["/XObject"].values())
    assert pictures.users(root)["my-logo.png"] == ["brand.yaml"]
    with pytest.raises(ConflictError, match=r"brand\.yaml"):
        pictures.delete(root, "my-logo")
    with pytest.raises(UsageError):
        pictures.find(root, "nothing")


def test_colour_profiles_and_comments_are_applied_then_dropped() -> None:
    from PIL import ImageCms, PngImagePlugin

    from handoutkit.authoring.uploads import clean

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = Image.frombytes("RGB", (300, 200), bytes(range(256)) * 703 + bytes(132))
    out = io.BytesIO()
    photo.save(out, "JPEG", icc_profile=srgb, comment=b"taken at 12 Elm St")
    made = clean(out.getvalue())
    assert b"Elm St" not in made.data
    with Image.open(io.BytesIO(made.data)) as img:
        assert "icc_profile" not in img.info and img.mode == "RGB"
    cmyk = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(cmyk, "JPEG")
    with Image.open(io.BytesIO(clean(cmyk.getvalue()).data)) as img:
        assert img.mode == "RGB"
        r, g, b = img.getpixel((20, 15))
        assert r > 200 and g < 60 and b < 60  # red stays red
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address here")
    png = io.BytesIO()
    Image.new("P", (20, 20)).save(png, "PNG", pnginfo=info)
    made = clean(png.getvalue())
    assert b"home address" not in made.data and made.kind == "drawing"
