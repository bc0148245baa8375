"""Readers of the published forms: each turns one file into a ``SourceDocument``.

The form is recognised from the file's content, never its name: a PDF by its signature, HTML or
XHTML by its markup, anything else as text (TAB-separated or space-aligned columns). A file is
read at most ``MAX_BYTES``; what no reader can take is a ``KcError`` naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from kcmodel.errors import printable
from kcmodel.files import MAX_BYTES, read_bounded
from kcmodel.ingest.characters import sanitized
from kcmodel.ingest.forms.aligned import read_text
from kcmodel.ingest.forms.retab import retabbed
from kcmodel.ingest.source import SourceDocument

_HTML = re.compile(rb"<(?:!doctype\s+html|html|body|table|div|p)\b", re.I)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing directories, devices, FIFOs and files over ``MAX_BYTES``."""
    return read_bounded(path, "an announcement", MAX_BYTES)


def sniff(data: bytes) -> str:
    """'pdf', 'html' or 'text', from the first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"<") and _HTML.search(head):
        return "html"
    return "text"


def read_document(path: Path) -> SourceDocument:
    """The file's document; its path and name with control characters escaped, as every message shows them."""
    data = read_bytes(path)
    return read_data(data, printable(str(path)), printable(path.name))


def read_data(data: bytes, path: str, name: str) -> SourceDocument:
    kind = sniff(data)
    if kind == "pdf":  # the PDF and HTML readers (and PDFium, lxml.html) load when a file needs them
        from kcmodel.ingest.forms.pdf import read_pdf

        document = read_pdf(data, path, name)
    elif kind == "html":
        from kcmodel.ingest.forms.html import read_html

        document = read_html(data, path, name)
    elif (tabs := retabbed(data)) is not None:
        document = read_text(tabs, path, name)
        document.notes.append("its TABs were printed as pairs of spaces (no column aligned): read as TAB text")
    else:
        document = read_text(data, path, name)
    document, found = sanitized(document)
    document.replaced = [(line.number, count) for line, count in found]
    return document
