"""Units of measure (docs/conventions.md §2) as typed values: a currency, shares or pure, alone or
one over another.

A unit says what kind of quantity it measures (``money(CNY)``, ``per_share(USD)``, ``rate(CNY, USD)``,
``SHARES``, ``PURE``), so code asks ``unit.currency is Currency.CNY`` or ``unit.kind``, never the text of a
measure. The QNames XBRL writes (``iso4217:CNY``, ``xbrli:shares``) are made in one place,
:attr:`Currency.qname` / :attr:`Measure.qname`, and read back by :func:`measure_of`.
"""

from __future__ import annotations

import functools
from enum import Enum, StrEnum

from pydantic import BaseModel, ConfigDict

from kcmodel.hashing import SLOT, hashed_once

MEASURE_NAMESPACES = {
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "xbrli": "http://www.xbrl.org/2003/instance",
}


class Currency(StrEnum):
    """The ISO 4217 currencies Kingsoft Cloud reports in, each with its role (docs/conventions.md §2, §4).

    A closed set on purpose: every currency has a meaning in the rules (RMB is the reporting
    currency that calculations sum, US$ the convenience translation checked against the rate, HK$
    the Hong Kong listing's amounts, never translated). An amount in another currency would fall
    outside every rule, so readers refuse it with its file and line (:func:`measure_of`); adding a
    currency is a member here and its words in the outputs."""

    CNY = "CNY"  # Renminbi: the reporting currency
    USD = "USD"  # US dollar: convenience translations of RMB amounts
    HKD = "HKD"  # Hong Kong dollar: amounts of the Hong Kong listing (offer prices)

    @property
    def qname(self) -> str:
        return f"iso4217:{self.value}"

    @property
    def symbol(self) -> str:
        """How the announcements print it, before an amount or above a column: RMB, US$, HK$."""
        return _SYMBOLS[self]


_SYMBOLS = {Currency.CNY: "RMB", Currency.USD: "US$", Currency.HKD: "HK$"}


class Measure(Enum):
    """The XBRL measures that are not currencies."""

    shares = "xbrli:shares"
    pure = "xbrli:pure"

    @property
    def qname(self) -> str:
        return self.value


Measurement = Currency | Measure


class Unit(BaseModel):
    """A simple unit (``numerator`` only) or a divide unit ``numerator / denominator``.

    Units key every fact index, so hashing and equality use the two measures directly (enum members
    are singletons: equality is identity)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    __slots__ = (SLOT,)  # the hash, once made (kcmodel.hashing)

    numerator: Measurement
    denominator: Measurement | None = None

    def __hash__(self) -> int:
        return hashed_once(self, lambda: (self.numerator, self.denominator))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and self.numerator is other.numerator and self.denominator is other.denominator

    @property
    def currency(self) -> Currency | None:
        """The currency of an amount (a simple currency unit); None for every other unit."""
        return self.numerator if self.denominator is None and isinstance(self.numerator, Currency) else None

    @property
    def per_share_currency(self) -> Currency | None:
        """The currency of a per-share amount (currency / shares); None for every other unit."""
        if self.denominator is Measure.shares and isinstance(self.numerator, Currency):
            return self.numerator
        return None

    @property
    def is_rate(self) -> bool:
        """A currency per currency: an exchange rate."""
        return isinstance(self.numerator, Currency) and isinstance(self.denominator, Currency)

    @property
    def currencies(self) -> tuple[Currency, ...]:
        """The currencies the unit is measured in, numerator first."""
        return tuple(m for m in (self.numerator, self.denominator) if isinstance(m, Currency))

    def in_currency(self, currency: Currency) -> Unit:
        """The same kind of unit with ``currency`` as numerator: an amount's or per-share amount's twin in another currency."""
        return unit_of(currency, self.denominator)

    @property
    def id(self) -> str:
        """A stable, readable identifier: ``CNY``, ``USD-per-shares``, ``CNY-per-USD``."""
        return "-per-".join(m.qname.split(":", 1)[1] for m in (self.numerator, self.denominator) if m is not None)

    def __str__(self) -> str:
        """The unit as OIM and messages write it: ``iso4217:CNY``, ``iso4217:CNY/xbrli:shares``."""
        return self.numerator.qname if self.denominator is None else f"{self.numerator.qname}/{self.denominator.qname}"


def unit_of(numerator: Measurement, denominator: Measurement | None = None) -> Unit:
    """The unit of these measures, one object per unit however many facts are read in it."""
    return _unit(numerator, denominator)


@functools.cache
def _unit(numerator: Measurement, denominator: Measurement | None) -> Unit:
    return Unit(numerator=numerator, denominator=denominator)


def money(currency: Currency) -> Unit:
    """An amount in ``currency``."""
    return unit_of(currency)


def per_share(currency: Currency) -> Unit:
    """An amount in ``currency`` per share."""
    return unit_of(currency, Measure.shares)


def rate(numerator: Currency, denominator: Currency) -> Unit:
    """An exchange rate: units of ``numerator`` per unit of ``denominator``."""
    return unit_of(numerator, denominator)


def measure_of(prefix: str, local: str) -> Measurement:
    """The measure a QName names, given the prefix of its namespace in ``MEASURE_NAMESPACES``;
    ValueError, in one line, for a measure kcmodel does not take."""
    if prefix == "iso4217":
        try:
            return Currency(local)
        except ValueError:
            raise ValueError(f"currency iso4217:{local} is not one kcmodel reports in "
                             f"({', '.join(c.value for c in Currency)})") from None
    try:
        return Measure(f"{prefix}:{local}")
    except ValueError:
        raise ValueError(f"measure {prefix}:{local} is not one kcmodel uses (xbrli:shares, xbrli:pure)") from None


CNY = money(Currency.CNY)
USD = money(Currency.USD)
HKD = money(Currency.HKD)
SHARES = unit_of(Measure.shares)
PURE = unit_of(Measure.pure)
CNY_PER_SHARE = per_share(Currency.CNY)
USD_PER_SHARE = per_share(Currency.USD)
CNY_PER_USD = rate(Currency.CNY, Currency.USD)
