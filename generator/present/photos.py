"""The copy of a photo that the sites serve: pixels only, no metadata, the same bytes each build.

A phone photo carries EXIF (GPS position, camera, owner, time), XMP, IPTC, comments and
sometimes a thumbnail of the uncropped original; a hostile file may hide anything after the
image data. None of it belongs on a site, so every photo is decoded and encoded again from
its pixels: the orientation EXIF asked for is applied to the pixels first, an embedded
colour profile is converted to sRGB, and nothing else of the original is kept. Both sites
get this copy (the intranet has no use for a photographer's position either; the original
stays in data/ and in git).

Pillow is pinned (requirements.txt), so its encoders, with the fixed settings below, give
the same bytes for the same photo on every build. ``PhotoCache`` keeps each result under
the SHA-256 of the original and those settings, so a photo is encoded once, not per build.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageOps

from generator.inputs.images import FORMATS, MAX_PHOTO_PIXELS, open_photo

# Bump when the encoding below changes: cached copies of the old settings are then unused.
ENCODING = 2  # 2: thumbnails
_SAVE: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "subsampling": "4:2:0", "optimize": True, "progressive": False},
    "PNG": {"compress_level": 6, "optimize": False},
    "WEBP": {"quality": 85, "method": 4, "lossless": False, "exact": False},
}
# Modes each format stores; anything else (CMYK, 16-bit, palette) is converted.
_MODES = {"JPEG": ("L", "RGB"), "PNG": ("L", "LA", "RGB", "RGBA"), "WEBP": ("RGB", "RGBA")}


def clean_photo(raw: bytes, suffix: str) -> bytes:
    """The photo's pixels, upright and in sRGB, encoded again without any metadata.

    ``raw`` has passed ``inputs.images.inspect_photo``; a file that did not fails here too.
    """
    fmt = FORMATS[suffix.lower()]
    with open_photo(raw, [fmt]) as original:
        width, height = original.size
        if width * height > MAX_PHOTO_PIXELS:
            raise ValueError(f"photo of {width}×{height} pixels is over the limit")
        original.load()
        image = ImageOps.exif_transpose(original)  # a copy, upright
        image = _to_srgb(image, original.info.get("icc_profile"))
    if "transparency" in image.info and fmt != "JPEG":  # a palette or colour key: as alpha
        image = image.convert("RGBA")
    elif image.mode not in _MODES[fmt]:
        alpha = "A" in image.getbands() and fmt != "JPEG"
        image = image.convert("RGBA" if alpha else "RGB")
    # A new image from the pixels alone: no info (EXIF, XMP, ICC, text chunks, DPI) of the
    # original can reach the encoder, whatever it would copy by default.
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    bare.save(out, fmt, **_SAVE[fmt])
    return out.getvalue()


# A thumbnail fits this box (CSS pixels, 1.5 times the widest grid cell it fills, for sharp
# phones): pages load these and link the full copy.
THUMB_BOX = (480, 360)
_THUMB_SAVE: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 78, "subsampling": "4:2:0", "optimize": True, "progressive": False},
    "PNG": {"compress_level": 6, "optimize": False},
    "WEBP": {"quality": 78, "method": 4, "lossless": False, "exact": False},
}


def thumb_size(size: tuple[int, int]) -> tuple[int, int]:
    """The thumbnail's size for a (cleaned, upright) photo of ``size``: within THUMB_BOX,
    never larger than the photo."""
    width, height = size
    scale = min(1.0, THUMB_BOX[0] / width, THUMB_BOX[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def thumbnail(clean: bytes, suffix: str) -> bytes:
    """A small copy of a cleaned photo (``clean_photo``'s output), in the same format."""
    fmt = FORMATS[suffix.lower()]
    with open_photo(clean, [fmt]) as image:
        image.load()
        small = image.resize(thumb_size(image.size), Image.Resampling.LANCZOS)
    bare = Image.frombytes(small.mode, small.size, small.tobytes())
    out = io.BytesIO()
    bare.save(out, fmt, **_THUMB_SAVE[fmt])
    return out.getvalue()


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours as the embedded profile means them, in sRGB, which browsers assume without
    one. A profile that cannot be read is ignored: the pixels are kept as they are."""
    if not icc or image.mode not in ("L", "RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


class PhotoCache:
    """Cleaned photos by the SHA-256 of the original, its suffix and the encoder settings.

    ``directory`` None keeps nothing between calls. ``path`` returns the cached file (to be
    copied by the docs writer, so thousands of photos are never all in memory).
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self.encoded = 0
        self.sizes: dict[Path, tuple[int, int]] = {}

    @staticmethod
    def key(raw: bytes, suffix: str) -> str:
        digest = hashlib.sha256(f"{ENCODING} {PIL.__version__} {suffix.lower()}\n".encode())
        digest.update(raw)
        return digest.hexdigest()

    def clean(self, source: Path) -> bytes | Path:
        """The cleaned copy of ``source``: its cached file, or its bytes without a cache."""
        return self._made(source, "", lambda raw: clean_photo(raw, source.suffix))

    def thumbnail(self, source: Path) -> bytes | Path:
        """The thumbnail of ``source``'s cleaned copy: cached like it."""
        def make(raw: bytes) -> bytes:
            return thumbnail(_read(self.clean(source)), source.suffix)

        return self._made(source, "thumb", make)

    def thumbnail_size(self, source: Path) -> tuple[int, int]:
        """The thumbnail's width and height (for the page's <img>), from its header."""
        if source not in self.sizes:
            with open_photo(_read(self.thumbnail(source)), [FORMATS[source.suffix.lower()]]) as im:
                self.sizes[source] = im.size
        return self.sizes[source]

    def _made(self, source: Path, kind: str, make: Callable[[bytes], bytes]) -> bytes | Path:
        raw = source.read_bytes()
        if self.directory is None:
            self.encoded += 1
            return make(raw)
        key = self.key(raw, source.suffix) + (f"-{kind}" if kind else "")
        path = self.directory / f"{key}{source.suffix.lower()}"
        if path.is_file():
            return path
        data = make(raw)
        self.encoded += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path


def _read(made: bytes | Path) -> bytes:
    return made if isinstance(made, bytes) else made.read_bytes()
