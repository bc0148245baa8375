"""Date arithmetic on reporting periods, in one place: every reader and rule moves dates with it.

Periods are inclusive (docs/conventions.md §2): a quarter runs from a month's first day to a
month's last. Moving a period by whole months keeps month ends as month ends, so the year before
Q1 2024 (2024-01-01..2024-03-31) is 2023-01-01..2023-03-31, and the year before a period ending
February 29 ends February 28.
"""

from __future__ import annotations

import calendar
import datetime as dt

from kcmodel.contexts import Period

_DAY = dt.timedelta(days=1)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(year: int, month: int) -> int:
    """The days of a month: ``calendar.monthrange(year, month)[1]``, without the weekday it also works out
    (a build asks tens of thousands of times)."""
    return 29 if month == 2 and calendar.isleap(year) else _DAYS[month - 1]


def month_end(day: dt.date) -> bool:
    """``day`` is the last day of its month."""
    return day.day == days_in(day.year, day.month)


def add_months(day: dt.date, months: int, keep_month_end: bool = False) -> dt.date:
    """``day`` moved by ``months`` (negative: back); a day past the target month's end becomes that
    end, and with ``keep_month_end`` a month end stays a month end."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = days_in(year, month + 1)
    return dt.date(year, month + 1, last if keep_month_end else min(day.day, last))


def start_of(end: dt.date, months: int) -> dt.date:
    """The first day of the ``months``-long period that ends on ``end`` (inclusive): the day after
    the same day ``months`` months before (three months ended 2024-09-30 start on 2024-07-01)."""
    return add_months(end + _DAY, -months)


def span(end: dt.date, months: int) -> Period:
    """The ``months``-long duration that ends on ``end``: 'six months ended June 30, 2025'."""
    return Period.duration(start_of(end, months), end)


def shift(period: Period, months: int) -> Period:
    """The period ``months`` earlier (negative) or later, month ends kept as month ends."""
    def move(day: dt.date) -> dt.date:
        return add_months(day, months, keep_month_end=month_end(day))

    return Period(start=move(period.start) if period.start else None, end=move(period.end))


def whole_months(period: Period) -> int | None:
    """The length of a duration in whole months (from a month's first day to a month's last), else None."""
    start, end = period.start, period.end
    if start is None or start.day != 1 or not month_end(end):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def preceding(period: Period) -> Period | None:
    """The period of the same whole-month length that ends the day before ``period`` starts."""
    months = whole_months(period)
    return shift(period, -months) if months is not None else None


def year_before(period: Period) -> Period:
    """The same days a year earlier, month ends kept as month ends (what kc:PriorYearMember compares with)."""
    return shift(period, -12)
