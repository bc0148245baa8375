"""Changes against another period, as facts: 'up 24.2% year-over-year' stated once, one way.

An announcement states growth in its prose ('an increase of 24.2% year-over-year', 'up 18.4
percentage points') and in change columns of its tables ('Year-on-year Change %'). Both are the
same kind of fact (docs/changes.md):

- the concept says how the change is measured: ``RelativeChange`` ((later - earlier) / |earlier|,
  of the magnitudes when both values are losses, as announcements speak of them) or
  ``PercentagePointChange`` (later - earlier, for percentages);
- ``ChangedQuantityAxis`` names the quantity that changed (one member per numeric concept), and
  the quantity's own members (a service line, say) are on the fact as on the levels;
- the period is the later period, and ``ComparisonAxis`` names the earlier one relative to it:
  the same period a year before, the preceding period of the same length, or — for a balance —
  the balance at the start of the fact's period (which then runs from the day after the earlier
  instant to the later one).

A comparison no member names (a quarter against one two years before) is not a fact; the readers
record it in the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kcmodel.contexts import Context, Entity, Period
from kcmodel.dates import preceding, year_before
from kcmodel.taxonomy import Taxonomy, quantity_member

RELATIVE_CHANGE = "RelativeChange"
POINT_CHANGE = "PercentagePointChange"
CHANGE_CONCEPTS = frozenset({RELATIVE_CHANGE, POINT_CHANGE})
CHANGED_AXIS = "ChangedQuantityAxis"
COMPARISON_AXIS = "ComparisonAxis"
PRIOR_YEAR, PRIOR_PERIOD, PERIOD_START = "PriorYearMember", "PriorPeriodMember", "PeriodStartMember"


@dataclass(frozen=True)
class Change:
    """What a change fact compares: the quantity (concept and its own members) at two periods."""

    concept: str
    members: tuple[tuple[str, str], ...]
    later: Period
    earlier: Period
    points: bool  # a difference in percentage points, not a relative change
    entity: Entity  # whose quantity it is

    def level(self, which: str) -> Context:
        """The context of the ``later`` or ``earlier`` level."""
        return Context(entity=self.entity, period=self.later if which == "later" else self.earlier, dimensions=self.members)


def change_context(change: Change) -> Context | None:
    """The context of the fact stating ``change``; None when no comparison member names its periods."""
    compared = _comparison(change.later, change.earlier)
    if compared is None:
        return None
    period, member = compared
    dimensions = (*change.members, (CHANGED_AXIS, quantity_member(change.concept)), (COMPARISON_AXIS, member))
    return Context(entity=change.entity, period=period, dimensions=dimensions)


def comparison(later: Period, earlier: Period) -> str | None:
    """The comparison member that names ``later`` against ``earlier``; None when none does."""
    compared = _comparison(later, earlier)
    return compared[1] if compared is not None else None


def change_concept(points: bool) -> str:
    return POINT_CHANGE if points else RELATIVE_CHANGE


def decode(concept: str, context: Context, taxonomy: Taxonomy) -> Change | None:
    """The change a fact states, or None when it is not a change fact (or names no known quantity)."""
    if concept not in CHANGE_CONCEPTS:
        return None
    quantity = taxonomy.axes[CHANGED_AXIS].member(context.member(CHANGED_AXIS) or "")
    member = context.member(COMPARISON_AXIS)
    if quantity is None or quantity.concept is None or member is None:
        return None
    periods = _levels(context.period, member)
    if periods is None:
        return None
    later, earlier = periods
    members = tuple((a, m) for a, m in context.dimensions if a not in (CHANGED_AXIS, COMPARISON_AXIS))
    return Change(quantity.concept, members, later, earlier, concept == POINT_CHANGE, context.entity)


def change_range(later: tuple[Decimal, int], earlier: tuple[Decimal, int], points: bool) -> tuple[Decimal, Decimal] | None:
    """The changes two printed levels (value, decimals) allow, each ± half its last printed unit.

    None when the change is undefined: relative to an earlier value that may be zero, or across a sign.
    """
    (lv, ld), (ev, ed) = later, earlier
    hl, he = Decimal(1).scaleb(-ld) / 2, Decimal(1).scaleb(-ed) / 2
    pairs = [(l, e) for l in (lv - hl, lv + hl) for e in (ev - he, ev + he)]
    if points:
        corners = [l - e for l, e in pairs]
    elif lv < 0 and ev < 0:
        corners = [(abs(l) - abs(e)) / abs(e) for l, e in pairs if e < 0]
    else:
        corners = [(l - e) / abs(e) for l, e in pairs if e and (e > 0) == (ev > 0)]
    return (min(corners), max(corners)) if corners and ev else None


def agrees(value: Decimal, decimals: int, allowed: tuple[Decimal, Decimal]) -> bool:
    """A change printed as ``value`` (± half its last unit) meets the range the levels allow."""
    half = Decimal(1).scaleb(-decimals) / 2
    low, high = allowed
    return value + half >= low and value - half <= high


# -- periods ----------------------------------------------------------------------------------------

def _comparison(later: Period, earlier: Period) -> tuple[Period, str] | None:
    if later.is_instant and earlier.is_instant:
        if earlier.end >= later.end:
            return None
        return Period.duration(earlier.end + dt.timedelta(days=1), later.end), PERIOD_START
    if later.is_instant or earlier.is_instant:
        return None
    if year_before(later) == earlier:
        return later, PRIOR_YEAR
    if preceding(later) == earlier:
        return later, PRIOR_PERIOD
    return None


def _levels(period: Period, member: str) -> tuple[Period, Period] | None:
    if period.is_instant:
        return None
    if member == PRIOR_YEAR:
        return period, year_before(period)
    if member == PRIOR_PERIOD:
        earlier = preceding(period)
        return (period, earlier) if earlier is not None else None
    if member == PERIOD_START:
        return Period.instant(period.end), Period.instant(period.day_before_start())
    return None
