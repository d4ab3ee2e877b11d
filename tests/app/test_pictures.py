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
