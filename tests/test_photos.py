"""Photos: each hostile file a finding, and the copy on the sites has pixels and nothing else.

Every image here is made with Pillow in the test; none is committed.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
import yaml
from conftest import make_minimal_data
from PIL import ExifTags, Image

from generator.inputs.images import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, inspect_photo
from generator.rules.check import check
from generator.site.render import render_site

PHOTO = "photos/XC-001/2025-03.jpg"
GPS_TEXT = b"SECRET-CAMERA-OWNER"


def gps_jpeg(size: tuple[int, int] = (64, 48), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF with GPS position, camera and owner, and a comment."""
    image = Image.new("RGB", size, (180, 120, 60))
    for x in range(size[0] // 2):  # a left half of another colour, to see the rotation
        for y in range(size[1]):
            image.putpixel((x, y), (20, 40, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Model X"
    exif[ExifTags.Base.Artist] = GPS_TEXT.decode()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, 7.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (114.0, 20.0, 1.25),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at the secret site", quality=95)
    return out.getvalue()


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb's
    first bytes, without the memory to build one."""
    raw = bytearray(_png((1, 1)))
    body = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw[16:29] = body  # IHDR data follows the signature (8), length (4) and type (4)
    raw[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + body))
    return bytes(raw)


def _data_with_photo(tmp_path: Path, raw: bytes, name: str = PHOTO) -> Path:
    """The minimal data, its public project XC-001 showing one photo ``name``."""
    root = make_minimal_data(tmp_path)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    project = root / "projects" / "XC-001.yaml"
    text = project.read_text("utf-8") + yaml.safe_dump(
        {"photos": [{"file": name, "caption": "现场", "date": "2025-03-20"}]},
        allow_unicode=True)
    project.write_text(text, "utf-8")
    return root


def _findings(root: Path) -> list[tuple[str, str]]:
    _, findings = check(root)
    return [(f.file, f.code) for f in findings]


def _site_photo(root: Path, audience: str) -> bytes:
    dataset, findings = check(root)
    assert dataset is not None, [str(f) for f in findings]
    site = render_site(dataset, audience)  # type: ignore[arg-type]
    file = site.files[f"assets/{PHOTO}"]
    return file.data if file.data is not None else file.source.read_bytes()  # type: ignore[union-attr]


# --- what check refuses -----------------------------------------------------------------


def test_a_valid_photo_passes(tmp_path: Path) -> None:
    assert _findings(_data_with_photo(tmp_path, gps_jpeg())) == []


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("text", lambda: "这不是照片, 是说明文字\n".encode() * 20, "photo-not-image"),
        ("truncated-jpeg", lambda: gps_jpeg((400, 300))[:3000], "photo-damaged"),
        ("png-named-jpg", _png, "photo-mismatch"),
        ("pixel-bomb", lambda: _png_claiming(20_000, 20_000), "photo-too-many-pixels"),
        ("huge-bomb", lambda: _png_claiming(100_000, 100_000), "photo-too-many-pixels"),
    ],
)
def test_a_hostile_photo_is_a_finding_with_file_and_code(tmp_path: Path, name: str, make,
                                                         code: str) -> None:
    root = _data_with_photo(tmp_path, make())
    assert _findings(root) == [(f"data/{PHOTO}", code)], name


def test_a_mismatch_names_both_formats(tmp_path: Path) -> None:
    _, findings = check(_data_with_photo(tmp_path, _png()))
    assert str(findings[0]) == (
        f"data/{PHOTO}: 图片格式与扩展名不符 (got PNG content, expected JPEG for '.jpg') "
        "[photo-mismatch]"
    )


def test_an_oversized_photo_is_refused_by_size_unread(tmp_path: Path) -> None:
    root = _data_with_photo(tmp_path, b"")
    with (root / PHOTO).open("wb") as handle:  # sparse: 11 MB of nothing on disk
        handle.truncate(MAX_PHOTO_BYTES + 1024 * 1024)
    _, findings = check(root)
    assert [(f.file, f.code) for f in findings] == [(f"data/{PHOTO}", "photo-too-large")]
    assert "(got 11.0 MB, expected at most 10 MB)" in str(findings[0])


def test_a_pipe_named_like_a_photo_is_not_opened(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "photos").mkdir()
    os.mkfifo(root / "photos" / "wait.jpg")  # reading it would block the check for ever
    assert _findings(root) == [("data/photos/wait.jpg", "photo-not-image")]


def test_an_unlisted_photo_is_checked_too(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "photos").mkdir()
    (root / "photos" / "stray.webp").write_bytes(_png())
    assert _findings(root) == [("data/photos/stray.webp", "photo-mismatch")]


def test_the_pixel_limit_is_checked_from_the_header() -> None:
    side = int(MAX_PHOTO_PIXELS**0.5) + 1
    problem = inspect_photo(_png_claiming(side, side), ".png")
    assert problem is not None and problem.code == "photo-too-many-pixels"
    assert problem.values["got"] == f"{side}×{side}"


# --- what the sites get -------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_the_site_copy_has_no_exif_gps_or_comment(tmp_path: Path, audience: str) -> None:
    original = gps_jpeg()
    assert GPS_TEXT in original and b"Exif" in original
    served = _site_photo(_data_with_photo(tmp_path, original), audience)
    assert GPS_TEXT not in served and b"Exif" not in served and b"secret site" not in served
    with Image.open(io.BytesIO(served)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert not {"exif", "comment", "icc_profile", "xmp"} & set(image.info)


def test_orientation_is_applied_to_the_pixels(tmp_path: Path) -> None:
    rotated = gps_jpeg((64, 48), orientation=6)  # "rotate 90° clockwise to view"
    served = _site_photo(_data_with_photo(tmp_path, rotated), "public")
    with Image.open(io.BytesIO(served)) as image:
        assert image.size == (48, 64)
        top, bottom = image.getpixel((24, 2)), image.getpixel((24, 61))
    assert top[2] > 150 > bottom[2]  # the blue left half is now on top


def test_data_after_the_image_does_not_reach_the_site(tmp_path: Path) -> None:
    polyglot = gps_jpeg() + b"PK\x03\x04<script>alert(1)</script>"
    root = _data_with_photo(tmp_path, polyglot)
    assert _findings(root) == []
    assert b"<script>" not in _site_photo(root, "public")


def test_the_same_photo_gives_the_same_bytes_every_build(tmp_path: Path) -> None:
    root = _data_with_photo(tmp_path / "a", gps_jpeg((300, 200)))
    first = _site_photo(root, "public")
    assert _site_photo(root, "public") == first
    assert _site_photo(root, "internal") == first
    cached = tmp_path / "cache"
    dataset, _ = check(root)
    assert dataset is not None
    for _ in range(2):  # encoded into the cache, then read back from it
        site = render_site(dataset, "public", photo_cache=cached)
        source = site.files[f"assets/{PHOTO}"].source
        assert source is not None and source.read_bytes() == first


@pytest.mark.parametrize(("suffix", "fmt", "mode"),
                         [(".png", "PNG", "RGBA"), (".webp", "WEBP", "RGB"),
                          (".jpeg", "JPEG", "CMYK")])
def test_each_format_is_served_in_its_own_format(tmp_path: Path, suffix: str, fmt: str,
                                                 mode: str) -> None:
    out = io.BytesIO()
    image = Image.new(mode, (20, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = GPS_TEXT.decode()
    image.save(out, fmt, exif=exif)
    name = f"photos/XC-001/site{suffix}"
    root = _data_with_photo(tmp_path, out.getvalue(), name)
    dataset, findings = check(root)
    assert dataset is not None, [str(f) for f in findings]
    served = render_site(dataset, "public").files[f"assets/{name}"].data
    assert served is not None and GPS_TEXT not in served
    with Image.open(io.BytesIO(served)) as again:
        assert again.format == fmt and again.size == (20, 10)
        assert dict(again.getexif()) == {}


# --- thumbnails: pages load small copies and link the full one ------------------------------


def test_the_page_shows_a_thumbnail_linking_the_full_copy(tmp_path: Path) -> None:
    root = _data_with_photo(tmp_path, gps_jpeg((1600, 1200)))
    dataset, findings = check(root)
    assert dataset is not None, [str(f) for f in findings]
    site = render_site(dataset, "public")
    thumb_file = site.files[f"assets/thumbs/{PHOTO}"]
    thumb = thumb_file.data if thumb_file.data is not None else thumb_file.source.read_bytes()  # type: ignore[union-attr]
    assert GPS_TEXT not in thumb and b"Exif" not in thumb
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "JPEG" and image.size == (480, 360)
    assert len(thumb) < len(_site_photo(root, "public"))
    page = next(text for text in site.pages.values() if f"thumbs/{PHOTO}" in text)
    start = page.index(f"thumbs/{PHOTO}")
    figure = page[page.rindex("<figure>", 0, start):page.index("</figure>", start)]
    assert re.search(rf'<a href="(\.\./)+assets/{PHOTO}"><img src="(\.\./)+assets/thumbs/', figure)
    assert f"assets/thumbs/{PHOTO}" in figure and 'width="480" height="360"' in figure
    assert "拍摄于 2025" in figure


def test_a_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    root = _data_with_photo(tmp_path, gps_jpeg((64, 48)))
    dataset, _ = check(root)
    assert dataset is not None
    thumb_file = render_site(dataset, "public").files[f"assets/thumbs/{PHOTO}"]
    thumb = thumb_file.data if thumb_file.data is not None else thumb_file.source.read_bytes()  # type: ignore[union-attr]
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.size == (64, 48)


def test_the_sample_photos_carry_exif_that_the_sites_drop() -> None:
    """The shipped sample photos are dated and carry GPS like a phone's (so the stripping is
    exercised by the sample build too)."""
    root = Path(__file__).resolve().parents[1] / "data"
    photos = sorted((root / "photos").rglob("*.jpg"))
    assert len(photos) >= 6
    with Image.open(photos[0]) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
