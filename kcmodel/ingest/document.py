"""What the announcement is: its reporting period, kind, publication date and convenience rate.

Read from the words of the document itself (its title, its dating line, the sentence stating the
translation rate), never from its file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from kcmodel.dates import start_of
from kcmodel.errors import KcError
from kcmodel.ingest.source import Line
from kcmodel.ingest.vocabulary import DATE, QUARTER_END, QUARTER_ORDINAL, RATE_TERMS, SPAN, parse_date, span_months
from kcmodel.report import FiscalPeriod

# The rate's date follows it in the same sentence ('RMB7.2993 per US$1.00 on December 31, 2024, as
# published by ...'): a date within 120 characters, about a sentence, is the rate's; one further on
# belongs to another sentence.
RATE_DATE_REACH = 120
_RATE = re.compile(rf"RMB\s?(?P<rate>\d+\.\d+){RATE_TERMS}(?P<rest>.{{0,{RATE_DATE_REACH}}})")
_SPAN = re.compile(rf"(?P<span>{SPAN})\s+ended\s+{DATE}", re.I)
_QUARTER = re.compile(rf"\b(?P<nth>{QUARTER_ORDINAL})\s+quarter\s+(?:of\s+)?(?P<year>\d{{4}})\b", re.I)
_PUBLISHED = (
    re.compile(rf"^Date:\s*{DATE}"),
    re.compile(rf"^[A-Z][A-Za-z ]+,\s+{DATE}\s*(?:[—–/-]|$)"),
    re.compile(r"^(?P<m>\d{2})/(?P<d>\d{2})/(?P<y>\d{4})$"),
)
# The title names the period on its own line or runs over to the next ('... results for the year' /
# 'ended December 31, 2024'): two lines are read together.
TITLE_LINES = 2


@dataclass(frozen=True)
class Rate:
    value: Decimal
    date: dt.date
    line: int
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    document_type: str
    period_start: dt.date
    period_end: dt.date
    fiscal_period: FiscalPeriod
    published: dt.date | None
    rate: Rate | None
    title_line: int


def read_info(lines: list[Line], source: str) -> DocumentInfo:
    """The document's period, kind, date and rate; KcError when it names no reporting period."""
    title = _title(lines)
    if title is None:
        raise KcError("no reporting period found (a title such as 'results for the year ended "
                      "December 31, 2024' or 'third quarter 2024')", file=source, line=1)
    line, months, end = title
    start = start_of(end, months)
    kind = {12: "Annual results announcement", 6: "Interim results announcement"}.get(months, "Quarterly earnings release")
    try:
        period = FiscalPeriod.of(months, end)
    except ValueError as exc:
        raise KcError(f"the title's period: {exc}", file=source, line=line.number) from None
    return DocumentInfo(title=line.text.strip().strip("*").strip(), document_type=kind, period_start=start,
                        period_end=end, fiscal_period=period, published=_published(lines), rate=_rate(lines, source),
                        title_line=line.number)


def _title(lines: list[Line]) -> tuple[Line, int, dt.date] | None:
    for index, line in enumerate(lines):
        text = line.text
        if "announce" not in text.lower() and "results" not in text.lower():
            continue
        window = " ".join(l.text for l in lines[index:index + TITLE_LINES])
        match = _SPAN.search(window)
        if match and "result" in window.lower():
            end, months = parse_date(match.group(0)), span_months(match["span"])
            if end and months:
                return line, months, end
        match = _QUARTER.search(text)
        if match and "result" in text.lower():
            month, day = QUARTER_END[match["nth"].lower()]
            return line, 3, dt.date(int(match["year"]), month, day)
    return None


def _published(lines: list[Line]) -> dt.date | None:
    for line in lines:
        text = line.text.strip()
        for pattern in _PUBLISHED:
            match = pattern.search(text)
            if not match:
                continue
            if "y" in match.groupdict():
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            date = parse_date(match.group(0))
            if date:
                return date
    return None


def _rate(lines: list[Line], source: str) -> Rate | None:
    found: list[Rate] = []
    for line in lines:
        for match in _RATE.finditer(line.text):
            date = parse_date(match["rest"])
            if date is not None:
                found.append(Rate(Decimal(match["rate"]), date, line.number, match.group(0).split(",")[0].strip()))
    distinct = {(r.value, r.date) for r in found}
    if len(distinct) > 1:
        first, other = found[0], next(r for r in found if (r.value, r.date) != (found[0].value, found[0].date))
        raise KcError(f"two convenience-translation rates: RMB{first.value} (line {first.line}) and "
                      f"RMB{other.value} (line {other.line})", file=source, line=other.line)
    return found[0] if found else None
