"""An announcement's TAB text typeset as HTML the ways filing agents and newswires publish it.

Test code, not kcmodel's: each renderer reads a seed at test time and returns HTML bytes, so no
prose is copied into the repository. The seed is read as the text reader reads it: a line with a
TAB is a table row (split at TABs; consecutive rows make one table), other non-blank lines are
paragraph lines (consecutive ones one paragraph), with the decoration removed as ``text.clean``
removes it (``**bold**`` kept as ``<b>``). Rows printed with single spaces are paragraphs, exactly as
the text shows them. Each typesetting differs in how it lays the same cells out:

- ``filing_agent_a``: one layout table holding every block; each value column is a spacer cell, a
  currency cell, the number and a closing cell (``)``, ``%``); headers span with ``colspan``, dates
  break with ``<br>``, labels padded with ``&nbsp;`` and some marked with ``<sup>`` footnotes.
- ``filing_agent_b``: windows-1252 with a meta charset; ``(`` in a cell of its own before the rest
  of the figure; ``<th>`` headers, the label header with ``rowspan``; ``<font>`` and ``<span style>``
  wrappers; the line before a table as its ``<caption>``.
- ``newswire_a``: an HTML5 page with navigation, a site header and footer, scripts, styles, share
  buttons, a cookie banner and related articles around an ``<article>``; plain tables with
  ``<thead>``/``<tbody>``, one cell per column.
- ``newswire_b``: XHTML with an XML declaration and namespaces, chrome in classed ``div``s,
  ``<th scope>`` cells, ``<br/>`` inside long labels, empty cells as ``<td/>``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kcmodel.printed import parse_figure
from kcmodel.ingest.text import clean, decode

BOLD = "\ue000"  # stands for '**' while a line is cleaned, to find its bold runs
SUPERSCRIPT = re.compile(r"[⁰¹²³⁴-⁹]+")
DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
YEAR = re.compile(r"^(?:19|20)\d\d$")
FIGURE = re.compile(r"(\(?[-−–]?[\d,]*\.?\d+)(\s*\)?\s*%?)")


# ------------------------------------------------------------------------------ the seed, read


@dataclass
class Paragraph:
    """Consecutive non-blank lines without TABs; each line as (text, bold) runs."""

    lines: list[list[tuple[str, bool]]] = field(default_factory=list)


@dataclass
class Grid:
    """Consecutive TAB rows: the cells as the text reader sees them, every row as wide as the widest."""

    rows: list[list[str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def cells(self, n: int) -> list[str]:
        row = self.rows[n]
        return row + [""] * (self.width - len(row))


def runs(raw: str) -> list[tuple[str, bool]]:
    """A paragraph line cleaned as the text reader cleans it, as runs of plain and bold text."""
    plain = clean(raw)
    parts = clean(raw.replace("**", BOLD)).split(BOLD)
    if "".join(parts) != plain:
        return [(plain, False)]
    return [(p, n % 2 == 1) for n, p in enumerate(parts) if p]


def read_seed(path: Path) -> list[Paragraph | Grid]:
    """The seed as paragraphs and tables, in order; a blank line ends either."""
    blocks: list[Paragraph | Grid] = []
    current: Paragraph | Grid | None = None
    for line in decode(path.read_bytes(), str(path)):
        if "\t" in line.raw:
            cells = line.text.split("\t")
            cells += [""] * (line.raw.count("\t") + 1 - len(cells))
            if not isinstance(current, Grid):
                current = Grid()
                blocks.append(current)
            current.rows.append([c.strip() for c in cells])
        elif line.text.strip():
            if not isinstance(current, Paragraph):
                current = Paragraph()
                blocks.append(current)
            current.lines.append(runs(line.raw))
        else:
            current = None
    return blocks


# ------------------------------------------------------------------------------ shared pieces


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def prose(runs_: list[tuple[str, bool]], bold: str = "b") -> str:
    """Runs as HTML, superscript footnote marks as ``<sup>``."""
    out = []
    for text, is_bold in runs_:
        body = SUPERSCRIPT.sub(lambda m: f"<sup>{m.group(0).translate(DIGITS)}</sup>", esc(text))
        out.append(f"<{bold}>{body}</{bold}>" if is_bold else body)
    return "".join(out)


def is_figure(text: str) -> bool:
    return bool(text) and parse_figure(text) is not None


def has_figures(cells: list[str]) -> bool:
    """A body row: it prints a figure that is not a year (a row of years is a header)."""
    return any(is_figure(c) and not YEAR.match(c) for c in cells[1:])


def span_end(cells: list[str], i: int) -> int:
    """The last column a header cell at ``i`` covers: up to the next printed cell."""
    j = i
    while j + 1 < len(cells) and not cells[j + 1]:
        j += 1
    return j


def header_rows(grid: Grid) -> int:
    """How many leading rows are column headers: no figures, something printed over the values."""
    n = 0
    while n < len(grid.rows) and not has_figures(grid.cells(n)) and any(grid.cells(n)[1:]):
        n += 1
    return n


def split_figure(text: str) -> tuple[str, str]:
    """'(1,234)' -> ('(1,234', ')'); '12.1%' -> ('12.1', '%'); a dash or a word stays whole."""
    match = FIGURE.fullmatch(text)
    return (match[1], match[2].replace(" ", "")) if match else (text, "")


def currencies(grid: Grid) -> list[str]:
    """Each column's currency sign as the header prints it (RMB where it says nothing)."""
    signs = ["RMB"] * grid.width
    for n in range(header_rows(grid)):
        for i, cell in enumerate(grid.cells(n)):
            if "US$" in cell:
                signs[i] = "US$"
    return signs


def break_header(text: str, br: str = "<br>") -> str:
    """A header as filing agents set it: 'For the year ended<br>December 31,', 'Dec 31,<br>2024'."""
    out = esc(text)
    out = re.sub(r"\b(ended|Ended|as at|As at|As of)\s+(?=\S)", rf"\1{br}", out)
    out = re.sub(r"(\d{1,2},)\s+(\d{4})", rf"\1{br}\2", out)
    return re.sub(r"(\d{4})\s+(RMB|US\$|<i>)", rf"\1{br}\2", out)


# ------------------------------------------------------------------------ (a) filing agent A


def filing_agent_a(path: Path) -> bytes:
    blocks = read_seed(path)
    rows = "\n".join(f'<tr><td style="padding:0">{_a_block(b)}</td></tr>' for b in blocks)
    doc = ('<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html><head>\n'
           '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<title>EX-99.1</title>\n'
           '</head>\n<body style="font-family:\'Times New Roman\'">\n'
           f'<table width="100%" cellpadding="0" cellspacing="0" border="0">\n{rows}\n</table>\n</body></html>\n')
    return doc.encode("utf-8")


def _a_block(block: Paragraph | Grid) -> str:
    if isinstance(block, Paragraph):
        return '<p style="margin-top:6pt">' + "<br>\n".join(prose(line) for line in block.lines) + "</p>"
    return _a_table(block)


def _a_table(grid: Grid) -> str:
    signs, first_body = currencies(grid), next((n for n in range(len(grid.rows)) if has_figures(grid.cells(n))), -1)
    out = ['<table cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">']
    for n in range(len(grid.rows)):
        cells = grid.cells(n)
        figures = has_figures(cells)
        label = cells[0]
        marked = figures and "Non-GAAP" in label
        tds = [f'<td style="padding-left:12pt">&nbsp;&nbsp;{esc(label)}{"<sup>(1)</sup>" if marked else ""}&nbsp;</td>'
               if label else "<td>&nbsp;</td>"]
        i = 1
        while i < len(cells):
            text = cells[i]
            if text and (not figures or not is_figure(text)):
                j = span_end(cells, i) if not figures else i
                tds.append('<td style="width:1%">&nbsp;</td>')
                tds.append(f'<td colspan="{4 * (j - i + 1) - 1}" style="text-align:center">{break_header(text)}</td>')
                i = j + 1
                continue
            number, closing = split_figure(text) if text else ("", "")
            sign = signs[i] if text and (n == first_body or label.startswith("Total")) and "%" not in text else ""
            note = "<sup>2</sup>" if text and label.startswith("Total revenues") and i == 1 else ""
            tds += ['<td style="width:1%">&nbsp;</td>', f"<td>{esc(sign)}</td>",
                    f'<td style="text-align:right">{esc(number)}{note}</td>', f"<td>{esc(closing)}</td>"]
            i += 1
        out.append("<tr>" + "".join(tds) + "</tr>")
        if n == 0:  # a spacer row, as filing agents put under the first header row
            out.append('<tr style="height:3pt">' + "<td></td>" * (1 + 4 * (len(cells) - 1)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ------------------------------------------------------------------------ (b) filing agent B


def filing_agent_b(path: Path) -> bytes:
    blocks = read_seed(path)
    rendered: list[str] = []
    caption = ""  # the short line just before a table, set as its caption
    for n, block in enumerate(blocks):
        if isinstance(block, Grid):
            rendered.append(_b_table(block, caption))
            caption = ""
            continue
        lines = list(block.lines)
        if n + 1 < len(blocks) and isinstance(blocks[n + 1], Grid) and len("".join(t for t, _ in lines[-1])) < 100:
            caption = "".join(t for t, _ in lines.pop())
        rendered += [f'<div style="margin:0"><font size="2" face="Arial">{prose(line, "strong")}</font></div>'
                     for line in lines]
    doc = ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\n</head>\n'
           '<body>\n' + "\n".join(rendered) + "\n</body>\n</html>\n")
    return doc.encode("cp1252", errors="xmlcharrefreplace")


def _b_table(grid: Grid, caption: str) -> str:
    heads = header_rows(grid)
    out = ['<table border="0" cellspacing="0" cellpadding="2">']
    if caption:
        out.append(f'<caption><font size="2"><b>{esc(caption)}</b></font></caption>')
    below = 0  # header rows under the first whose label cell the first one's covers (rowspan)
    while below + 1 < heads and not grid.cells(below + 1)[0]:
        below += 1
    for n in range(len(grid.rows)):
        cells = grid.cells(n)
        tag = "th" if n < heads else "td"
        tds = []
        if n == 0 and below:
            tds.append(f'<th rowspan="{below + 1}" align="left"><font size="2">{esc(cells[0])}</font></th>')
        elif not 0 < n <= below:
            tds.append(f'<{tag} align="left"><font size="2">{esc(cells[0])}</font></{tag}>')
        i = 1
        while i < len(cells):
            text = cells[i]
            if text and (n < heads or not is_figure(text)):
                j = span_end(cells, i) if not has_figures(cells) else i
                tds.append(f'<{tag} colspan="{2 * (j - i + 1)}" align="center"><font size="2">{esc(text)}</font></{tag}>')
                i = j + 1
                continue
            opening, rest = ("(", text[1:]) if text.startswith("(") else ("", text)
            tds.append(f'<{tag} align="right">{opening}</{tag}>')
            tds.append(f'<{tag} align="right"><span style="font-family:Arial;font-size:8pt">{esc(rest)}</span></{tag}>')
            i += 1
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ------------------------------------------------------------------------- (c) newswire page A


CHROME_TOP = """<header class="site-header"><a href="/">Newswire</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/results">Results for the year ended December 31, 2019</a></li></ul></nav>
</header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>"""
CHROME_ASIDE = """<aside class="related"><h2>Related articles</h2>
<article><h3>Kingsoft Cloud Announces Unaudited First Quarter 2019 Financial Results</h3><p>Dec 31, 2019 RMB 1,234 5,678</p></article>
</aside>"""
CHROME_SHARE = '<div class="share-buttons"><a href="#">Share</a> <a href="#">Tweet</a> <span>12,345</span></div>'
CHROME_FOOT = "<footer><p>Results for the year ended December 31, 2019</p><p>© 2025 Newswire</p></footer>"


def newswire_a(path: Path) -> bytes:
    blocks = read_seed(path)
    body, first = [], True
    for block in blocks:
        if isinstance(block, Grid):
            body.append(_c_table(block))
            continue
        for line in block.lines:
            body.append(f"<h1>{prose(line)}</h1>" if first else f"<p>{prose(line)}</p>")
            first = False
    doc = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Newswire</title>\n"
           "<style>table{border-collapse:collapse}</style>\n"
           '<script type="application/ld+json">{"headline": "Results for the year ended December 31, 2019"}</script>\n'
           "<script>var x = '<p>Results for the third quarter 2019</p>';</script>\n"
           "</head><body>\n" + CHROME_TOP + "\n<main><article>\n" + CHROME_SHARE + "\n" + "\n".join(body)
           + "\n</article>\n" + CHROME_ASIDE + "\n</main>\n" + CHROME_FOOT
           + "\n<noscript>Results for the year ended December 31, 2019</noscript>\n</body></html>\n")
    return doc.encode("utf-8")


def _c_table(grid: Grid) -> str:
    heads = header_rows(grid)
    out = ["<table>"]
    for n in range(len(grid.rows)):
        if n == 0 and heads:
            out.append("<thead>")
        if n == heads:
            out.append(("</thead>" if heads else "") + "<tbody>")
        tag = "th" if n < heads else "td"
        out.append("<tr>" + "".join(f"<{tag}>{esc(c)}</{tag}>" for c in grid.cells(n)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# ------------------------------------------------------------------------- (d) newswire page B


def newswire_b(path: Path) -> bytes:
    blocks = read_seed(path)
    body = []
    for block in blocks:
        if isinstance(block, Grid):
            body.append(_d_table(block))
        elif len(block.lines) > 1:
            body.append("<p>" + "<br/>\n".join(prose(line, "strong") for line in block.lines) + "</p>")
        else:
            body.append(f'<div class="para">{prose(block.lines[0], "strong")}</div>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
           '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:og="http://ogp.me/ns#" xml:lang="en" lang="en">\n'
           '<head><meta http-equiv="Content-Type" content="application/xhtml+xml; charset=UTF-8"/>'
           '<meta property="og:title" content="Results"/><title>Release</title></head>\n<body>\n'
           '<div class="site-header"><span>Wire</span> <a href="/">Home</a></div>\n'
           '<div class="main-nav"><a href="/a">Results for the third quarter 2019</a></div>\n'
           '<div id="cookie-consent"><p>Results for the year ended December 31, 2019: cookies.</p></div>\n'
           '<div class="release-body">\n' + "\n".join(body) + "\n</div>\n"
           '<div class="share-toolbar"><a href="#">Share</a></div>\n'
           '<div class="related-news"><p>Kingsoft Cloud Announces Unaudited Fourth Quarter 2019 Results</p></div>\n'
           '<div class="site-footer"><p>Contact: 1,234 5,678</p></div>\n</body>\n</html>\n')
    return doc.encode("utf-8")


def _d_label(text: str) -> str:
    """A long label broken over two lines, as narrow columns set it."""
    words = text.split(" ")
    if len(text) <= 40 or len(words) < 4:
        return esc(text)
    half = len(words) // 2
    return esc(" ".join(words[:half])) + "<br/>" + esc(" ".join(words[half:]))


def _d_table(grid: Grid) -> str:
    heads = header_rows(grid)
    out = ['<table class="financials" summary="">']
    for n in range(len(grid.rows)):
        cells = grid.cells(n)
        if n < heads:
            parts, i = [f'<th scope="col">{esc(cells[0])}</th>' if cells[0] else "<td/>"], 1
            while i < len(cells):
                j = span_end(cells, i) if cells[i] else i
                span = f' colspan="{j - i + 1}"' if j > i else ""
                parts.append(f'<th scope="col"{span}>{esc(cells[i])}</th>' if cells[i] else "<td/>")
                i = j + 1
        else:
            label = f'<th scope="row">{_d_label(cells[0])}</th>' if cells[0] else "<td/>"
            parts = [label] + [f"<td>{esc(c).replace(' ', '&#160;')}</td>" if c else "<td/>" for c in cells[1:]]
        out.append("<tr>" + "".join(parts) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


TYPESETTINGS: dict[str, Callable[[Path], bytes]] = {
    "filing-agent-a": filing_agent_a,
    "filing-agent-b": filing_agent_b,
    "newswire-a": newswire_a,
    "newswire-b": newswire_b,
}
