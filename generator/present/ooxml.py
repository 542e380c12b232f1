"""Byte-stable Office files: fixed zip entry dates and fixed document properties.

Office files are zip archives; writers stamp each entry with the current time and put the
save time into ``docProps/core.xml``. Downloads are part of the site, and the site must be
the same bytes for the same data, so both are replaced with a date taken from the data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

CORE_XML = "docProps/core.xml"
# Characters XML 1.0 cannot carry at all (C0 controls but tab/CR/LF, surrogates, U+FFFE/F):
# the data is untrusted, and one of them would make the whole file unreadable.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_W3CDTF = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def xml_text(text: str) -> str:
    """``text`` safe as XML character data: illegal characters dropped, ``&<>`` escaped and
    CR as a reference (a parser would read a bare CR as LF)."""
    return escape(NOT_XML.sub("", text), {"\r": "&#13;"})


def w3cdtf(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def fix_core_dates(core: bytes, moment: dt.datetime) -> bytes:
    """Set dcterms:created and dcterms:modified in a core.xml part to ``moment``."""
    stamp = w3cdtf(moment).encode()
    return _W3CDTF.sub(lambda m: m.group(1) + stamp + m.group(3), core)


def zip_entries(entries: Iterable[tuple[str, bytes]], moment: dt.datetime) -> bytes:
    """A zip of ``entries`` in the given order, each dated ``moment`` with fixed attributes."""
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name, body in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()


def stable_zip(
    data: bytes,
    moment: dt.datetime,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> bytes:
    """Rewrite a zip with every entry dated ``moment`` and fixed attributes, same order.

    ``edit`` maps entry names to functions applied to their bytes (e.g. core.xml dates).
    """
    edit = edit or {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = []
        for name in source.namelist():
            body = source.read(name)
            entries.append((name, edit[name](body) if name in edit else body))
    return zip_entries(entries, moment)


def stable_office_file(data: bytes, moment: dt.datetime,
                       edit: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """``stable_zip`` that also pins the dates in docProps/core.xml."""
    return stable_zip(data, moment,
                      {**(edit or {}), CORE_XML: lambda core: fix_core_dates(core, moment)})
