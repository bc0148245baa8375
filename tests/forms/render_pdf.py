"""Announcements printed to PDF by headless Chromium, in typesettings that differ the way published
PDFs differ (test code: kcmodel never imports it), pages written by hand with each text exactly
where a test puts it (``placed_pdf``), and the bad PDFs a reader must refuse.

A seed is read at test time and turned into HTML: a line with TABs is a table row (consecutive rows
one table, the leading rows without a label its column header), every other line a paragraph, as
printed (a row written with single spaces stays a paragraph). Nothing of a seed is kept in the repo.
A table wider than the page is set smaller (zoomed), as a typesetter would.

- ``A``: A4 portrait, 9.5 pt serif, automatic table layout (each table its own column widths);
  the column header in ``<thead>`` so Chromium repeats it on every page a table runs onto; header
  spans ('For the year ended') centred over the empty slots after them; a running title above and
  'Page N of M' below every page; paragraphs break across pages.
- ``B``: Letter landscape, 10.5 pt sans; long runs of prose set in two columns (a paragraph may
  run from one column into the next); one grid for figures (right-aligned, wide paddings) and a
  label column that lets long labels wrap; header spans left-aligned over their slots; no repeated
  header: tables are split at page ends here, with a '(Continued)' line on the next page, the part
  continued keeping the columns of the whole table; '- N -' below and a two-part running header.
- ``C``: A4 portrait as HKEX filings and newswire PDFs are set: prose in a condensed serif,
  justified, in two columns; tables in a monospaced font with every cell top-aligned and a narrow
  label column, so that many labels wrap onto two or three lines below the row's figures; column
  headers that wrap too ('Jun 30,' over '2025'); spans centred over their columns above a rule;
  tables broken by the browser wherever a page ends, the header never repeated and no
  '(Continued)'; no running header, a bare page number centred below.
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from tests.browser import shared

PX_PER_INCH = 96
MM_PER_INCH = 25.4
SAFETY_PX = 24  # measured screen layout and printed layout differ by a few pixels: keep clear of the page end
COLUMN_CHARS = 1200  # prose set in columns: a run of paragraphs this long (headings between tables stay whole)
NOWRAP_CHARS = 40  # a figure or column header stays on one line; a longer text cell wraps like prose


@dataclass(frozen=True)
class Typesetting:
    name: str
    width_in: float  # the page, portrait or landscape as printed
    height_in: float
    margin_in: tuple[float, float, float, float]  # top, right, bottom, left
    css: str
    repeat_header: bool  # header rows in <thead> (Chromium repeats them on each page)
    span_headers: bool  # a header cell spans the empty slots after it
    prose_columns: int  # CSS columns for the runs of paragraphs between tables
    continued: bool  # tables split at page ends by the renderer, '(Continued)' on the next page
    header_template: str
    footer_template: str

    @property
    def content_px(self) -> tuple[int, int]:
        top, right, bottom, left = self.margin_in
        return (round((self.width_in - left - right) * PX_PER_INCH),
                round((self.height_in - top - bottom) * PX_PER_INCH))


_CSS_A = """
body { font-family: 'DejaVu Serif', serif; font-size: 9.5pt; line-height: 1.3; margin: 0; }
p { margin: 0 0 0.45em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 0.9em 0; break-inside: auto; }
tr { break-inside: avoid; }
td, th { padding: 1px 6px; vertical-align: bottom; font-weight: normal; }
td.l { text-align: left; width: 36%; min-width: 15em; }
td.n { text-align: right; white-space: nowrap; }
td.t { text-align: left; }
th { text-align: center; white-space: nowrap; }
"""

_CSS_B = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.35; margin: 0; }
p { margin: 0 0 0.7em 0; }
div.cols { column-count: 2; column-gap: 2.2em; column-fill: balance; }
p { overflow-wrap: anywhere; }
p.continued { font-style: italic; margin-bottom: 0.3em; }
table { border-collapse: separate; border-spacing: 0; width: 86%; margin: 0.5em 0 1em 0; }
tr { break-inside: avoid; }
td { padding: 2px 2px 2px 22px; vertical-align: bottom; }
td.l { text-align: left; min-width: 13em; padding-left: 0; }
td.n { text-align: right; white-space: nowrap; width: 7em; }  /* one grid: fragments of a table line up */
td.t { text-align: left; }
tr.h td { font-weight: bold; }
th { text-align: left; font-weight: bold; white-space: nowrap; padding: 2px 2px 2px 22px; }
"""

_CSS_C = """
body { font-family: 'DejaVu Serif Condensed', 'DejaVu Serif', serif; font-size: 9pt; line-height: 1.25; margin: 0; }
p { margin: 0 0 0.5em 0; }
div.cols { column-count: 2; column-gap: 1.4em; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em 0; font-family: 'DejaVu Sans Mono', monospace;
        font-size: 7pt; line-height: 1.2; }
tr { break-inside: avoid; }
td, th { padding: 1.5px 3px; vertical-align: top; font-weight: normal; }
td.l { text-align: left; width: 22%; }
td.n { text-align: right; white-space: nowrap; }
tr.h td.n { white-space: normal; }  /* a header cell wraps in its narrow column: 'Jun 30,' over '2025' */
td.t { text-align: left; }
th { text-align: center; border-bottom: 0.5pt solid black; }
"""

_SMALL = "font-size:7.5pt;width:100%;margin:0 0.6in;font-family:'DejaVu Sans';"

SETTINGS = {
    "A": Typesetting(
        name="A", width_in=210 / MM_PER_INCH, height_in=297 / MM_PER_INCH, margin_in=(0.85, 0.7, 0.85, 0.7),
        css=_CSS_A, repeat_header=True, span_headers=True, prose_columns=1, continued=False,
        header_template=f"<div style=\"{_SMALL}text-align:center\"><span class=title></span></div>",
        footer_template=f"<div style=\"{_SMALL}text-align:right\">Page <span class=pageNumber></span> of "
                        "<span class=totalPages></span></div>"),
    "B": Typesetting(
        name="B", width_in=11.0, height_in=8.5, margin_in=(0.8, 0.75, 0.75, 0.75),
        css=_CSS_B, repeat_header=False, span_headers=True, prose_columns=2, continued=True,
        header_template=f"<div style=\"{_SMALL}display:flex;justify-content:space-between\">"
                        "<span>Kingsoft Cloud Holdings Limited</span>"
                        "<span>Results announcement (unaudited)</span></div>",
        footer_template=f"<div style=\"{_SMALL}text-align:center\">- <span class=pageNumber></span> -</div>"),
    "C": Typesetting(
        name="C", width_in=210 / MM_PER_INCH, height_in=297 / MM_PER_INCH, margin_in=(0.9, 0.8, 0.9, 0.8),
        css=_CSS_C, repeat_header=False, span_headers=True, prose_columns=2, continued=False,
        header_template="<div></div>",
        footer_template=f"<div style=\"{_SMALL}text-align:center\"><span class=pageNumber></span></div>"),
}


# ------------------------------------------------------------------------------------ seed to HTML

_LINK = re.compile(r"\[([^\]]*)\]\(#?[^)]*\)")
_TAGS = re.compile(r"</?(?:u|i|b|em|strong|sup|sub)>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$%&|~<>])")


def inline(raw: str) -> str:
    """A seed's Markdown-ish text as HTML: '**' toggles bold, tags and escapes as a reader sees them."""
    parts = _TAGS.sub("", _LINK.sub(r"\1", raw)).replace("__", "**").split("**")
    out = []
    for index, part in enumerate(parts):
        text = html.escape(_ESCAPE.sub(r"\1", part).replace("\u00a0", " "))
        out.append(f"<b>{text}</b>" if index % 2 and text.strip() else text)
    return "".join(out)


def blocks(seed: str) -> list[tuple[str, list[list[str]]]]:
    """('p', [[line]]) for a paragraph, ('table', rows of cells) for a run of TAB rows."""
    out: list[tuple[str, list[list[str]]]] = []
    rows: list[list[str]] = []
    for raw in seed.replace("\r\n", "\n").split("\n"):
        if "\t" in raw:
            rows.append(raw.rstrip("\n").split("\t"))
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if raw.strip():
            out.append(("p", [[raw]]))
    if rows:
        out.append(("table", rows))
    return out


def _header_count(rows: list[list[str]]) -> int:
    """The column header: the leading rows with no label."""
    count = 0
    while count < len(rows) - 1 and not _TAGS.sub("", rows[count][0]).strip():
        count += 1
    return count


def _cells(row: list[str], width: int, spans: bool) -> str:
    cells = row + [""] * (width - len(row))
    out, index = [], 0
    while index < width:
        text = inline(cells[index].strip())
        kind = "l" if index == 0 else "n" if len(cells[index]) <= NOWRAP_CHARS else "t"
        span = 1
        if spans and index and len(re.findall(r"[A-Za-z]{2,}", cells[index])) >= 2:  # 'For the year ended', not '2024'
            while index + span < width and not cells[index + span].strip():
                span += 1
        if span > 1:
            out.append(f"<th colspan=\"{span}\">{text}</th>")
        else:
            out.append(f"<td class=\"{kind}\">{text}</td>")
        index += span
    return "".join(out)


def table_html(rows: list[list[str]], setting: Typesetting) -> str:
    width = max(len(r) for r in rows)
    count = _header_count(rows)
    head = "".join(f"<tr class=\"h\">{_cells(r, width, setting.span_headers)}</tr>" for r in rows[:count])
    body = "".join(f"<tr>{_cells(r, width, False)}</tr>" for r in rows[count:])
    if setting.repeat_header:
        return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"
    return f"<table><tbody>{head}{body}</tbody></table>"


def seed_html(seed: str, setting: Typesetting, title: str) -> str:
    parts: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            inner = "".join(prose)
            columns = setting.prose_columns > 1 and len(inner) >= COLUMN_CHARS
            parts.append(f"<div class=\"cols\">{inner}</div>" if columns else inner)
            prose.clear()

    for kind, content in blocks(seed):
        if kind == "p":
            prose.append(f"<p>{inline(content[0][0])}</p>")
        else:
            flush()
            parts.append(table_html(content, setting))
    flush()
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{setting.css}</style></head><body>{''.join(parts)}</body></html>")


# ------------------------------------------------------------------------------------ printing

_FIT_TABLES = """
(width) => {  // a table wider than the page is set smaller, as a typesetter would (not the whole document)
  for (const t of document.querySelectorAll('table')) {
    const w = t.getBoundingClientRect().width;
    if (w > width) t.style.zoom = (width / w).toFixed(3);
  }
}
"""

_PAGINATE = """
([pageHeight, safety]) => {
  const bottomOf = (el) => el.getBoundingClientRect().bottom + window.scrollY;
  const topOf = (el) => el.getBoundingClientRect().top + window.scrollY;
  let pageStart = 0;
  const startPage = (el) => { el.style.breakBefore = 'page'; pageStart = topOf(el); };
  const fits = (el) => bottomOf(el) <= pageStart + pageHeight - safety;
  let el = document.body.firstElementChild;
  while (el) {
    if (fits(el)) { el = el.nextElementSibling; continue; }
    const atTop = topOf(el) <= pageStart + 1;
    if (el.tagName === 'TABLE') {
      // the rows still shown here; a part continued on the next page is a copy of the whole table
      // with the other rows collapsed, so both parts keep the columns the whole table has
      const all = Array.from(el.tBodies[0].rows);
      const shown = all.filter((r) => r.style.visibility !== 'collapse');
      const cut = shown.findIndex((r) => !fits(r));
      if (cut <= 0 || shown.slice(0, cut).every((r) => r.classList.contains('h'))) {
        if (atTop) { pageStart += pageHeight; el = el.nextElementSibling; } else { startPage(el); }
        continue;
      }
      const rest = el.cloneNode(true);
      const moved = new Set(shown.slice(cut).map((r) => all.indexOf(r)));
      all.forEach((r, i) => { if (moved.has(i)) r.style.visibility = 'collapse'; });
      Array.from(rest.tBodies[0].rows).forEach((r, i) => { if (!moved.has(i)) r.style.visibility = 'collapse'; });
      const note = document.createElement('p');
      note.className = 'continued';
      note.textContent = '(Continued)';
      el.after(note, rest);
      startPage(note);
      el = rest;
      continue;
    }
    if (el.classList.contains('cols') && el.children.length > 1) {
      const rest = document.createElement('div');
      rest.className = 'cols';
      el.after(rest);
      while (el.children.length > 1 && !fits(el)) rest.prepend(el.lastElementChild);
      if (!fits(el) && !atTop) { rest.prepend(el.lastElementChild); el.remove(); }
      startPage(rest);
      el = rest;
      continue;
    }
    if (atTop) {  // taller than a page: let it run on
      while (bottomOf(el) > pageStart + pageHeight) pageStart += pageHeight;
      el = el.nextElementSibling;
      continue;
    }
    startPage(el);
  }
}
"""


def print_pdfs(jobs: list[tuple[str, Typesetting, Path]]) -> None:
    """Print each (HTML, typesetting, output) with the shared headless Chromium (tests/browser.py)."""
    browser = shared()
    for markup, setting, out in jobs:
        width, height = setting.content_px
        page = browser.new_page(viewport={"width": width, "height": height})
        page.emulate_media(media="print")
        page.set_content(markup, wait_until="load")
        page.evaluate(_FIT_TABLES, width)
        if setting.continued:
            page.evaluate(_PAGINATE, [height, SAFETY_PX])
        top, right, bottom, left = setting.margin_in
        page.pdf(path=str(out), width=f"{setting.width_in}in", height=f"{setting.height_in}in",
                 margin={"top": f"{top}in", "right": f"{right}in", "bottom": f"{bottom}in", "left": f"{left}in"},
                 display_header_footer=True, header_template=setting.header_template,
                 footer_template=setting.footer_template, print_background=False)
        page.close()


def render_seeds(seeds: list[Path], settings: list[Typesetting], folder: Path) -> dict[tuple[str, str], Path]:
    """Every seed in every typesetting: {(seed name, setting name): pdf path}."""
    jobs, out = [], {}
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        for setting in settings:
            target = folder / f"{seed.stem}.{setting.name}.pdf"
            jobs.append((seed_html(text, setting, f"Announcement {seed.stem[:3]}"), setting, target))
            out[(seed.name, setting.name)] = target
    print_pdfs(jobs)
    return out


# ------------------------------------------------------------------------------------ bad PDFs


def scanned_pdf(good: bytes) -> bytes:
    """A 'scan' of a good PDF's first page: the page rendered to a bitmap, placed as the only
    content of a new page (an image, no text layer)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(good)
    scan = pdfium.PdfDocument.new()
    try:
        page = source[0]
        width, height = page.get_size()
        bitmap = page.render(scale=1.5)
        target = scan.new_page(width, height)
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        target.insert_obj(image)
        target.gen_content()
        import io

        buffer = io.BytesIO()
        scan.save(buffer)
        return buffer.getvalue()
    finally:
        scan.close()
        source.close()


def truncated_pdf(good: bytes) -> bytes:
    """The first half of a good PDF: what an interrupted download leaves."""
    return good[: len(good) // 2]


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def minimal_pdf(text: str = "Revenues 7,785,180", user_password: bytes | None = None) -> bytes:
    """A one-page PDF printing ``text`` in Helvetica, written by hand (no browser needed); with a
    user password it is encrypted by the standard security handler (revision 2, 40-bit RC4), built
    by the algorithms of ISO 32000-1 §7.6.3, so it opens only with the password."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    file_id = hashlib.md5(b"kcmodel test").digest()
    permissions = -4
    encrypt, crypt = b"", (lambda number, data: data)
    if user_password is not None:
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], (user_password + _PAD)[:32])
        key = hashlib.md5((user_password + _PAD)[:32] + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
        user = _rc4(key, _PAD)
        encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode()
                   + b"> /P %d >>" % permissions)

        def crypt(number: int, data: bytes) -> bytes:
            return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[:10], data)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + crypt(4, stream) + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ] + ([encrypt] if encrypt else [])
    ident = file_id.hex().encode()
    return _pdf_file(objects, (b"/Encrypt 6 0 R " if encrypt else b"") + b"/ID [<" + ident + b"> <" + ident + b">] ")


def _pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of numbered objects (the catalog first), its cross-reference table and trailer."""
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


def encrypted_pdf(password: bytes = b"secret") -> bytes:
    return minimal_pdf(user_password=password)


# ------------------------------------------------------------------------------------ placed text

COURIER_CELL = 0.6  # Courier's every glyph advances 600/1000 of the font size


@dataclass(frozen=True)
class Placed:
    """Text printed at a point: ``x`` its left edge (or, with ``right``, its right edge) and
    ``baseline`` from the page's top, in points, in Courier at ``size``."""

    x: float
    baseline: float
    text: str
    size: float = 8.0
    right: bool = False

    @property
    def left(self) -> float:
        return self.x - COURIER_CELL * self.size * len(self.text) if self.right else self.x


def placed_pdf(pages: list[list[Placed]], width: float = 595.0, height: float = 842.0) -> bytes:
    """A PDF written by hand that prints each text where it is told (no browser, no layout: the
    geometry a test needs, exactly), in Courier declared fixed-pitch by its font descriptor, as
    the monospaced fonts a typesetter embeds are."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /FontDescriptor 4 0 R /Encoding /WinAnsiEncoding >>",
        b"<< /Type /FontDescriptor /FontName /Courier /Flags 33 /FontBBox [-23 -250 715 805] /ItalicAngle 0"
        b" /Ascent 629 /Descent -157 /CapHeight 562 /StemV 51 /MissingWidth 600 >>",
    ]
    for index, texts in enumerate(pages):
        stream = "".join(f"BT /F1 {t.size:g} Tf {t.left:.2f} {height - t.baseline:.2f} Td ({escape(t.text)}) Tj ET\n"
                         for t in texts).encode("cp1252")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % (width, height, 6 + 2 * index))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _pdf_file(objects)
