"""Made-up site photos for the sample: drawn with Pillow, dated, with a camera's EXIF.

Each picture is a construction site drawn from shapes (sky, hills, hoarding, a building
whose floors follow the project's progress, a tower crane), so it is plainly not a
photograph of anywhere. Like a phone photo it carries EXIF: camera, time taken and a GPS
position, which the build must strip from every copy it serves (``present.photos``).
Pillow is pinned, so the same drawing gives the same JPEG bytes on every machine.
"""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageDraw

SIZE = (960, 720)
QUALITY = 82


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return float(degrees), float(minutes), seconds


def _exif(taken: str, lon: float, lat: float) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SampleCam"  # Make
    exif[0x0110] = "Site Camera 1"  # Model
    exif[0x0131] = "tools.sample"  # Software
    exif[0x0132] = f"{taken.replace('-', ':')} 10:30:00"  # DateTime
    exif.get_ifd(0x8769)[0x9003] = f"{taken.replace('-', ':')} 10:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", _dms(lat)
    gps[3], gps[4] = "E", _dms(lon)
    return exif


def site_photo(rng: random.Random, progress: float, taken: str, lon: float, lat: float) -> bytes:
    """A JPEG of an invented site, ``progress`` (0–1) of the way to its last floor."""
    w, h = SIZE
    image = Image.new("RGB", SIZE, (200, 220, 235))
    draw = ImageDraw.Draw(image)
    for y in range(0, h // 2):  # sky, lighter towards the horizon
        t = y / (h / 2)
        draw.line([(0, y), (w, y)], fill=(int(120 + 110 * t), int(170 + 60 * t), int(225 + 20 * t)))
    horizon = int(h * 0.5)
    hills = [(0, horizon)]
    for x in range(0, w + 80, 80):
        hills.append((x, horizon - rng.randint(20, 70)))
    hills.append((w, horizon))
    draw.polygon(hills, fill=(126, 150, 120))
    draw.rectangle([0, horizon, w, h], fill=(150, 138, 116))  # the ground
    left, base = rng.randint(180, 300), int(h * 0.8)
    floors = max(1, round(12 * progress))
    width, storey = rng.randint(300, 420), 24
    for floor in range(floors):
        top = base - (floor + 1) * storey
        draw.rectangle([left, top, left + width, top + storey - 2], fill=(178, 178, 172),
                       outline=(120, 120, 116))
        for x in range(left + 12, left + width - 20, 34):
            draw.rectangle([x, top + 6, x + 18, top + storey - 7], fill=(70, 84, 96))
    for x in range(left - 10, left + width + 14, 28):  # scaffolding on the top floors
        draw.line([(x, base - floors * storey - 30), (x, base)], fill=(96, 96, 96), width=2)
    mast = left + width + 80  # a tower crane
    top = base - 14 * storey
    draw.rectangle([mast, top, mast + 10, base], fill=(230, 180, 30))
    draw.line([(mast - 120, top), (mast + 220, top)], fill=(230, 180, 30), width=8)
    draw.line([(mast + 160, top), (mast + 160, top + rng.randint(80, 200))], fill=(60, 60, 60),
              width=2)
    draw.rectangle([0, base, w, base + 36], fill=(40, 110, 170))  # the blue hoarding
    for _ in range(6):  # trees in front
        x, size = rng.randint(0, w), rng.randint(22, 40)
        draw.ellipse([x - size, h - 70 - size, x + size, h - 70 + size], fill=(60, 120, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, subsampling="4:2:0", optimize=True,
               exif=_exif(taken, lon, lat))
    return out.getvalue()


def photo_plan(stage: str) -> list[tuple[str, float, str]]:
    """(date, share of floors, caption) of the photos taken on a site at ``stage``."""
    if stage in ("竣工", "投产", "达产达效"):
        return [("2025-03-18", 0.7, "主体结构施工"), ("2025-06-20", 1.0, "主体结构封顶"),
                ("2025-09-26", 1.0, "外立面和室外工程完工")]
    return [("2025-04-16", 0.2, "基础工程施工"), ("2025-07-22", 0.45, "主体结构施工"),
            ("2025-10-15", 0.65, "主体结构施工, 塔吊作业中")]


def photo_entries(code: str, stage: str, rng: random.Random, lon: float, lat: float,
                  internal_last: bool) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The ``photos`` entries of a project and the files they name (under data/)."""
    entries, files = [], {}
    plan = photo_plan(stage)
    for i, (taken, share, caption) in enumerate(plan):
        file = f"photos/{code}/{taken}.jpg"
        files[file] = site_photo(rng, share, taken, lon, lat)
        entry: dict[str, Any] = {"file": file, "caption": caption, "date": taken}
        if internal_last and i == len(plan) - 1:
            entry["caption"] = "安全检查: 塔吊作业区围挡待补齐"
            entry["internal"] = True
        entries.append(entry)
    return entries, files
