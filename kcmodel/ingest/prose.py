"""The prose reader: every number printed in an announcement's paragraphs, bullets and quotes.

Tables print most quantities once, in thousands; the prose repeats them at a coarser precision
('RMB1,234.5 million') and adds what no table prints: growth against other periods, shares of a
total, KPIs such as AI business gross billing or revenue from the Xiaomi and Kingsoft ecosystem.
An analyst reads the highlights first, so every one of those figures has to be accounted for.

``read_prose`` reads the lines that are not table rows and returns one ``Mention`` per printed
number, in reading order, saying what it is:

- a **level**: a quantity's value for a period, with its concept (the concept the tables use where
  they print the same quantity), dimension members, period, currency, value multiplied out and
  decimals as printed (docs/conventions.md §2), signed as its concept gives it (docs/conventions.md §3: 'Net loss was
  RMB1,061.1 million' is ProfitLoss = -1061100000, whatever the printout);
- a **translation**: the US$ figure in parentheses after the level it translates;
- a **change** against another period, signed (a decrease is negative), linked to the two levels it
  compares where they are printed; a **share** of a total;
- a **bound**: an inexact statement ('over 50%', 'approximately', 'around 9,000 servers'),
  recorded with its bound and never as an exact figure;
- **not data**: a date, a year, a time, a phone number, a note reference, a rule or form number, a
  stock code, a tax rate of a law..., with the reason.

Everything is decided from the words and figures of the sentence a number is printed in (a
sentence may run over several lines: a PDF line, a paragraph broken by a blank line); nothing is
copied from a table. Decisions a reader of the highlights would make, written down once:

- The quantity is the one named nearest before the figure whose type fits it (an amount, a
  percentage, a count), or the one words right after it name ('1,234 employees'); 'X and Y were A
  and B' pairs them in order; 'compared with operating loss of ...' in a sentence about non-GAAP
  operating loss means the sentence's quantity. Phrasings map to the tables' concepts through the
  taxonomy's row labels and its phrases (``taxonomy/src/phrases.yaml``).
- The period is the one named right after the figure, else the one the sentence opens with
  ('In 2023, ...'), else the document's (a balance: its end). A change's 'from' level is printed
  for the compared period; a change without a printed comparison is year-over-year.
- A change's value is relative ('increased by 24.2%' = 0.242; 'N-fold growth' = N - 1) unless it
  is printed in percentage points (``points``: the difference of two percentages). Where the
  printed levels prove a change belongs to another quantity of its sentence than the nearest one,
  the arithmetic wins.
- Bare integer amounts after the document says its amounts are rounded to the nearest thousand
  are thousands (decimals -3). An amount printed without a scale word among amounts in millions is
  read as printed and carries a reason: a level with a reason is not to be taken as a fact.

The function is pure and never raises: a sentence it cannot read yields not-data mentions saying so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from kcmodel.contexts import Period
from kcmodel.dates import preceding, shift, span, start_of, whole_months
from kcmodel.ingest.document import DocumentInfo
from kcmodel.ingest.vocabulary import (CURRENCIES, CURRENCY, DATE, HALF_END, HALF_ORDINAL, MONTH, MONTH_DAY, MONTHS_SPAN,
                                       QUARTER_END, QUARTER_ORDINAL, RATE_TERMS, ROUNDED_TO_THOUSANDS, SCALE, SCALES,
                                       THOUSAND_MARK, YEAR_SPAN, parse_date, span_months)
from kcmodel.ingest.source import Line
from kcmodel.ingest.tables import Table
from kcmodel.rowlabels import LabelIndex
from kcmodel.taxonomy import RATE_CONCEPT, Concept, ItemType, PeriodType, Taxonomy
from kcmodel.units import Currency


class Kind(StrEnum):
    level = "level"  # a quantity's value: 'total revenues reached RMB2,349.2 million'
    translation = "translation"  # the US$ (or HK$) convenience translation of the level just before it
    change = "change"  # a relative change against another period: 'an increase of 24.2% year-over-year'
    share = "share"  # a share of a total: 'accounting for about a third of a segment's revenue'
    bound = "bound"  # an inexact statement: 'over 120%', 'approximately US$291.9 million'; never an exact fact
    not_data = "not-data"  # not a company quantity: a date, a year, a phone number, a note reference...


@dataclass(frozen=True)
class Mention:
    """One number printed in a prose line, and what it states.

    Beyond the interface the lead asked for, two fields say what a change or a bound is:
    ``points`` marks a change printed in percentage points (a difference of two percentages, not a
    relative change), and ``stated`` tells what a bound would be if it were exact (a level, a
    change, a share or a translation), so an inexact growth rate keeps its compared period.
    A note marker printed inside a figure ('US$12.3¹ million') is a mention of its own whose span
    lies inside the figure's.
    """

    line: int  # the line's reading-order number (Line.number)
    start: int  # character span of the figure in the line's text (line.text[start:end] == text)
    end: int
    text: str  # the figure as printed: 'RMB2,349.2 million', '24.2%', '13,868'
    sentence: str  # the sentence it is printed in (the model stores no more prose than this)
    kind: Kind
    reason: str = ""  # not-data and unmapped figures, and a level printed defectively: why not a fact
    concept: str | None = None  # the taxonomy concept (a table's concept where a table prints the same quantity)
    members: tuple[tuple[str, str], ...] = ()  # dimension members (axis, member)
    period: Period | None = None  # the quantity's period (instant for balances); for a change the later period
    compared: Period | None = None  # a change: the period it is compared with
    currency: Currency | None = None  # amounts and per-share amounts
    value: Decimal | None = None  # multiplied out; percentages as fractions; a change signed; a loss negative
    decimals: int | None = None  # precision as printed: -5 for 'RMB2,349.2 million', 3 for '24.2%'
    bound: str | None = None  # 'above', 'below' or 'about'
    translates: int | None = None  # translation: index (in the returned list) of the level it translates
    changes: int | None = None  # change: index of the level whose quantity changed (the later level)
    compared_level: int | None = None  # change: index of the level of the compared period
    points: bool = False  # change: printed in percentage points (a difference, not a relative change)
    stated: Kind | None = None  # bound: what it states inexactly (level, translation, change or share)


def read_prose(lines: list[Line], skip: set[int], info: DocumentInfo, taxonomy: Taxonomy) -> list[Mention]:
    """Every figure printed in the prose lines (those not in ``skip``, the table lines), in reading order."""
    reader = _Reader(info, _vocabulary(taxonomy))
    drafts: list[_Fig] = []
    for paragraph in _paragraphs(lines, skip):
        drafts += reader.paragraph(paragraph)
    return _emit(drafts)


def table_line_numbers(tables: Iterable[Table]) -> set[int]:
    """The lines the table reader reads (header and body rows): the ``skip`` set of ``read_prose``."""
    return {n for table in tables for row in (*table.header, *table.body) for n in row.lines}


# -- paragraphs and sentences ------------------------------------------------------------------------

# A line that ends on one of these words or a comma goes on in the next line (a PDF line, or a
# paragraph broken by a page or a stray blank line): the two are read as one sentence.
_OPEN_END = re.compile(r"(?:,|\b(?:in|of|the|and|or|from|to|by|with|a|an|for|at|as|was|were|is|are|on|than))$", re.I)
_CLOSED_END = re.compile(r"[.!?:;][\"”’)]*$")


@dataclass
class _Paragraph:
    """Prose lines read as one text, joined by single spaces; ``starts`` maps offsets back to lines."""

    text: str
    lines: list[Line]
    starts: list[int]

    def locate(self, offset: int) -> tuple[int, int]:
        """(index into ``lines``, offset in that line's text) of a paragraph offset."""
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return index, offset - self.starts[index]

    def pieces(self, start: int, end: int) -> list[tuple[Line, int, int]]:
        """A paragraph span as (line, start, end) pieces, one per line it runs over."""
        out = []
        for i, line in enumerate(self.lines):
            low, high = max(start, self.starts[i]), min(end, self.starts[i] + len(line.text))
            if low < high:
                out.append((line, low - self.starts[i], high - self.starts[i]))
        return out


def _paragraphs(lines: list[Line], skip: set[int]) -> Iterator[_Paragraph]:
    group: list[Line] = []
    for line in lines:
        if line.number in skip:
            yield from _flush(group)
            group = []
            continue
        if line.blank:
            continue
        if group and not _continues(group[-1].text, line.text):
            yield from _flush(group)
            group = []
        group.append(line)
    yield from _flush(group)


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` goes on with the sentence ``before`` left open (not a new paragraph or bullet)."""
    head, tail = before.rstrip(), after.lstrip()
    if not head or not tail or _CLOSED_END.search(head):
        return False
    if tail[0].isdigit():  # '... in the same period in' / '2024 and', not a heading ('1. NOTES', '99.1 Announcement')
        return bool(re.search(r"[a-z]", head)) and not re.match(r"\d{1,3}(?:\.\d{1,2})?\.?\s+[A-Z]", tail)
    return tail[0].islower() or bool(_OPEN_END.search(head))


def _flush(group: list[Line]) -> Iterator[_Paragraph]:
    if not group or not any(_HAS_NUMBER.search(line.text) for line in group):
        return
    starts, text = [], ""
    for line in group:
        if text:
            text += " "
        starts.append(len(text))
        text += line.text
    yield _Paragraph(text, group, starts)


# Words that end with a point but do not end a sentence: titles, company forms, 'U.S.', 'A.M.'.
_ABBREVIATIONS = frozenset(
    "mr ms mrs dr no co ltd inc corp plc st ext vs approx e.g i.e u.s d.c a.m p.m u.k".split()
    + "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[“\"‘(\[A-Z¹²³⁴⁵⁶⁷⁸⁹-])")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]$", text[: match.start() + 1])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if s < e]


# -- tokens: every printed number, as one figure or one piece of not-data ---------------------------

_HAS_NUMBER = re.compile(r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰]")
_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# The token patterns, tried left to right at each position; at one position the first that
# matches wins, so references and dates come before the figure patterns that would take their
# digits. Each not-data group's name maps to the reason the ledger gives.
_LINK = re.compile(r"(?P<url><?(?:https?://|www\.)[^\s>]+>?)|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
_TOKENS: tuple[tuple[str, str], ...] = (
    ("phone", r"\+\d{1,3}[\s\d()\-]*\d(?:\s*(?i:ext)\.?\s*\d+)?"),
    ("date", rf"\b{DATE}\b|\b{MONTH}\s+\d{{4}}\b|\b{MONTH_DAY}\b(?!\d)|\b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b"),
    ("time", r"\b\d{1,2}:\d{2}(?:\s?(?i:a\.m\.|p\.m\.|am\b|pm\b))?"),
    ("stock", r"(?:(?<=Stock Code: )|(?<=HKEX: )|(?<=HKEX:)|(?<=HKEx: )|(?<=HKEx:)|(?<=SEHK: ))\d{3,5}\b"
              r"|\b\d{3,5}(?= \((?:HKD|RMB|USD) counter\))"),
    ("standard", r"\b(?:ASC|ASU|IFRS|IAS|HKFRS|HKAS|SFAS)\s+(?:No\.\s*)?\d+(?:-\d+)*|(?<=No\. )\d{4}-\d{2,3}\b"),
    ("form", r"(?:(?<=Form )|(?<=FORM ))\d+-[A-Z]\b"),
    ("rule", r"\b\d+[a-z]-\d+\b|\b\d+\.\d+(?:\(\w{1,4}\))+|(?<=Appendix )[A-Z]?\d+\b"
             r"|(?:(?<=Chapter )|(?<=Rule )|(?<=Rules )|(?<=Section )|(?<=Article ))\d+[A-Za-z]?\b"),
    ("file", r"\b\d{3}-\d{5}\b"),
    ("exhibit", r"(?:(?<=EX-)|(?<=Exhibit )|(?<=EXHIBIT ))\d{1,3}(?:\.\d{1,2})?\b"),
    ("address", r"(?<=No\. )\d+\b|(?<=D\.C\. )\d{5}\b"),
    ("unit", rf"(?<={CURRENCY}['’])000\b"),
    ("rate", rf"RMB\s?\d+\.\d+{RATE_TERMS}"),
    ("money", rf"{CURRENCY}\s?[-−]?(?:{_NUM})[{_MARKS}]*(?:\s?{SCALE}\b)?"),
    ("fold", rf"\b(?:{_NUM})-fold\b"),
    ("points", rf"(?:{_NUM})\s+percentage points?\b"),
    ("percent", rf"(?:(?<=[\s(])[-−])?(?:{_NUM})\s?%"),
    ("age", r"(?<=aged )\d{1,3}\b"),
    ("duration", r"\b\d+\s+(?:days?|weeks?|months?|years?)\b"),
    ("item", r"\(\d{1,2}\)(?=\s)"),
    ("marker", rf"[{_MARKS}]+|\[\d{{1,2}}\]"),
    ("period", r"\b[QH][1-4]\b"),
    ("name", r"\b[A-Za-z]+\d+(?:\.\d+)*[A-Za-z\d]*\b|\b\d+(?:st|nd|rd|th)\b|\b\d+[A-Za-z]+\w*"),
    ("number", rf"(?:(?<=[\s(])[-−])?(?:{_NUM})"),
    ("digits", r"\d+"),
)
_TOKEN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TOKENS))
_NOT_DATA = {
    "url": "a web address", "email": "an email address", "phone": "a phone number", "date": "a date",
    "time": "a time", "stock": "a stock code", "standard": "an accounting standard reference",
    "form": "a form number", "rule": "a rule or law reference", "file": "a file number", "address": "an address",
    "exhibit": "an exhibit number",
    "unit": "a unit label", "age": "a person's age", "duration": "a duration (a term, not a company quantity)",
    "item": "an item number", "marker": "a note reference", "period": "a period name",
    "name": "part of a name (a product, model or generation)", "digits": "a number that is no figure",
}
_FIGURES = frozenset({"rate", "money", "fold", "points", "percent", "number"})
# a sentence of announcement prose prints a handful of figures (a real one, under ten); one of more
# than this is a list set as a sentence, and reading figures together costs the square of their number
SENTENCE_FIGURES = 100


@dataclass(eq=False)
class _Fig:
    """A number printed in a paragraph: what it says as printed, and what it is once read."""

    start: int  # span in the paragraph's text
    end: int
    text: str
    form: str  # a _TOKENS name
    number: Decimal = Decimal(0)  # as printed, with its printed sign
    places: int = 0  # digits after the decimal point
    scale: int = 0  # power of ten of the scale word
    currency: str | None = None
    marker: tuple[int, int] | None = None  # a note marker printed inside the figure
    # what it is
    kind: Kind = Kind.not_data
    reason: str = ""
    subject: _Subject | None = None
    period: Period | None = None
    compared: Period | None = None
    bound: str | None = None
    stated: Kind | None = None
    points: bool = False
    direction: int = 0  # a change: +1 increase, -1 decrease
    sign: int = 1  # a sign the words give ('a loss of', 'negative')
    translates: _Fig | None = None
    changes: _Fig | None = None
    compared_level: _Fig | None = None
    from_level: bool = False  # the 'from' level of a change: takes the change's compared period
    period_found: bool = False
    sentence: str = ""
    thousands: bool = False  # printed without a scale word where the document states amounts in thousands
    paragraph: _Paragraph | None = None
    definition: Concept | None = None  # the subject's concept, once read
    defect: str = ""  # why a level whose quantity is known is still no fact ('printed without a scale word')


def _tokens(text: str, thousands: bool) -> list[_Fig]:
    """Every number of a paragraph as one token: web and email addresses first, then the rest."""
    links = list(_LINK.finditer(text)) if ("http" in text or "www." in text or "@" in text) else []
    figs = [_Fig(m.start(), m.end(), m.group(), m.lastgroup or "url", reason=_NOT_DATA[m.lastgroup or "url"])
            for m in links if _HAS_NUMBER.search(m.group())]
    for start, end in _windows(text):
        for match in _TOKEN.finditer(text, start, end):
            if any(link.start() <= match.start() < link.end() for link in links):
                continue
            name = match.lastgroup or "digits"
            fig = _Fig(match.start(), match.end(), match.group(), name)
            if name in _FIGURES:
                _measure(fig, thousands)
            else:
                fig.reason = _NOT_DATA[name]
            figs.append(fig)
    return sorted(figs, key=lambda f: f.start)


# How far before and after its digits a token's words can reach ('September 30, 2024', 'RMB',
# ' percentage points', 'Ext. 6300'): the token patterns run only in these windows, since trying
# them at every character of a long paragraph is what makes the reader slow.
_REACH_BEFORE, _REACH_AFTER = 40, 30


def _windows(text: str) -> Iterator[tuple[int, int]]:
    current: tuple[int, int] | None = None
    for match in _HAS_NUMBER.finditer(text):
        start = text.rfind(" ", 0, max(0, match.start() - _REACH_BEFORE)) + 1
        after = text.find(" ", min(len(text), match.end() + _REACH_AFTER))
        end = len(text) if after < 0 else after
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


# Longer numbers are no amounts (an identifier, a garbled line); Decimal arithmetic stays exact below this.
_MAX_DIGITS = 24
_NUMBER_IN = re.compile(rf"(?P<minus>[-−])?\s?(?P<num>{_NUM})")


def _measure(fig: _Fig, thousands: bool) -> None:
    """The printed number, its places, scale word and currency."""
    text = fig.text
    word = next((word for word in CURRENCIES if text.startswith(word)), None)
    currency = CURRENCIES[word] if word else None
    body = text[len(word):] if word else text
    match = _NUMBER_IN.search(body)
    if match is None:
        fig.form, fig.reason = "digits", _NOT_DATA["digits"]
        return
    digits = match["num"].replace(",", "")
    if len(digits) > _MAX_DIGITS:
        fig.form, fig.reason = "digits", "a number too long to be a figure"
        return
    fig.number = Decimal(digits) * (-1 if match["minus"] else 1)
    fig.places = len(digits.split(".")[1]) if "." in digits else 0
    fig.currency = currency if fig.form == "money" else None
    scale = re.search(rf"({SCALE})\b", body)
    fig.scale = SCALES[scale.group(1)] if scale else 0
    mark = re.search(f"[{_MARKS}]+", text)
    if mark and fig.form == "money":
        fig.marker = (fig.start + mark.start(), fig.start + mark.end())
    fig.thousands = thousands and fig.form == "money" and not scale and fig.places == 0


# -- periods ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    """A period named in a sentence: 'the same quarter of 2023', 'as of June 30, 2025'."""

    start: int
    end: int
    period: Period
    kind: str  # 'duration', 'instant' (a balance date) or 'event' (the day something happened)
    leading: bool = False  # '(as of December 31, 2022: 12.0%)': names the period of the figure after it


_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern, re.I)) for name, pattern in (
    ("as_of", rf"\bas (?:of|at) (?P<d>{DATE})"),
    ("of_date", rf"\bof (?P<d>{DATE})"),
    ("months_ended", rf"\b(?:the )?(?P<span>{MONTHS_SPAN}) ended (?P<d>{DATE})"),
    ("year_ended", rf"\b(?:the )?{YEAR_SPAN} ended (?P<d>{DATE})"),
    ("on_date", rf"\bon (?:[A-Z][a-z]+day, )?(?P<d>{DATE})"),
    ("same_quarter", r"\bthe same quarter (?:(?:of |in )?(?P<y>(?:19|20)\d{2})\b|(?:of )?last year)"),
    ("same_period", r"\bthe (?:same|corresponding) period (?:(?:of |in )(?P<y>(?:19|20)\d{2})\b|(?:of )?last year)"),
    ("quarter", rf"\b(?:the )?(?P<nth>{QUARTER_ORDINAL}) quarter(?:(?: of)? (?P<y>(?:19|20)\d{{2}})\b| (?P<rel>this|last) year)?"),
    ("this_quarter", r"\b(?:this|the current) quarter\b"),
    ("last_quarter", r"\b(?:last|the previous|the preceding|the prior) quarter\b"),
    ("half", rf"\bthe (?P<nth>{HALF_ORDINAL}) half(?: of (?P<y>(?:19|20)\d{{2}})\b| of this year)?"),
    ("full_year", r"\b(?:the )?(?:full|fiscal) year(?: of)? (?P<y>(?:19|20)\d{2})\b"),
    ("reporting", r"\b(?:the|this) reporting period\b"),
    ("year", r"\b(?:in|for|during|of|by) (?:the year )?(?P<y>(?:19|20)\d{2})\b(?! (?:share|plan|notes?)\b)"),
))


class _Calendar:
    """The document's periods, and the periods its words name relative to them."""

    def __init__(self, info: DocumentInfo) -> None:
        self.info = info
        self.document = Period.duration(info.period_start, info.period_end)
        end = info.period_end
        self.quarter = span(end, 3)  # the last quarter of the period
        self.months = whole_months(self.document)

    def phrase(self, name: str, match: re.Match[str]) -> tuple[Period, str] | None:
        groups = match.groupdict()
        day = parse_date(groups["d"]) if groups.get("d") else None
        year = int(groups["y"]) if groups.get("y") else None
        if name in ("as_of", "of_date"):
            return (Period.instant(day), "instant") if day else None
        if name == "on_date":
            return (Period.instant(day), "event") if day else None
        if name == "months_ended":
            months = span_months(groups["span"])
            return (span(day, months), "duration") if day and months else None
        if name == "year_ended":
            return (span(day, 12), "duration") if day else None
        return self._relative(name, groups, year)

    def _relative(self, name: str, groups: dict[str, str | None], year: int | None) -> tuple[Period, str] | None:
        doc_year = self.info.period_end.year
        named = {
            "same_quarter": lambda: shift(self.quarter, 12 * ((year or doc_year - 1) - doc_year)),
            "same_period": lambda: shift(self.document, 12 * ((year or doc_year - 1) - doc_year)),
            "quarter": lambda: self._quarter(groups, year),
            "this_quarter": lambda: self.quarter,
            "last_quarter": lambda: self.quarter_before(self.quarter),
            "half": lambda: span(dt.date(year or doc_year, *HALF_END[(groups["nth"] or "first").lower()]), 6),
            "full_year": lambda: span(dt.date(year or doc_year, 12, 31), 12),
            "reporting": lambda: self.document,
            "year": lambda: self.year(year or doc_year),
        }
        period = named[name]() if name in named else None
        return (period, "duration") if period is not None else None

    def _quarter(self, groups: dict[str, str | None], year: int | None) -> Period:
        """'the third quarter of 2024', 'the second quarter 2024', 'the first quarter this year'."""
        back = -1 if (groups.get("rel") or "").lower() == "last" else 0
        month, day = QUARTER_END[(groups["nth"] or "first").lower()]
        return span(dt.date(year or self.info.period_end.year + back, month, day), 3)

    def year(self, year: int) -> Period:
        """A year named alone: the full year in an annual report, else the document's span in that year."""
        if self.months == 12:
            return Period.duration(dt.date(year, 1, 1), dt.date(year, 12, 31))
        return shift(self.document, 12 * (year - self.info.period_end.year))

    def phrases(self, text: str) -> list[_Phrase]:
        """The periods a sentence names, the longest phrase at a place ('the same period in 2023' over 'in 2023')."""
        found: list[_Phrase] = []
        for name, pattern in _PHRASES:
            for match in pattern.finditer(text):
                read = self.phrase(name, match)
                if read is None:
                    continue
                leading = bool(re.match(r"\s*:", text[match.end():]))
                found.append(_Phrase(match.start(), match.end(), read[0], read[1], leading))
        found.sort(key=lambda p: (p.start, -(p.end - p.start)))
        kept: list[_Phrase] = []
        for phrase in found:
            if kept and phrase.start < kept[-1].end:
                continue
            kept.append(phrase)
        return kept

    @staticmethod
    def year_before(period: Period) -> Period:
        return shift(period, -12)

    @staticmethod
    def quarter_before(period: Period) -> Period | None:
        """The quarter before a quarter (a balance: the quarter end before); None for longer periods."""
        if period.start is None:
            return Period.instant(start_of(period.end, 3) - dt.timedelta(days=1))
        return preceding(period) if whole_months(period) == 3 else None


# -- subjects: what quantity a figure states ----------------------------------------------------------


@dataclass(frozen=True)
class _Subject:
    """A quantity the prose names: its concept, members, and whether its words state a loss.

    ``negate``: the phrase names the loss side of a gain-positive concept ('net loss', 'net current
    liabilities', 'loss margin'), so a figure printed positive is negative in the concept (docs/conventions.md §3).
    """

    concept: str
    members: tuple[tuple[str, str], ...] = ()
    negate: bool = False
    phrase: str = ""


# 'Gearing ratio' means what the paragraph defines it as; the announcements use two definitions.
_GEARING = re.compile(r"gearing ratio", re.I)
_GEARING_DEFINITIONS = (
    (re.compile(r"total liabilities divided by total assets", re.I), "LiabilitiesToAssetsRatio"),
    (re.compile(r"by total equity", re.I), "GearingRatio"),
)
# Words after a figure that name what it counts or qualify what it is ('1,234 employees',
# 'RMB12.3 million from ecosystem customers', 'US$9.99 per ADS'); they win over the words before.
# A share count or price means an issue only in a sentence about issuing shares, a repurchase only in
# one about buying them back.
_ISSUE = re.compile(r"\b(?:issu|allot|placing|offer)", re.I)
_REPURCHASE = re.compile(r"\b(?:repurchas|bought back|buy(?:s|ing)? back|buyback|share buy-back)", re.I)
_ADS_WORDS = r"\s*(?:firm |additional |offer |new |placing )?(?:ADSs|American depositary shares)\b"
_SHARE_WORDS = r"\s*(?:firm |additional |offer |new |placing )?(?:ordinary |class a )?shares\b"
_AFTER: tuple[tuple[re.Pattern[str], str, frozenset[str], re.Pattern[str] | None], ...] = tuple(
    (re.compile(p, re.I), c, frozenset(f), context) for p, c, f, context in (
        (r"\s*employees\b", "EntityNumberOfEmployees", {"number"}, None),
        (r"\s*servers\b", "NumberOfServers", {"number"}, None),
        (_ADS_WORDS, "AmericanDepositarySharesRepurchased", {"number"}, _REPURCHASE),
        (_SHARE_WORDS, "StockRepurchasedDuringPeriodShares", {"number"}, _REPURCHASE),
        (_ADS_WORDS, "AmericanDepositarySharesIssued", {"number"}, _ISSUE),
        (_SHARE_WORDS, "StockIssuedDuringPeriodSharesNewIssues", {"number"}, _ISSUE),
        (r"\s*per (?:ordinary )?share\b", "SaleOfStockPricePerShare", {"money"}, _ISSUE),
        (r"\s*per ADS\b", "SaleOfAmericanDepositarySharesPricePerAds", {"money"}, _ISSUE),
        (r"\s*from (?:the )?(?:xiaomi and kingsoft )?ecosystem customers\b", "EcosystemRevenue", {"money"}, None),
    ))
_ADS_EQUIVALENT = re.compile(r"equivalent to (?:about |approximately |around )?$", re.I)
# Shares of a total with a concept: the quantity whose share it is, and words naming the total.
_SHARES: tuple[tuple[str | None, re.Pattern[str], str], ...] = (
    ("AiBusinessGrossBilling", re.compile(r"^\s*of (?:our |the )?public cloud", re.I),
     "AiBusinessGrossBillingShareOfPublicCloudRevenue"),
    (None, re.compile(r"^\s*completion of (?:the )?(?:\w+ )?connected transactions? (?:annual )?cap", re.I),
     "EcosystemRevenueShareOfConnectedTransactionCap"),
)
_LOSS_WORDS = re.compile(r"\b(?:loss|losses|deficit|used in|liabilities)\b", re.I)
_FITS = {
    "money": {ItemType.monetary, ItemType.perShare},
    "percent": {ItemType.percent},
    "number": {ItemType.count, ItemType.shares},
    "rate": {ItemType.rate},
}


@dataclass
class _Vocabulary:
    """A taxonomy's words: the taxonomy's phrases and row labels as one pattern, and the concepts."""

    taxonomy: Taxonomy
    pattern: re.Pattern[str]
    subjects: dict[str, _Subject]  # by the phrase's words, lower case, single-spaced


_CACHE: dict[int, tuple[Taxonomy, _Vocabulary]] = {}


def _vocabulary(taxonomy: Taxonomy) -> _Vocabulary:
    cached = _CACHE.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    entries: dict[str, _Subject] = {}
    for label, rows in LabelIndex(taxonomy).by_label.items():
        plain = [r for r in rows if r.context is None and not r.members]
        if len(plain) == 1 and len(label) >= 8 and plain[0].concept in taxonomy.concepts:
            concept = taxonomy.concepts[plain[0].concept]
            entries[label] = _Subject(concept.name, (), _states_loss(label, concept), label)
    for entry in taxonomy.phrases:  # the taxonomy's phrasings (taxonomy/src/phrases.yaml) win over row labels
        for phrase in entry.phrases:
            entries[phrase] = _Subject(entry.concept, tuple(sorted(entry.members.items())), entry.loss, phrase)
    pattern = re.compile(r"(?<![\w-])" + _trie([phrase.split() for phrase in entries]) + _WORD_END, re.I)
    vocabulary = _Vocabulary(taxonomy, pattern, {_words(phrase): subject for phrase, subject in entries.items()})
    _CACHE[id(taxonomy)] = (taxonomy, vocabulary)
    return vocabulary


# A word ends where a letter or digit does not follow; a note marker glued to it ('EBITDA²') does not continue it.
# Stated once, after the whole trie: inside it a word is followed by whitespace or ends the phrase, and a
# phrase that fails here sends the match back to the next shorter one, as a test after each word would
# (which made the pattern five times slower to compile: every reading process compiles it).
_WORD_END = rf"(?![^\W{_MARKS}]|-)"


def _trie(phrases: list[list[str]]) -> str:
    """One pattern for many phrases, sharing their first words: the longest phrase at a place matches.

    A flat alternation of ~170 phrases is tried at every character of every sentence; sharing the
    prefixes makes the scan an order of magnitude faster.
    """
    children: dict[str, list[list[str]]] = {}
    ends: set[str] = set()
    for words in phrases:
        head = words[0].lower()
        children.setdefault(head, [])
        if len(words) == 1:
            ends.add(head)
        else:
            children[head].append(words[1:])
    branches = []
    for head in sorted(children, key=len, reverse=True):
        rest = children[head]
        branch = re.escape(head)
        if rest:
            branch += rf"(?:\s+{_trie(rest)})" + ("?" if head in ends else "")
        branches.append(branch)
    return "(?:" + "|".join(branches) + ")"


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _states_loss(label: str, concept: Concept) -> bool:
    """A row label that names the loss side of a concept that is negative for a loss."""
    return bool(_LOSS_WORDS.search(label)) and "negative for" in (concept.documentation or "")


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int
    subject: _Subject


def _anchors(text: str, vocabulary: _Vocabulary, paragraph: str) -> list[_Anchor]:
    found = []
    for match in vocabulary.pattern.finditer(text):
        subject = vocabulary.subjects.get(_words(match.group()))
        if subject is not None:
            found.append(_Anchor(match.start(), match.end(), subject))
    for match in _GEARING.finditer(text):
        concept = next((c for p, c in _GEARING_DEFINITIONS if p.search(paragraph)), None)
        if concept and concept in vocabulary.taxonomy.concepts:
            found.append(_Anchor(match.start(), match.end(), _Subject(concept, (), False, "gearing ratio")))
    return sorted(found, key=lambda a: a.start)


# -- reading a paragraph ------------------------------------------------------------------------------

# A statement that the notes' amounts are in thousands: bare integer amounts after it are thousands.
_THOUSANDS = re.compile(rf"{ROUNDED_TO_THOUSANDS}|\({CURRENCY}{THOUSAND_MARK}\)", re.I)
_BOUNDS = (
    (re.compile(r"\b(?:approximately|approx\.|around|about|nearly|almost|close to|roughly|some)\s+(?:a\s+)?$", re.I), "about"),
    (re.compile(r"\b(?:over|more than|exceeding|above|in excess of|at least)\s+$", re.I), "above"),
    (re.compile(r"\b(?:under|less than|below|up to|at most)\s+$", re.I), "below"),
)
_UP = r"increas\w*|grow\w*|grew|growth|rose|rise|rising|up|higher|expand\w*|improv\w*"
_DOWN = r"decreas\w*|declin\w*|drop\w*|down|lower|fell|fall\w*|reduc\w*|narrow\w*"
_DIRECTION = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b", re.I)
# A percentage is a change where a direction word leads to it ('increased significantly by 12.3%', 'a
# slight increase of 1.0%', 'growth was 10%') or a change noun follows it ('a 12.3% year-over-year growth').
_LINKS = r"\w+-\w+-\w+|significantly|slightly|sharply|substantially|further|by|of|a|an|was|were|is|over|more than" \
         r"|approximately|around|nearly|about"
_CHANGE_BEFORE = re.compile(rf"\b(?:{_UP}|{_DOWN})\b(?:\s+(?:{_LINKS})){{0,4}}\s*$", re.I)
_BASES = r"year-over-year|year-on-year|yoy|quarter-over-quarter|quarter-on-quarter|qoq|sequential"
_CHANGE_AFTER = re.compile(rf"^\s*(?:{_BASES})?\s*(?:\w+\s+)?(?:growth|increase|decrease|decline|rise)\b", re.I)
_BASIS = re.compile(r"(?P<yoy>year-over-year|year-on-year|\byoy\b)"
                    r"|(?P<qoq>quarter-over-quarter|quarter-on-quarter|\bqoq\b|sequential)", re.I)
_FROM = re.compile(r"\bfrom\s+(?:a loss of\s+|a profit of\s+|negative\s+)?$", re.I)
_TO = re.compile(r"\b(?:to|to reach|to achieve|reaching|achieving)\s+(?:a loss of\s+|a profit of\s+|negative\s+)?$", re.I)
# 'from' and 'to' link a level to a change only right before it: the longest such words, 'to achieve a
# loss of ', are under 30 characters.
_LINK_BEFORE = 30
# A change's direction word printed after it ('15.2%, up from') is within a few words of it, 40
# characters; one further on belongs to the next clause.
_DIRECTION_AFTER = 40
_NEGATIVE_WORDS = re.compile(r"\b(?:negative|a loss of|minus)\s+$", re.I)
_TAX_RATE = re.compile(r"\brate of\s+$", re.I)
_TAX_AFTER = re.compile(r"^\s*(?:EIT|withholding|enterprise income tax)\b", re.I)
_THRESHOLD = re.compile(r"^\s*or (?:more|less|above|below|higher|lower)\b", re.I)
_FACTOR = re.compile(r"\bmultiplied by\s+$", re.I)
_SHARE_BEFORE = re.compile(r"\b(?:accounting for|representing|account for|accounted for|transfer|holds?|held|owns?)"
                           r"\s+(?:approximately\s+|about\s+|around\s+|over\s+|a\s+)?$", re.I)
_SHARE_AFTER = re.compile(r"^\s*(?:\w+\s+)?of\b", re.I)
_TRANSLATION_GAP = re.compile(r"^\s*\(\s*$")
_CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:and|while|which|whereas)\s", re.I)
_RESPECTIVELY = re.compile(r"^,\s*respectively\b", re.I)
_SENTENCE_OPENING = re.compile(r"^[\s\-–•*“\"(]*(?:during|in|for|on|as at|as of)?\s*$", re.I)


class _Reader:
    def __init__(self, info: DocumentInfo, vocabulary: _Vocabulary) -> None:
        self.calendar = _Calendar(info)
        self.vocabulary = vocabulary
        self.taxonomy = vocabulary.taxonomy
        self.thousands = False

    def paragraph(self, paragraph: _Paragraph) -> list[_Fig]:
        figs = _tokens(paragraph.text, self.thousands)
        if _THOUSANDS.search(paragraph.text):
            self.thousands = True
        self._opening(paragraph.text, figs)
        self._sentences(paragraph, figs)
        for fig in figs:
            fig.paragraph = paragraph
        return figs

    def _sentences(self, paragraph: _Paragraph, figs: list[_Fig]) -> None:
        ordered = sorted(figs, key=lambda f: f.start)
        first = 0  # the sentences and the figures are both in order: one pass over each
        for start, end in _sentences(paragraph.text):
            while first < len(ordered) and ordered[first].start < start:
                first += 1
            last = first
            while last < len(ordered) and ordered[last].start < end:
                last += 1
            inside, first = ordered[first:last], last
            sentence = paragraph.text[start:end]
            for fig in inside:
                fig.sentence = sentence
            count = sum(f.form in _FIGURES for f in inside)
            if not count:
                continue  # dates, years and references only: nothing to read together
            if count > SENTENCE_FIGURES:
                for fig in inside:
                    _unread(fig, None, f"a sentence of {count} figures is a list, not prose")
                continue
            try:
                _Sentence(self, paragraph.text, start, end, inside).read()
            except Exception as exc:  # never raise on odd input: say the sentence was not read
                for fig in inside:
                    _unread(fig, exc)

    def _opening(self, text: str, figs: list[_Fig]) -> None:
        """Numbers that open a paragraph, or a heading after a ';' or ':': a section number ('1. CORPORATE',
        'Notes: 3. REVENUES'), an exhibit number ('99.1 Announcement', '99.1 and Restated ...' where the
        description wrapped)."""
        for fig in figs:
            if fig.form != "number" or _char_before(text, fig.start) not in ("", ";", ":"):
                continue
            after = text[fig.end:fig.end + 4]
            if re.match(r"\.\s+[A-Z]", after) and fig.places == 0 and (fig.start <= 1 or re.match(r"\.\s+[A-Z]{2}", after)):
                fig.form, fig.reason = "section", "a section number"
            elif fig.start <= 1 and re.fullmatch(r"\d{1,3}\.\d{1,2}", fig.text) and re.match(r"\s+[A-Za-z]", after):
                fig.form, fig.reason = "exhibit", "an exhibit number"


def _char_before(text: str, position: int) -> str:
    """The last character before ``position`` that is not a space ('' at the start): no copy of the text
    before it, which for each of a long paragraph's figures would be quadratic."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return text[position - 1] if position else ""


def _unread(fig: _Fig, exc: Exception | None, why: str = "") -> None:
    fig.kind, fig.subject, fig.stated = Kind.not_data, None, None
    fig.reason = f"the prose reader could not read its sentence ({why or type(exc).__name__})"
    fig.translates = fig.changes = fig.compared_level = None


class _Sentence:
    """One sentence's figures, read together: each figure's kind, subject, period and links."""

    def __init__(self, reader: _Reader, text: str, start: int, end: int, figs: list[_Fig]) -> None:
        self.reader, self.text, self.start, self.end = reader, text, start, end
        self.calendar = reader.calendar
        self.taxonomy = reader.taxonomy
        self.all = figs
        self.figs = [f for f in figs if f.form in _FIGURES]
        self.anchors = _anchors(text[start:end], reader.vocabulary, text)
        self.anchors = [replace(a, start=a.start + start, end=a.end + start) for a in self.anchors]
        phrases = self.calendar.phrases(text[start:end])
        self.phrases = [replace(p, start=p.start + start, end=p.end + start) for p in phrases]

    def read(self) -> None:
        for fig in self.figs:
            self._classify(fig)
        for fig in self.figs:
            if fig.kind in (Kind.level, Kind.share) or fig.stated in (Kind.level, Kind.share):
                fig.subject = self._subject(fig)
        self._pair_compound_subjects()
        self._periods()
        for fig in self.figs:
            if self._is_change(fig):
                self._link_change(fig)
        self._from_level_periods()
        for fig in self.figs:
            if self._is_change(fig):
                self._compare(fig)
        for fig in self.figs:
            if fig.translates is not None:
                level = fig.translates
                fig.subject, fig.period, fig.sign = level.subject, level.period, level.sign
                if level.kind == Kind.bound:  # 'approximately RMB100 million (US$14 million)': inexact too
                    fig.kind, fig.stated, fig.bound = Kind.bound, Kind.translation, level.bound
        for fig in self.figs:
            self._value_check(fig)
            fig.definition = self._concept(fig)
            self._scale_check(fig)

    # -- kinds ------------------------------------------------------------------------------------------

    def before(self, fig: _Fig, width: int = 80) -> str:
        return self.text[max(self.start, fig.start - width):fig.start]

    def after(self, fig: _Fig, width: int = 80) -> str:
        return self.text[fig.end:min(self.end, fig.end + width)]

    def _classify(self, fig: _Fig) -> None:
        before, after = self.before(fig), self.after(fig)
        fig.kind = Kind.level
        if fig.form == "percent" and self._not_data_percent(fig, before, after):
            return
        if fig.form == "money" and self._translation(fig):
            fig.kind = Kind.translation
        elif fig.form in ("fold", "points") or (fig.form == "percent" and self._change_words(fig, before, after)):
            fig.kind, fig.points = Kind.change, fig.form == "points"
            fig.direction = self._direction(fig, before, after)
        elif fig.form == "percent" and (_SHARE_BEFORE.search(before) or _SHARE_AFTER.match(after)):
            fig.kind = Kind.share
        elif fig.form == "number" and self._not_data_number(fig, before, after):
            return
        if _NEGATIVE_WORDS.search(before):
            fig.sign = -1
        for pattern, bound in _BOUNDS:
            if pattern.search(before):
                fig.kind, fig.stated, fig.bound = Kind.bound, fig.kind, bound
                break

    def _not_data_percent(self, fig: _Fig, before: str, after: str) -> bool:
        sentence = self.text[self.start:self.end]
        if re.search(r"\btax", sentence, re.I) and (_TAX_RATE.search(before) or _TAX_AFTER.match(after)):
            fig.kind, fig.reason = Kind.not_data, "a tax rate of a law"
        elif _THRESHOLD.match(after):
            fig.kind, fig.reason = Kind.not_data, "a percentage threshold in a rule"
        elif _FACTOR.search(before):
            fig.kind, fig.reason = Kind.not_data, "a factor in a definition"
        else:
            return False
        return True

    def _not_data_number(self, fig: _Fig, before: str, after: str) -> bool:
        digits = fig.text.lstrip("-−")
        if re.fullmatch(r"(?:19|20)\d{2}", digits):
            fig.kind, fig.reason = Kind.not_data, "a year"
        elif re.fullmatch(r"\d{5,}", digits):
            fig.kind, fig.reason = Kind.not_data, "an identifier (a code or a postal number)"
        else:
            return False
        return True

    def _translation(self, fig: _Fig) -> bool:
        """A US$ or HK$ amount in parentheses right after an amount in another currency: its translation."""
        previous = next((f for f in reversed(self.figs) if f.end <= fig.start and f.form == "money"), None)
        if previous is None or previous.currency == fig.currency or previous.kind == Kind.translation and previous.stated is None:
            return False
        if previous.kind == Kind.bound and previous.stated == Kind.translation:
            return False
        if not _TRANSLATION_GAP.match(self.text[previous.end:fig.start]) or not self.after(fig).lstrip().startswith(")"):
            return False
        fig.translates = previous
        return True

    def _change_words(self, fig: _Fig, before: str, after: str) -> bool:
        if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after):
            return True
        previous = self._previous_change(fig)
        continues = re.search(r"\band\s+(?:by\s+)?$", before, re.I)
        return bool(previous and continues and (re.match(r"\s*from\b", after) or _BASIS.match(after.strip())))

    def _previous_change(self, fig: _Fig) -> _Fig | None:
        return next((f for f in reversed(self.figs) if f.end <= fig.start and self._is_change(f)), None)

    def _direction(self, fig: _Fig, before: str, after: str) -> int:
        clause = before[_last_break(before):]
        words = list(_DIRECTION.finditer(clause))
        if not words:
            words = list(_DIRECTION.finditer(after[:_DIRECTION_AFTER]))
            words = words[:1]
        if words:
            return 1 if words[-1].group("up") else -1
        previous = self._previous_change(fig)
        return previous.direction if previous else 1

    @staticmethod
    def _is_change(fig: _Fig) -> bool:
        return fig.kind == Kind.change or fig.stated == Kind.change

    @staticmethod
    def _is_level(fig: _Fig) -> bool:
        return fig.kind == Kind.level or fig.stated == Kind.level

    # -- subjects --------------------------------------------------------------------------------------

    def _subject(self, fig: _Fig) -> _Subject | None:
        if fig.form == "rate":
            return self._known(_Subject(RATE_CONCEPT))
        after = self.after(fig, 60)
        sentence = self.text[self.start:self.end]
        if fig.form == "number" and re.match(_ADS_WORDS, after, re.I) and _ADS_EQUIVALENT.search(self.before(fig)):
            return self._known(_Subject("AmericanDepositarySharesEquivalentOfSharesOutstanding"))
        for pattern, concept, forms, context in _AFTER:
            if fig.form in forms and pattern.match(after) and (context is None or context.search(sentence)):
                return self._known(_Subject(concept))
        if fig.kind == Kind.share or fig.stated == Kind.share:
            return self._share_subject(fig)
        nearest = self._nearest(fig)
        if nearest is None and fig.form == "money" and _REPURCHASE.search(sentence):
            return self._known(_Subject("PaymentsForRepurchaseOfCommonStock"))
        return nearest

    def _known(self, subject: _Subject | None) -> _Subject | None:
        return subject if subject is not None and subject.concept in self.taxonomy.concepts else None

    def _share_subject(self, fig: _Fig) -> _Subject | None:
        after = self.after(fig, 120)
        owner = self._nearest(fig, any_type=True)
        for numerator, pattern, concept in _SHARES:
            if pattern.match(after) and (numerator is None or (owner is not None and owner.concept == numerator)):
                return self._known(_Subject(concept))
        return None

    def _nearest(self, fig: _Fig, any_type: bool = False) -> _Subject | None:
        """The nearest quantity named before the figure in its sentence whose type fits the figure."""
        main = self.anchors[0] if self.anchors else None
        for anchor in reversed([a for a in self.anchors if a.end <= fig.start]):
            subject = anchor.subject
            if main is not None and anchor is not main and self._generalises(anchor, main):
                subject = main.subject  # 'compared with operating loss of ...' in a sentence about non-GAAP operating loss
            if any_type or self._fits(fig, subject.concept):
                return subject
        return None

    def _generalises(self, anchor: _Anchor, main: _Anchor) -> bool:
        words = self.text[anchor.start:anchor.end].lower()
        head = self.text[main.start:main.end].lower()
        return head != words and head.endswith(words)

    def _fits(self, fig: _Fig, concept: str) -> bool:
        item = self.taxonomy.concepts[concept].type
        if fig.form == "money" and item is ItemType.perShare and fig.scale:
            return False
        form = fig.form if fig.kind != Kind.change else "percent"
        return item in _FITS.get(form, set())

    def _pair_compound_subjects(self) -> None:
        """'X and Y were A and B': the n-th amount after a run of joined subjects is the n-th subject's."""
        groups: list[list[_Anchor]] = []
        for anchor in self.anchors:
            if groups and re.fullmatch(r"\s*(?:,|,?\s*and)\s*", self.text[groups[-1][-1].end:anchor.start], re.I):
                groups[-1].append(anchor)
            else:
                groups.append([anchor])
        for group in (g for g in groups if len(g) > 1):
            following = [a for a in self.anchors if a.start >= group[-1].end]
            limit = following[0].start if following else self.end
            levels = [f for f in self.figs if group[-1].end <= f.start < limit and self._is_level(f) and f.translates is None]
            if len(levels) == len(group):
                for fig, anchor in zip(levels, group):
                    if self._fits(fig, anchor.subject.concept):
                        fig.subject = anchor.subject

    # -- periods ---------------------------------------------------------------------------------------

    def _periods(self) -> None:
        """A level's period: the period phrase just after it, else the one the sentence opens with, else the document's."""
        for fig in self.figs:
            if fig.translates is not None:
                continue
            phrase = self._phrase_after(fig) or self._leading_phrase(fig)
            if phrase is not None:
                fig.period, fig.period_found = self._period_for(fig, phrase), True
        opening = self._opening_phrase()
        for fig in self.figs:
            if fig.period is None and fig.translates is None:
                period = self._period_for(fig, opening) if opening is not None else None
                fig.period = period or self._default(fig)

    def _phrase_after(self, fig: _Fig) -> _Phrase | None:
        limit = self._window_end(fig)
        for phrase in self.phrases:
            if fig.end <= phrase.start < limit and not phrase.leading and self._period_for(fig, phrase) is not None:
                return phrase
        return None

    def _leading_phrase(self, fig: _Fig) -> _Phrase | None:
        for phrase in self.phrases:
            if phrase.leading and phrase.end <= fig.start and re.fullmatch(r"\s*:\s*", self.text[phrase.end:fig.start]):
                return phrase
        return None

    def _window_end(self, fig: _Fig) -> int:
        """Where the words about a figure end: at the next figure that needs a period of its own, or a clause break."""
        limit = self.end
        for other in self.figs:
            if other.start >= fig.end and other.translates is None and not self._attached(fig, other):
                limit = other.start
                break
        cursor = fig.end
        while cursor < limit:
            match = _CLAUSE_BREAK.search(self.text, cursor, limit)
            if match is None:
                break
            if self._inside_phrase(match.start()) or _RESPECTIVELY.match(self.text[match.start():]):
                cursor = match.end()
                continue
            if match.group().strip().lower() != "and" or self._and_breaks(match.end()):
                return match.start()
            cursor = match.end()
        return limit

    def _and_breaks(self, offset: int) -> bool:
        """' and ' ends a figure's words when a new statement follows, not when a period phrase does."""
        return not any(p.start == offset for p in self.phrases)

    def _attached(self, fig: _Fig, other: _Fig) -> bool:
        """A figure that belongs to ``fig``'s words: its translation, or the price of shares it counts."""
        gap = self.text[fig.end:other.start]
        return other.form == "money" and fig.form == "number" and bool(re.fullmatch(r"\s*(?:[\w-]+\s+){0,3}(?:at\s+)?", gap))

    def _inside_phrase(self, offset: int) -> bool:
        return any(p.start <= offset < p.end for p in self.phrases) or any(f.start <= offset < f.end for f in self.all)

    def _opening_phrase(self) -> _Phrase | None:
        for phrase in self.phrases:
            if _SENTENCE_OPENING.match(self.text[self.start:phrase.start]) and re.match(r"\s*[,(]", self.text[phrase.end:]):
                return phrase
        return None

    def _period_for(self, fig: _Fig, phrase: _Phrase) -> Period | None:
        """The period a phrase gives a figure of this concept: balances take instants, flows durations."""
        concept = self._concept(fig)
        if concept is not None and concept.period is PeriodType.instant:
            return phrase.period if phrase.period.is_instant else Period.instant(phrase.period.end)
        if phrase.kind == "instant":
            return None  # a flow is not 'as of' a date
        if phrase.kind == "event":
            return Period.duration(phrase.period.end, phrase.period.end)
        return phrase.period

    def _concept(self, fig: _Fig) -> Concept | None:
        if fig.subject is None:
            return None
        return self.taxonomy.concepts.get(fig.subject.concept)

    def _default(self, fig: _Fig) -> Period:
        concept = self._concept(fig)
        if concept is not None and concept.period is PeriodType.instant:
            return Period.instant(self.calendar.document.end)
        return self.calendar.document

    # -- changes ---------------------------------------------------------------------------------------

    def _link_change(self, change: _Fig) -> None:
        """The levels a change compares: the one it changed to ('to RMB1,234.5 million') and from."""
        start_level = next((f for f in self._levels_after(change, self._change_clause_end(change))
                            if _FROM.search(self.text[max(self.start, f.start - _LINK_BEFORE):f.start])), None)
        to_level = next((f for f in self._levels_after(change, self._change_clause_end(change, anchors=False))
                         if self._to_level(change, f)), None)
        if to_level is None:
            to_level = self._main_level(change)
        change.changes = to_level
        change.compared_level = start_level
        if start_level is not None:
            start_level.from_level = True
        levels = [f.subject for f in (to_level, start_level) if f is not None and f.subject is not None]
        change.subject = levels[0] if levels else self._nearest(change, any_type=True)
        self._check_arithmetic(change)
        if change.compared_level is not None:
            change.compared_level.subject = change.subject  # the same quantity, at the earlier period
        later = change.changes.period if change.changes is not None else None
        change.period = later or self._change_period(change)

    def _to_level(self, change: _Fig, level: _Fig) -> bool:
        """'increased by 5.0% to RMB1,234.5 million', 'achieving RMB1,234.5 million'; past a named
        quantity only 'to' links ('a 12.3% revenue growth to reach'), not a participle ('margin reaching')."""
        match = _TO.search(self.text[max(self.start, level.start - _LINK_BEFORE):level.start])
        if match is None:
            return False
        between = any(change.end <= a.start < level.start for a in self.anchors)
        return not between or match.group().lower().startswith("to")

    def _levels_after(self, change: _Fig, limit: int) -> list[_Fig]:
        return [f for f in self.figs if change.end <= f.start < limit and self._is_level(f) and f.translates is None]

    def _change_clause_end(self, change: _Fig, anchors: bool = True) -> int:
        """A change's 'from' and 'to' levels come before the next change or semicolon; its 'from'
        level also before the next named quantity ('a 12.3% revenue growth to reach' names its own)."""
        limit = next((f.start for f in self.figs if f.start > change.end and self._is_change(f)), self.end)
        semicolon = self.text.find(";", change.end, limit)
        anchor = next((a.start for a in self.anchors if change.end <= a.start < limit), limit) if anchors else limit
        return min(limit, anchor, semicolon if semicolon >= 0 else limit)

    def _main_level(self, change: _Fig) -> _Fig | None:
        for fig in reversed([f for f in self.figs if f.end <= change.start]):
            if self._is_level(fig) and fig.translates is None and not fig.from_level:
                return fig
        return None

    def _change_period(self, change: _Fig) -> Period:
        phrase = self._phrase_after(change) or self._opening_phrase()
        if phrase is not None and not phrase.period.is_instant:
            return phrase.period
        return self.calendar.document

    def _check_arithmetic(self, change: _Fig) -> None:
        """Where the printed levels prove the change belongs to another quantity of the sentence, take that one."""
        start, later = change.compared_level, change.changes
        if start is None or later is None or change.points or change.form == "fold":
            return
        if _consistent(change, later, start):
            return
        candidates = [f for f in self.figs if self._is_level(f) and f.translates is None and not f.from_level
                      and f is not later and f.form == start.form and f.start < change.start]
        fits = [f for f in candidates if _consistent(change, f, start)]
        if len(fits) == 1:
            change.changes = fits[0]
            change.subject = fits[0].subject

    def _from_level_periods(self) -> None:
        """A 'from' level without a period phrase of its own is printed for the period its change compares with."""
        for change in (f for f in self.figs if self._is_change(f)):
            start = change.compared_level
            if start is not None and not start.period_found and change.period is not None:
                period = self._basis_period(change) or self.calendar.year_before(change.period)
                concept = self._concept(start)
                instant = concept is not None and concept.period is PeriodType.instant
                start.period = Period.instant(period.end) if instant else period

    def _basis_period(self, change: _Fig) -> Period | None:
        window = self.text[change.end:self._next_figure_start(change)]
        match = _BASIS.search(window) or _BASIS.search(self.before(change, 60)[_last_break(self.before(change, 60)):])
        if match is None or change.period is None:
            return None
        if match.group("yoy"):
            return self.calendar.year_before(change.period)
        return self.calendar.quarter_before(change.period)

    def _next_figure_start(self, fig: _Fig) -> int:
        return next((f.start for f in self.figs if f.start >= fig.end), self.end)

    def _compare(self, change: _Fig) -> None:
        """The compared period: the 'from' level's, else the printed basis, else another level's, else a year before."""
        if change.period is None:
            change.period = self.calendar.document
        if change.compared_level is not None and change.compared_level.period is not None:
            change.compared = change.compared_level.period
            return
        basis = self._basis_period(change)
        others = [f for f in self.figs if self._is_level(f) and f.translates is None and f is not change.changes
                  and change.subject is not None and f.subject == change.subject and f.period is not None]
        if basis is None:
            other = next((f for f in others if f.period != change.period), None)
            if other is not None:
                change.compared, change.compared_level = other.period, other
                return
        change.compared = basis or self.calendar.year_before(change.period)
        change.compared_level = next((f for f in others if f.period == change.compared), None)

    def _scale_check(self, fig: _Fig) -> None:
        """An amount printed without its scale word among amounts in millions ('negative RMB123.4 in 2022')."""
        if fig.form != "money" or fig.scale or fig.thousands or not fig.places or fig.definition is None:
            return
        if fig.definition.type is ItemType.monetary and any(f.form == "money" and f.scale for f in self.figs):
            fig.defect = "printed without a scale word while the sentence's other amounts have one: read as printed, not a fact"

    def _value_check(self, fig: _Fig) -> None:
        """A figure whose subject's type does not fit what is printed is unmapped, with the reason."""
        if fig.subject is not None and fig.kind != Kind.change and fig.stated != Kind.change:
            if fig.form in _FITS and not self._fits(fig, fig.subject.concept):
                fig.subject = None
        if fig.kind == Kind.not_data:
            fig.subject = None


def _last_break(text: str) -> int:
    breaks = [m.end() for m in re.finditer(r"[,;]", text)]
    return breaks[-1] if breaks else 0


def _consistent(change: _Fig, later: _Fig, start: _Fig) -> bool:
    """Whether later / start - 1 can be the printed change, given every figure's rounding."""
    if later.form != start.form or start.number == 0:
        return False
    low_later, high_later = _interval(later)
    low_start, high_start = _interval(start)
    if low_start <= 0:
        return True
    printed = change.direction * abs(change.number) / 100
    slack = _half_unit(change) / 100
    return (low_later / high_start - 1) - slack <= printed <= (high_later / low_start - 1) + slack


def _half_unit(fig: _Fig) -> Decimal:
    return Decimal(5).scaleb(-fig.places - 1)


def _interval(fig: _Fig) -> tuple[Decimal, Decimal]:
    """The magnitudes a printed figure can stand for: half a unit of its last digit either side, scaled."""
    size, half = abs(fig.number), _half_unit(fig)
    return (size - half).scaleb(fig.scale), (size + half).scaleb(fig.scale)


# -- values and mentions --------------------------------------------------------------------------------


def _value(fig: _Fig, concept: Concept | None) -> tuple[Decimal | None, int | None]:
    """The figure's value in its concept's terms (docs/conventions.md §2, §3) and its decimals as printed.

    Whole amounts are written out (2349200000, not 2.3492E+9) and a zero has no sign.
    """
    value, decimals = _raw_value(fig, concept)
    if value is None or decimals is None:
        return value, decimals
    if value == 0:
        value = abs(value)
    if decimals <= 0:
        value = value.quantize(Decimal(1))
    return value, decimals


def _raw_value(fig: _Fig, concept: Concept | None) -> tuple[Decimal | None, int | None]:
    number, places = fig.number, fig.places
    if fig.form == "money":
        if fig.thousands and (concept is None or concept.type is ItemType.monetary):
            return number * 1000 * fig.sign * _negate(fig), -3
        return number.scaleb(fig.scale) * fig.sign * _negate(fig), places - fig.scale
    if fig.form == "percent" and _is_change_fig(fig):
        return abs(number) / 100 * fig.direction, places + 2
    if fig.form == "points":
        return abs(number) / 100 * fig.direction * _negate(fig), places + 2
    if fig.form == "fold":
        return (abs(number) - 1) * fig.direction, places
    if fig.form == "percent":
        return number / 100 * fig.sign * _negate(fig), places + 2
    if fig.form in ("rate", "number"):
        return number * fig.sign, places
    return None, None


def _is_change_fig(fig: _Fig) -> bool:
    return fig.kind == Kind.change or fig.stated == Kind.change


def _negate(fig: _Fig) -> int:
    return -1 if fig.subject is not None and fig.subject.negate else 1


# An unmapped figure's reason quotes the words that should have named its quantity: up to five words
# within 60 characters after a count or percentage ('12 new product features'), or within 50 before
# an amount ('... was paid RMB...'): a phrase to recognise, not a sentence.
_NAMED_AFTER, _NAMED_BEFORE, _NAMED_WORDS = 60, 50, 5


def _reason(fig: _Fig) -> str:
    if fig.kind == Kind.not_data:
        return fig.reason
    if fig.subject is not None:
        return fig.defect or (fig.translates.defect if fig.translates is not None else "")
    text = fig.paragraph.text if fig.paragraph else ""
    forward = fig.form in ("number", "percent")  # '12 new product features', '10% of the equity interest'
    words = re.findall(r"[A-Za-z][\w'’-]*", text[fig.end:fig.end + _NAMED_AFTER] if forward
                       else text[max(0, fig.start - _NAMED_BEFORE):fig.start])
    phrase = " ".join(words[:_NAMED_WORDS] if forward else words[-_NAMED_WORDS:])
    return f'no concept for "{phrase}"' if phrase else "no concept: the sentence names no quantity"


def _emit(figs: list[_Fig]) -> list[Mention]:
    """Figures as mentions, in reading order, with a note marker inside a figure as a mention of its own."""
    ordered: list[tuple[_Fig, tuple[int, int] | None]] = []
    for fig in figs:
        ordered.append((fig, None))
        if fig.marker is not None:
            ordered.append((fig, fig.marker))
    rests = {id(fig): _rest(fig) for fig, marker in ordered if marker is None}
    index: dict[int, int] = {}  # a figure's position in the output, the pieces of broken figures counted
    position = 0
    for fig, marker in ordered:
        if marker is None:
            index[id(fig)] = position
            position += len(rests[id(fig)])
        position += 1
    out = []
    for fig, marker in ordered:
        try:
            out.append(_mention(fig, marker, index))
        except Exception as exc:  # never raise on odd input
            _unread(fig, exc)
            out.append(_mention(fig, marker, index))
        if marker is None:
            out += rests[id(fig)]
    return out


def _where(fig: _Fig, span: tuple[int, int]) -> tuple[Line, int, int]:
    """Where a figure is printed: on the line that holds its first digit, when a line end breaks it."""
    assert fig.paragraph is not None
    pieces = fig.paragraph.pieces(*span) or [(fig.paragraph.lines[fig.paragraph.locate(span[0])[0]], 0, 0)]
    return next((p for p in pieces if _HAS_NUMBER.search(p[0].text[p[1]:p[2]])), pieces[0])


def _rest(fig: _Fig) -> list[Mention]:
    """The digits of a figure broken by a line end that are not on its own line ('June 30,' / '2025')."""
    assert fig.paragraph is not None
    main = _where(fig, (fig.start, fig.end))
    return [Mention(line=line.number, start=low, end=high, text=line.text[low:high], sentence=fig.sentence,
                    kind=Kind.not_data, reason="the rest of a figure broken across lines (read on the line of its first digit)")
            for line, low, high in fig.paragraph.pieces(fig.start, fig.end)
            if (line, low, high) != main and _HAS_NUMBER.search(line.text[low:high])]


def _mention(fig: _Fig, marker: tuple[int, int] | None, index: dict[int, int]) -> Mention:
    paragraph = fig.paragraph
    assert paragraph is not None
    line, offset, end_offset = _where(fig, marker or (fig.start, fig.end))
    text = line.text[offset:end_offset]
    if marker is not None:
        return Mention(line=line.number, start=offset, end=end_offset, text=text, sentence=fig.sentence,
                       kind=Kind.not_data, reason=_NOT_DATA["marker"])
    if fig.kind == Kind.not_data:
        return Mention(line=line.number, start=offset, end=end_offset, text=text, sentence=fig.sentence,
                       kind=Kind.not_data, reason=fig.reason or _NOT_DATA["digits"])
    concept = fig.subject.concept if fig.subject is not None else None
    value, decimals = _value(fig, fig.definition)
    return Mention(
        line=line.number, start=offset, end=end_offset, text=text, sentence=fig.sentence, kind=fig.kind,
        reason=_reason(fig), concept=concept, members=fig.subject.members if fig.subject else (),
        period=fig.period if fig.kind != Kind.not_data else None,
        compared=fig.compared if _is_change_fig(fig) else None, currency=fig.currency, value=value,
        decimals=decimals, bound=fig.bound,
        translates=index.get(id(fig.translates)) if fig.translates is not None else None,
        changes=index.get(id(fig.changes)) if fig.changes is not None and _is_change_fig(fig) else None,
        compared_level=index.get(id(fig.compared_level)) if fig.compared_level is not None and _is_change_fig(fig) else None,
        points=fig.points, stated=fig.stated)

