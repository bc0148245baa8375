"""The lexical forms of numeric facts as XBRL writes them, read strictly and with bounds.

A value is an ``xs:decimal``: an optional sign, ASCII digits with at most one decimal point, no
exponent, no underscores, no other digits, surrounded by XML whitespace at most (the type's
whitespace facet is *collapse*). Python's ``Decimal()`` accepts far more (``7.78518E9``,
``7_785_180_000``, ``７７８５``, ``1E999999999``, whose text is short but whose value is a billion
digits long), so it only ever sees text that matched. A value has at most ``MAX_DIGITS`` digits:
XML Schema leaves the supported precision to the processor (at least 18 digits), and kcmodel's
arithmetic is exact to 28.

A date fact's value is an ``xs:date`` without a time zone, ``2024-12-31``: what kcmodel writes
(``datetime.date.isoformat``) and reads back as a ``datetime.date``.

``decimals`` is an ``xs:integer`` or ``INF`` (XBRL 2.1 §4.6.5); kcmodel takes integers of at most
``MAX_DECIMALS`` in magnitude, so ``10^-decimals`` and the intervals built from it stay small.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

MAX_DIGITS = 28  # the precision of Python's default decimal context, which kcmodel's arithmetic uses
MAX_DECIMALS = 100  # real reports use -9..10; a bound keeps 10^-decimals within a few hundred digits

_WHITESPACE = " \t\n\r"  # XML whitespace: what the collapse facet removes around a value
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHOWN = 40  # characters of a refused value a message repeats


def shown(text: str) -> str:
    """``text`` for a message: its repr, cut short (the message of a 60 MB value is one line)."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}… ({len(text)} characters)"


def parse_decimal(text: str) -> Decimal:
    """The exact Decimal of ``xs:decimal`` text of at most ``MAX_DIGITS`` digits, or ValueError."""
    core = text.strip(_WHITESPACE)
    if not _DECIMAL.fullmatch(core):
        raise ValueError(f"{shown(text)} is not an xs:decimal (ASCII digits with an optional sign and point; no exponent)")
    digits = len(core) - (core[0] in "+-") - ("." in core)
    if digits > MAX_DIGITS:
        raise ValueError(f"{shown(text)} has {digits} digits: kcmodel takes at most {MAX_DIGITS}")
    return Decimal(core)


def parse_decimals(text: str) -> int:
    """The integer of a ``decimals`` attribute or cell, bounded, or ValueError (also for ``INF``,
    which no kcmodel fact has: its values are all rounded)."""
    core = text.strip(_WHITESPACE)
    if core == "INF":
        raise ValueError("decimals INF is not used by kcmodel")
    if not _INTEGER.fullmatch(core):
        raise ValueError(f"decimals {shown(text)} is not an integer or INF")
    if len(core.lstrip("+-").lstrip("0")) > len(str(MAX_DECIMALS)):  # out of range, and never a long int()
        raise ValueError(f"decimals {shown(text)} is out of range: kcmodel takes -{MAX_DECIMALS} to {MAX_DECIMALS}")
    return check_decimals(int(core))


def check_decimals(value: int) -> int:
    """``value`` if kcmodel takes it as ``decimals``, else ValueError."""
    if not -MAX_DECIMALS <= value <= MAX_DECIMALS:
        raise ValueError(f"decimals {shown(str(value))} is out of range: kcmodel takes -{MAX_DECIMALS} to {MAX_DECIMALS}")
    return value


def parse_date(text: str) -> dt.date:
    """The date of ``xs:date`` text ``YYYY-MM-DD`` (no time zone: kcmodel's dates are days), or ValueError."""
    core = text.strip(_WHITESPACE)
    if _DATE.fullmatch(core):
        try:
            return dt.date.fromisoformat(core)
        except ValueError:
            pass
    raise ValueError(f"{shown(text)} is not a date (YYYY-MM-DD)")
