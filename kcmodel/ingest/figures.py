"""An announcement reduced to what its facts come from: tables, titles, dates, the rate.

Every table is kept as printed (row labels, figures, headers, damage and all). Its heading keeps
title lines as they are; of a sentence it keeps only the phrases the reader uses: periods
('as of December 31, 2024'), the scale ('in thousands') and the context words the taxonomy's row
labels are told apart by ('payable'). Prose is not carried over. Ingesting the reduced text gives
the same facts as ingesting the announcement.
"""

from __future__ import annotations

import re

from kcmodel.ingest.document import read_info
from kcmodel.ingest.labels import normalize
from kcmodel.ingest.tables import find_tables
from kcmodel.ingest.vocabulary import DATE, IN_THOUSANDS, INSTANT, SPAN, THOUSAND_MARK
from kcmodel.ingest.source import Line
from kcmodel.taxonomy import Taxonomy

_PHRASES = re.compile(rf"(?:{INSTANT}|{SPAN} ended)\s+{DATE}|{IN_THOUSANDS}|RMB{THOUSAND_MARK}", re.I)


# A heading is mostly capitals ("FINANCIAL HIGHLIGHTS": more than 60% of its letters), a numbered or
# bracketed title, or a few words (at most 6) without a colon; a sentence is none of these.
TITLE_CAPITALS, TITLE_MAX_WORDS = 0.6, 6


def _is_title(text: str) -> bool:
    """A heading, not a sentence: capitals, a numbered or bracketed title, or a few words without a colon."""
    letters = [c for c in text if c.isalpha()]
    if not letters or text.endswith((".", ":")) or "@" in text:
        return False
    return (sum(c.isupper() for c in letters) / len(letters) > TITLE_CAPITALS
            or bool(re.match(r"^\(?[0-9a-z]{1,3}[.)]\s", text))
            or (text.startswith("(") and text.endswith(")")) or (len(text.split()) <= TITLE_MAX_WORDS and ":" not in text))


def _heading_phrases(line: Line, contexts: set[str]) -> list[str]:
    text = line.text.strip()
    if _is_title(text):
        return [text]
    words = normalize(text)
    kept = [m.group(0) for m in _PHRASES.finditer(text)]
    kept += sorted(c for c in contexts if c in words)
    return kept


def figures_only(lines: list[Line], source: str, taxonomy: Taxonomy) -> str:
    info = read_info(lines, source)
    contexts = {normalize(r.context) for r in taxonomy.rows if r.context}
    out = [lines[info.title_line - 1].text.strip(), ""]
    if info.published is not None:
        out += [f"Date: {info.published.strftime('%B')} {info.published.day}, {info.published.year}", ""]
    if info.rate is not None:
        day = info.rate.date
        out += [f"Convenience translation rate: RMB{info.rate.value} per US$1.00 on "
                f"{day.strftime('%B')} {day.day}, {day.year}.", ""]
    for table in find_tables(lines):
        phrases = [p for line in table.heading for p in _heading_phrases(line, contexts)]
        out += [f"Table: {'; '.join(phrases)}." if phrases else "Table.", ""]
        out += [lines[n - 1].raw for n in range(table.first_line, table.last_line + 1)]
        out.append("")
    return "\n".join(out)
