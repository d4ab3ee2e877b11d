"""An uploaded picture, judged by its content and rewritten before it is stored.

Never the bytes as they came: a photo or raster picture gets its EXIF orientation applied,
then every piece of metadata dropped (GPS, camera, serial numbers, times, comments, ICC
profile once applied), its colours converted to sRGB, its long side scaled to at most
MAX_SIDE pixels, and is saved as a JPEG (a photo) or a PNG (a drawing with few colours,
or a picture with transparency). An SVG is rewritten from its tree (svgclean.py).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from ..errors import NotAPictureError, UnsafePictureError

MAX_PIXELS = 50_000_000  # more is a decompression bomb, never decoded
MAX_SIDE = 2400  # pixels on the long side of what is stored
FEW_COLOURS = 256  # a picture with at most this many colours is a drawing (PNG)
JPEG_QUALITY = 85
MEDIA = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
SUFFIX = {"png": ".png", "jpeg": ".jpg", "svg": ".svg"}


@dataclass(frozen=True)
class Cleaned:
    """A picture as it will be stored: its bytes, size in pixels (an SVG: its own units),
    and what it is ('photo', 'drawing' or 'svg') in which format ('jpeg', 'png', 'svg')."""

    data: bytes
    width: int
    height: int
    kind: str
    format: str

    @property
    def suffix(self) -> str:
        """The file name ending it is stored under."""
        return SUFFIX[self.format]


def sniff(data: bytes) -> str:
    """'png', 'jpeg' or 'svg' from the first bytes; NotAPictureError for anything else
    (a PDF or a program named .png)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    web_page = text[:64].lower().startswith((b"<!doctype html", b"<html"))
    if text.startswith(b"<") and b"<svg" in data[:65536] and not web_page:
        return "svg"
    raise NotAPictureError("the file is not a PNG, JPEG or SVG picture (whatever its name "
                           "says); export it as one of those")


def clean(data: bytes) -> Cleaned:
    """The picture *data* rewritten as it will be stored; NotAPictureError or
    UnsafePictureError when it cannot be."""
    kind = sniff(data)
    if kind == "svg":
        from .svgclean import clean_svg

        out, w, h = clean_svg(data)
        return Cleaned(out, round(w), round(h), "svg", "svg")
    return _raster(data)


def _open(data: bytes) -> object:
    from PIL import Image, UnidentifiedImageError

    broken = UnsafePictureError("the picture is damaged or cut off; export or copy it again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            img = Image.open(io.BytesIO(data))  # reads the header only
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise UnsafePictureError(
                    f"the picture is {w} x {h} pixels (over {MAX_PIXELS // 1_000_000} "
                    "megapixels), too large to open safely; save a smaller copy")
            img.load()  # now safe to decode: finds a broken or cut-off picture
    except Image.DecompressionBombError:
        raise UnsafePictureError("the picture has far too many pixels to open safely; save "
                                 "a smaller copy") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise broken from None
    if not w or not h:
        raise broken
    return img


def _srgb(img: object) -> object:
    """*img* in sRGB (its ICC profile applied, then dropped), as RGB or RGBA."""
    from PIL import Image, ImageCms

    assert isinstance(img, Image.Image)
    profile = img.info.get("icc_profile")
    if img.mode not in ("RGB", "RGBA"):
        has_alpha = img.mode in ("LA", "PA") or "transparency" in img.info
        img = img.convert("RGBA" if has_alpha else "RGB")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            img = ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"),
                                            outputMode=img.mode) or img
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours are taken as sRGB already
    img.info.pop("icc_profile", None)
    return img


def _raster(data: bytes) -> Cleaned:
    from PIL import Image, ImageOps

    img = _open(data)
    assert isinstance(img, Image.Image)
    img = ImageOps.exif_transpose(img) or img  # orientation first, then metadata goes
    img = _srgb(img)
    assert isinstance(img, Image.Image)
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    transparent = img.mode == "RGBA" and img.getchannel("A").getextrema()[0] < 255
    if img.mode == "RGBA" and not transparent:
        img = img.convert("RGB")
    few = img.getcolors(FEW_COLOURS) is not None
    clean_img = Image.new(img.mode, img.size)  # a fresh image: no info, no EXIF carried
    clean_img.paste(img)
    out = io.BytesIO()
    if few or transparent:
        clean_img.save(out, "PNG", optimize=True)
        kind, fmt = ("drawing" if few else "photo"), "png"
    else:
        clean_img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        kind, fmt = "photo", "jpeg"
    return Cleaned(out.getvalue(), clean_img.width, clean_img.height, kind, fmt)
