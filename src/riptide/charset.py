"""Decode HTML bytes to text the way browsers decide the encoding.

Order (WHATWG encoding sniffing, simplified): byte-order mark → charset in the HTTP
Content-Type → ``<meta charset>`` / ``http-equiv`` in the first 1,024 bytes → UTF-8 if the
bytes are valid UTF-8 → windows-1252 (the web's historical default). Labels are mapped through
Python's codec registry with the WHATWG aliases that differ from it (``iso-8859-1`` and
``ascii`` mean windows-1252 on the web). Decoding never fails: undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

#: How far into the document a <meta> charset declaration is honoured (per the HTML spec).
META_SNIFF_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: WHATWG label overrides: browsers decode these labels as windows-1252.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "x-user-defined": "cp1252",
}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a document that declares UTF-16 in a <meta> is really ASCII-compatible (per the spec)
    return name


def sniff_encoding(data: bytes, content_type: str | None = None) -> str:
    """The codec name to decode ``data`` with."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        found = _codec(match.group(1)) if match else None
        if found:
            return found
    declared = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    if declared:
        found = _codec(declared.group(1).decode("ascii", "replace"))
        if found and not found.startswith("utf-16"):
            return found
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes → str with the sniffed encoding; never raises."""
    encoding = sniff_encoding(bytes(data), content_type)
    text = bytes(data).decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
