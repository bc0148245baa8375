"""The words announcements use for dates, periods, scales and currencies, in one place.

Every reader (the document's title and rate, table headers, the prose) builds its patterns from
these words, so a month, a span or a currency one reader knows, all of them know. The word lists
are data; the patterns are regular-expression fragments without named groups, so that a reader
can put one inside a pattern of its own.
"""

from __future__ import annotations

import datetime as dt
import re

from kcmodel.units import Currency

# -- months and dates ---------------------------------------------------------------------------------

_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTHS: dict[str, int] = {
    **{name: n for n, name in enumerate(_NAMES, start=1)},
    **{name[:3]: n for n, name in enumerate(_NAMES, start=1)},
    "sept": 9,
}
# A month as printed: its name, or an abbreviation with or without its point ('Sept.', 'Dec').
MONTH = ("(?i:" + "|".join(_NAMES) + "|(?:" + "|".join(n[:3] for n in _NAMES if n != "may").replace("sep", "sept?")
         + r")\.?)")
# 'June 30, 2025', 'Aug. 20 2025' or '30 June 2025'
DATE = rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}})"
MONTH_DAY = rf"{MONTH}\s+\d{{1,2}}"  # a date without its year, as a span above a row of years prints it
_DATE_PARTS = re.compile(rf"\b(?:(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"
                         rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})\s+(?P<y2>\d{{4}}))")
_MONTH_DAY_PARTS = re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})")


def month_number(word: str) -> int | None:
    """1 for 'January', 'Jan' or 'jan.'; None for a word that is no month."""
    return MONTHS.get(word.strip().rstrip(".").lower())


def parse_date(text: str) -> dt.date | None:
    """The first date printed in ``text`` ('June 30, 2025', 'Aug. 20, 2025', '30 June 2025'); None
    when there is none or it is no day of the calendar."""
    match = _DATE_PARTS.search(text)
    if match is None:
        return None
    month = month_number(match["m"] or match["m2"])
    try:
        return dt.date(int(match["y"] or match["y2"]), month, int(match["d"] or match["d2"])) if month else None
    except ValueError:
        return None


def month_day(text: str) -> tuple[int, int] | None:
    """The (month, day) printed in ``text`` without a year ('December 31,'), or None."""
    match = _MONTH_DAY_PARTS.search(text)
    month = month_number(match["m"]) if match else None
    return (month, int(match["d"])) if month and match else None


# -- periods ------------------------------------------------------------------------------------------

# The span words before 'ended' and how many months each covers: 'three months ended', 'year ended'.
_SPAN_NUMBERS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}
SPAN_NUMBER = "(?i:" + "|".join(_SPAN_NUMBERS) + ")"  # 'three', '12'
MONTHS_SPAN = rf"(?:{SPAN_NUMBER} (?i:months))"  # 'three months', '6 months'
YEAR_SPAN = r"(?i:(?:fiscal )?years?)"  # 'year', 'years', 'fiscal year'
SPAN = rf"(?:{MONTHS_SPAN}|{YEAR_SPAN}|(?i:quarter))"
# Words in a header cell that start a span over the columns below ('Three Months Ended', 'As at').
SPAN_START = r"(?i:months? ended|year ended|years ended|as at|as of|for the)"
INSTANT = r"(?i:as (?:of|at))"
# The ordinal of a quarter or a half, and the (month, day) it ends on.
QUARTER_END = {"first": (3, 31), "second": (6, 30), "third": (9, 30), "fourth": (12, 31)}
HALF_END = {"first": (6, 30), "second": (12, 31)}
QUARTER_ORDINAL = "(?i:" + "|".join(QUARTER_END) + ")"
HALF_ORDINAL = "(?i:" + "|".join(HALF_END) + ")"


def span_months(words: str) -> int | None:
    """How many months span words cover: 12 for 'year' or 'For the year ended', 6 for 'Six Months
    Ended', 3 for 'quarter'; None for an instant ('As at') or no span."""
    text = words.lower()
    if re.search(r"\bas (?:at|of)\b", text):
        return None
    if "year" in text:
        return 12
    number = re.search(rf"\b({SPAN_NUMBER}) months\b", text)
    if number:
        return _SPAN_NUMBERS[number[1]]
    return 3 if "quarter" in text else None


# -- scales -------------------------------------------------------------------------------------------

SCALES = {"thousand": 3, "million": 6, "billion": 9, "mn": 6, "bn": 9}  # the power of ten each word means
SCALE = "(?:" + "|".join(SCALES) + ")"
IN_THOUSANDS = r"(?i:in thousands)"  # a table's scale note
THOUSAND_MARK = r"['’]000"  # 'RMB'000' above a column
ROUNDED_TO_THOUSANDS = r"(?i:rounded to the nearest thousand)"  # the notes' statement of their scale

# -- the convenience rate -----------------------------------------------------------------------------

# What follows the RMB amount of the rate: 'RMB7.2993 per US$1.00', 'RMB7.1636 to US$1', '= US$1.00'.
RATE_TERMS = r"\s+(?:per|to|=|against)\s+US\$\s?1(?:\.0+)?\b"

# -- currencies ---------------------------------------------------------------------------------------

# The currency words the announcements print before an amount or above a column, and the ISO 4217 code
# each means (docs/conventions.md §2). 'Renminbi' is only the name the definitions give RMB, never
# printed before an amount; the words are three letters long, which the prose's unit token relies on.
CURRENCIES = {currency.symbol: currency for currency in Currency}
CURRENCY = "(?:" + "|".join(re.escape(word) for word in CURRENCIES) + ")"


# A sign a form may print in front of an amount, in its own cell or box ('RMB', 'US$', '$', '¥'): the
# currency words and the bare signs, which are stripped from the figure; the column's header says the currency.
CURRENCY_SIGN = "(?:" + CURRENCY + r"|\$|¥|€|£)"


def currency_code(text: str) -> Currency | None:
    """The currency of the word ``text`` starts with ('US$'000' -> Currency.USD), or None."""
    upper = text.strip().upper()
    return next((code for word, code in CURRENCIES.items() if upper.startswith(word)), None)


# -- tables of people ---------------------------------------------------------------------------------

# Header words of a table that counts people rather than money ('Function', 'Number of employees'):
# they name its value column and its label column, not a period or a currency.
PEOPLE_HEADER = r"(?i:number of employees)"
PEOPLE_LABEL_HEADER = r"(?i:function)"
