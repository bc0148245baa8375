"""A table's header as columns: each with its period, currency and kind.

Header rows are read as a stack of slots: spans ('Three Months Ended', 'For the year ended
December 31,', 'As at') cover the slots from their position to the next span; dates, years and
currencies sit in the slots. A header row whose cells sit off the others (the same count at other
positions) is aligned by order, and said so. A US$ column takes the period of the RMB column it
translates (the one to its left with the same date), whatever span is printed above it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kcmodel.contexts import Period
from kcmodel.dates import span
from kcmodel.ingest.tables import CURRENCY, DATE, MONTH_DAY, SPAN, YEAR, Table, header_parts
from kcmodel.ingest.vocabulary import (DATE as DATE_WORDS, INSTANT, IN_THOUSANDS, PEOPLE_HEADER, SPAN as SPAN_WORDS,
                                       THOUSAND_MARK, currency_code, month_day, parse_date, span_months)
from kcmodel.units import Currency

_CHANGE = re.compile(r"^(?:(?P<over>year|quarter|period)[- ](?:on|over)[- ](?:year|quarter|period)(?:\s+change)?(?:\s*%)?"
                     r"|(?P<short>yoy|qoq)(?:\s+change)?(?:\s*%)?|change(?:\s*%)?)$", re.I)
_SHARE = re.compile(r"^percentage$", re.I)
_PERCENT = re.compile(r"^\(%\)|%$")
_NOTES = re.compile(r"^notes?$", re.I)
_THOUSANDS = re.compile(rf"{IN_THOUSANDS}|{THOUSAND_MARK}")
_PEOPLE = re.compile(rf"^{PEOPLE_HEADER}$")  # the value column of a table of people: its figures are counts
_HEADING_PERIOD = re.compile(
    rf"(?P<instant>{INSTANT})\s+(?P<date>{DATE_WORDS})|(?P<span>{SPAN_WORDS})\s+ended\s+(?P<end>{DATE_WORDS})")


@dataclass(frozen=True)
class Column:
    """One value column of a table."""

    period: Period | None
    currency: Currency | None  # None when the header names none
    percent: bool = False  # values are percentages ('(%)' above, or '%' printed)
    derived: bool = False  # a change or share-of-total column: a ratio of other figures
    change: str | None = None  # a change column: 'year' (year-on-year), 'quarter' (on the preceding period) or '' (unsaid)
    label: str = ""  # the header words above it, for messages
    inferred: bool = False  # not printed in the header: put there by evidence


@dataclass
class Header:
    columns: list[Column]
    notes_position: int | None = None
    thousands: bool = False
    remarks: list[tuple[int, str]] = field(default_factory=list)  # (line, what was noticed)
    positions: list[int] = field(default_factory=list)  # the printed slot of each column


@dataclass
class _Token:
    line: int
    position: int
    text: str


def read_header(table: Table) -> Header:
    tokens: dict[str, list[list[_Token]]] = {"span": [], "values": []}
    notes: int | None = None
    thousands = bool(_THOUSANDS.search(table.heading_text))
    rows = []
    for row in table.header:
        cells = [(0, row.label), *((c.position, c.text) for c in row.cells)]
        spans, values = [], []
        for position, text in cells:
            for part in header_parts(text):
                if _NOTES.match(part):
                    notes = position if position > 0 else None
                elif _THOUSANDS.search(part):
                    thousands = True
                    if CURRENCY.match(part):
                        values.append(_Token(row.line, position, part))
                elif SPAN.search(part) or (MONTH_DAY.match(part) and not DATE.match(part)):
                    spans.append(_Token(row.line, position, part))
                elif position > 0 or DATE.match(part) or YEAR.match(part):
                    if DATE.match(part) or YEAR.match(part) or CURRENCY.match(part) or _PERCENT.search(part) \
                            or _CHANGE.match(part) or _SHARE.match(part) or _PEOPLE.match(part):
                        values.append(_Token(row.line, position, part))
        rows.append((spans, values))
    header = Header(columns=[], notes_position=notes, thousands=thousands)
    value_rows = [values for _, values in rows if values]
    if not value_rows:
        return header
    body = _body_positions(table)
    reference = max(value_rows, key=lambda vs: ([t.position for t in vs] == body, len(vs),
                                                any(DATE.match(t.text) or YEAR.match(t.text) for t in vs)))
    ref_positions = [t.position for t in reference]
    for values in value_rows:
        positions = [t.position for t in values]
        if values is not reference and len(values) == len(reference) and positions != ref_positions:
            header.remarks.append((values[0].line, f"header cells sit off the columns ({positions} against "
                                                   f"{ref_positions}); aligned by order"))
            for token, position in zip(values, ref_positions):
                token.position = position
    slots = sorted({t.position for values in value_rows for t in values})
    spans = sorted((t for spans, _ in rows for t in spans), key=lambda t: (t.position, t.line))
    header.positions = slots
    header.columns = _columns(value_rows, spans, slots, table.heading_text)
    if _clashes(header.columns):
        header.columns = _move_a_span(header, value_rows, spans, slots, table.heading_text)
    header.columns = _translations_follow_their_source(header)
    return header


def _body_positions(table: Table) -> list[int]:
    shapes = Counter(tuple(c.position for c in row.figures) for row in table.body if row.figures)
    return list(shapes.most_common(1)[0][0]) if shapes else []


def _columns(value_rows: list[list[_Token]], spans: list[_Token], slots: list[int], heading: str) -> list[Column]:
    span_at = _spans_by_slot(spans, slots)
    return [_column([t.text for values in value_rows for t in values if t.position == slot], span_at.get(slot, []), heading)
            for slot in slots]


def _clashes(columns: list[Column]) -> bool:
    """Two columns with the same period and currency: a header that cannot be right."""
    keys = [(c.period, c.currency) for c in columns if c.period is not None and not c.derived]
    return len(keys) != len(set(keys))


def _move_a_span(header: Header, value_rows: list[list[_Token]], spans: list[_Token], slots: list[int],
                 heading: str) -> list[Column]:
    """A span printed one column off: the single shift of one span that leaves no clash, if there is one."""
    fixes = []
    for token in spans:
        if not SPAN.search(token.text):
            continue
        for shift in (-1, 1):
            moved = [_Token(t.line, t.position + shift, t.text) if t is token else t for t in spans]
            columns = _columns(value_rows, moved, slots, heading)
            if not _clashes(columns):
                fixes.append((token, shift, columns))
    if len(fixes) != 1:
        header.remarks.append((spans[0].line if spans else 0, "two columns claim the same period; the header is ambiguous"))
        return _columns(value_rows, spans, slots, heading)
    token, shift, columns = fixes[0]
    header.remarks.append((token.line, f"the span '{token.text}' is printed one column {'left' if shift > 0 else 'right'} "
                                       f"of where it starts; read from the next column, where no two columns clash"))
    return columns


def _spans_by_slot(spans: list[_Token], slots: list[int]) -> dict[int, list[str]]:
    """Each slot's span words: a span covers its slot and the ones after it up to the next span."""
    starts = sorted({t.position for t in spans if not MONTH_DAY.match(t.text) or SPAN.search(t.text)})
    out: dict[int, list[str]] = {}
    for slot in slots:
        begun = [s for s in starts if s <= slot]
        start = begun[-1] if begun else (starts[0] if starts else None)
        if start is None:
            continue
        following = [s for s in starts if s > start]
        end = following[0] if following else None
        out[slot] = [t.text for t in spans if t.position >= start and (end is None or t.position < end)
                     or (MONTH_DAY.match(t.text) and t.position == slot)]
    return out


def _column(parts: list[str], span_words: list[str], heading: str) -> Column:
    label = " ".join([*span_words, *parts])
    currency = next((currency_code(p) for p in parts if CURRENCY.match(p)), None)
    percent = any(_PERCENT.search(p) for p in parts)
    changes = [m for m in map(_CHANGE.match, parts) if m]
    derived = bool(changes) or any(_SHARE.match(p) for p in parts)
    return Column(period=None if derived else _period(parts, span_words, heading), currency=currency,
                  percent=percent or derived, derived=derived, label=label,
                  change=_compared(changes[0]) if changes else None)


def _compared(match: re.Match[str]) -> str:
    """What a change column compares with: 'year', 'quarter' (the preceding period), or '' when it does not say."""
    word = (match["over"] or match["short"] or "").lower()
    return {"year": "year", "yoy": "year", "quarter": "quarter", "qoq": "quarter", "period": "quarter"}.get(word, "")


def _period(parts: list[str], span_words: list[str], heading: str) -> Period | None:
    above = " ".join(span_words)
    date = next((parse_date(p) for p in parts if DATE.match(p)), None)
    if date is None:
        year = next((int(p) for p in parts if YEAR.match(p)), None)
        printed = month_day(above)
        if year is not None and printed:
            date = _day(year, *printed)
    if date is None:
        return _heading_period(heading) if not parts or not any(YEAR.match(p) or DATE.match(p) for p in parts) else None
    months = span_months(above)
    return Period.instant(date) if months is None else span(date, months)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 'February 30,' above '2024': no day, so no period
        return None


def _heading_period(heading: str) -> Period | None:
    """A table that prints no period in its header: the one its introducing sentence names."""
    matches = list(_HEADING_PERIOD.finditer(heading))
    if not matches:
        return None
    match = matches[-1]
    if match["instant"]:
        date = parse_date(match["date"])
        return Period.instant(date) if date else None
    end, months = parse_date(match["end"]), span_months(match["span"])
    return span(end, months) if end and months else None


def _translations_follow_their_source(header: Header) -> list[Column]:
    """A US$ column has the period of the RMB column to its left with the same date."""
    columns = list(header.columns)
    for index, column in enumerate(columns):
        if column.currency is not Currency.USD or index == 0:
            continue
        left = columns[index - 1]
        if column.period is None and left.currency is Currency.CNY and left.period is not None:
            columns[index] = replace(column, period=left.period)  # the usual layout: no year above US$
        elif left.currency is Currency.CNY and left.period is not None and column.period is not None \
                and left.period.end == column.period.end and left.period != column.period:
            header.remarks.append((0, f"the US$ column '{column.label}' translates the column to its left "
                                      f"({left.label}); the span printed above it does not apply"))
            columns[index] = replace(column, period=left.period)
    return columns


def orphan_translations(columns: list[Column]) -> list[int]:
    """Indexes of US$ columns with no RMB column of the same period to their left."""
    orphans = []
    for index, column in enumerate(columns):
        if column.currency is Currency.USD and column.period is not None:
            left = columns[index - 1] if index else None
            if left is None or left.currency is not Currency.CNY or left.period != column.period:
                orphans.append(index)
    return orphans


def with_source_inserted(columns: list[Column], orphan: int) -> list[Column]:
    """The columns with the RMB column an orphan US$ column translates put back before it."""
    source = replace(columns[orphan], currency=Currency.CNY, inferred=True, label=columns[orphan].label.replace("US$", "RMB"))
    return [*columns[:orphan], source, *columns[orphan:]]
