"""Characters and names that data may not hold: invisible ones, and ones Windows cannot store.

Two kinds of rule live here, used by the models (field values) and by the loader (file
names in data/):

* Invisible characters. A bidi control (U+202E ...) makes the text shown differ from the
  text stored, in every page and export it reaches; a zero-width character makes two
  spellings of one name that look the same; a C0/C1 control is not text at all.
* Names that become paths. Codes name page folders (projects/<code>/ ...) and photo files
  are copied as they are named, all into internal.zip, which clerks unpack on Windows:
  there a device name (CON, NUL, COM1 ...) cannot be a file or folder, names that differ
  only in case are one file, and trailing dots and spaces are dropped.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi controls: embeddings, overrides, isolates and the marks (U+061C, U+200E/F).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Zero-width characters: no glyph, so "水利局" and "水\u200b利局" look the same.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# C0 controls but tab, line feed and carriage return (text may have lines), DEL, C1 controls.
_CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r")
LINE_CONTROLS = "\t\n\r"

# Long text (scale, progress, notes): no bidi control and no control character. Zero-width
# characters are let through there: they change no name and no meaning.
_IN_TEXT = re.compile(f"[{re.escape(BIDI + _CONTROLS)}]")
# Names and other short fields: none of those, and no zero-width character either.
_IN_NAME = re.compile(f"[{re.escape(BIDI + _CONTROLS + ZERO_WIDTH)}]")
# Titles shown in every page's head (site.yaml region and title): also no line controls.
_IN_TITLE = re.compile(f"[{re.escape(BIDI + _CONTROLS + ZERO_WIDTH + LINE_CONTROLS)}]")
# Markup characters: the region and title go into the theme's <title> and header.
MARKUP = "<>&\"'`"

# Not allowed in a Windows file name (besides the controls above).
_WINDOWS_FORBIDDEN = '<>:"\\|?*'
_IN_FILENAME = re.compile(
    f"[{re.escape(BIDI + _CONTROLS + ZERO_WIDTH + LINE_CONTROLS + _WINDOWS_FORBIDDEN)}]"
)
# Windows device names, with or without an extension, in any case; the superscript digits
# are devices too.
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"}
)

# Controls have no name in unicodedata; these are the ones seen in pasted or exported text.
_NAMES = {"\t": "TAB (制表符)", "\n": "LINE FEED (换行)", "\r": "CARRIAGE RETURN (回车)",
          "\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION",
          "\x0c": "FORM FEED", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}


def char_label(char: str) -> tuple[str, str]:
    """``('U+202E', 'RIGHT-TO-LEFT OVERRIDE')``: how a message names a character."""
    name = _NAMES.get(char) or unicodedata.name(char, "") or "CONTROL CHARACTER"
    return f"U+{ord(char):04X}", name


def invisible_in_text(text: str) -> tuple[int, str] | None:
    """The 1-based position and character of the first refused character of long text."""
    return _first(_IN_TEXT, text)


def invisible_in_name(text: str) -> tuple[int, str] | None:
    """As ``invisible_in_text``, for a name or short field (zero-width characters too)."""
    return _first(_IN_NAME, text)


def invisible_in_title(text: str) -> tuple[int, str] | None:
    """As ``invisible_in_name``, for a page title (line breaks and tabs too)."""
    return _first(_IN_TITLE, text)


def markup_in(text: str) -> str | None:
    """The first markup character of ``text``, if any."""
    return next((c for c in text if c in MARKUP), None)


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, str] | None:
    match = pattern.search(text)
    return (match.start() + 1, match.group()) if match else None


def is_device_name(name: str) -> bool:
    """True for CON, con.txt, Lpt1.tar.gz, "NUL " ...: names Windows keeps for devices."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES


def bad_filename_char(name: str) -> str | None:
    """The first character of a file name that Windows refuses or that cannot be seen."""
    match = _IN_FILENAME.search(name)
    return match.group() if match else None


def fold(name: str) -> str:
    """A name as Windows compares it: letters upper-cased one for one (not ß → SS)."""
    return "".join(upper if len(upper := c.upper()) == 1 else c for c in name)


def shown(name: str) -> str:
    """A name to print: refused characters as escapes (``\\u202e``), so none acts on a terminal."""
    return _IN_FILENAME.sub(lambda m: _escape(m.group()), name) if _IN_FILENAME.search(name) \
        else name


def _escape(char: str) -> str:
    if char in _WINDOWS_FORBIDDEN:
        return char  # visible and harmless in a message
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
