"""Photos under data/photos/: what each file really is, before anything copies it.

A photo arrives from a pull request like any data file, so it is untrusted: a text file or
a PNG named ``.jpg``, a truncated upload, a 50 MB original, or a few kilobytes that
decode to billions of pixels. ``inspect_photo`` opens the bytes with Pillow, limited to the
three formats the site serves, and decodes them in full; the loader turns what it finds
into a finding. It is a pure function of the bytes and the suffix, so the loader's parse
cache keeps its result.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from generator.model.codes import CodedError

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a phone photo is 2–6 MB; above this, resize first
# 50 million pixels: a 48 MP phone sensor still fits, and a decoded photo stays under
# 200 MB of memory. Checked from the header, before any pixel is decoded.
MAX_PHOTO_PIXELS = 50_000_000

# Pillow's format name for each suffix the site serves (models.Photo allows these).
FORMATS: dict[str, str] = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def open_photo(raw: bytes, formats: list[str] | tuple[str, ...]) -> PilImage:
    """``raw`` opened (header only) as one of ``formats``, with Pillow's own bomb check quiet:
    the size is compared with MAX_PHOTO_PIXELS by the callers, which report it."""
    from PIL import Image  # imported here: `check` of data without photos never needs it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(raw), formats=list(formats))


def inspect_photo(raw: bytes, suffix: str) -> CodedError | None:
    """What is wrong with ``raw`` as a photo named ``*suffix`` (lower case), or None.

    The problem is returned, not raised: the loader's cache keeps it like any parse result.
    """
    from PIL import Image

    expected = FORMATS[suffix]
    allowed = sorted(set(FORMATS.values()))
    try:
        image = open_photo(raw, allowed)
    except Image.DecompressionBombError:  # over twice Pillow's own limit: size not known
        return CodedError("photo-too-many-pixels", got=f"more than {2 * Image.MAX_IMAGE_PIXELS}",
                          limit=MAX_PHOTO_PIXELS)
    except Exception:  # any failure to recognise the bytes: not an image we serve
        return CodedError("photo-not-image", suffix=suffix)
    with image:
        if image.format != expected:
            return CodedError("photo-mismatch", got=image.format, expected=expected,
                              suffix=suffix)
        width, height = image.size
        if width * height > MAX_PHOTO_PIXELS:
            return CodedError("photo-too-many-pixels", got=f"{width}×{height}",
                              limit=MAX_PHOTO_PIXELS)
        try:
            image.verify()  # checksums and structure, where the format has them
        except Exception:
            return CodedError("photo-damaged", format=expected)
    try:
        with open_photo(raw, [expected]) as image:
            image.load()  # every pixel: a truncated file fails here
    except Exception:
        return CodedError("photo-damaged", format=expected)
    return None
