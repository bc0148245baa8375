"""Entity, period and context: where and when a fact is true.

Dates are inclusive ``datetime.date``s everywhere in the model: a duration runs from its first
day to its last day (Q3 2024 is 2024-07-01..2024-09-30), which is how XBRL 2.1 reads a date-only
``endDate``. Formats whose periods are half-open (OIM, RDF ranges) convert at their edge.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from kcmodel.hashing import SLOT, hashed_once

CIK_SCHEME = "http://www.sec.gov/CIK"  # the SEC's Central Index Key, the scheme of a registrant's identifier


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Entity(_Value):
    """Who reports: an identifier in a scheme (docs/conventions.md §2). The document names it
    (``Document.entity``); every context of its facts carries it."""

    __slots__ = (SLOT,)  # the hash, once made (kcmodel.hashing)

    scheme: str
    identifier: str

    def __hash__(self) -> int:
        return hashed_once(self, lambda: (self.scheme, self.identifier))


class Period(_Value):
    """An instant (``start`` is None) or a duration ``start``..``end``, both days included."""

    __slots__ = (SLOT,)  # the hash, once made (kcmodel.hashing)

    start: dt.date | None = None
    end: dt.date

    def __hash__(self) -> int:
        return hashed_once(self, lambda: (self.start, self.end))

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start is not None and self.start > self.end:
            raise ValueError(f"a period cannot start ({self.start}) after it ends ({self.end})")
        return self

    @classmethod
    def instant(cls, day: dt.date) -> Period:
        return cls(end=day)

    @classmethod
    def duration(cls, start: dt.date, end: dt.date) -> Period:
        return cls(start=start, end=end)

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def key(self) -> str:
        """A readable, sortable token: ``2024-12-31`` or ``2024-01-01_2024-12-31``."""
        return self.end.isoformat() if self.start is None else f"{self.start.isoformat()}_{self.end.isoformat()}"

    def day_before_start(self) -> dt.date:
        """The instant of a balance 'at beginning of period' (docs/conventions.md §2)."""
        if self.start is None:
            raise ValueError("an instant has no beginning")
        return self.start - dt.timedelta(days=1)


class Context(_Value):
    """Entity, period and explicit dimensions, kept sorted by axis so equal contexts compare equal."""

    __slots__ = (SLOT,)  # the hash, once made (kcmodel.hashing)

    entity: Entity
    period: Period
    dimensions: tuple[tuple[str, str], ...] = ()

    def _flat(self) -> tuple:
        return (self.entity.scheme, self.entity.identifier, self.period.start, self.period.end, self.dimensions)

    # contexts key every index: compare and hash one flat tuple, not pydantic's nested fields
    def __hash__(self) -> int:
        return hashed_once(self, self._flat)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Context) and self._flat() == other._flat()

    @field_validator("dimensions", mode="before")
    @classmethod
    def _sorted(cls, value: object) -> object:
        if isinstance(value, dict):
            value = tuple(value.items())
        if isinstance(value, (list, tuple)):
            pairs = tuple(sorted(tuple(p) for p in value))
            axes = [a for a, _ in pairs]
            if len(set(axes)) != len(axes):
                raise ValueError(f"an axis appears twice in one context: {axes}")
            return pairs
        return value

    @property
    def axes(self) -> set[str]:
        return {axis for axis, _ in self.dimensions}

    def member(self, axis: str) -> str | None:
        return dict(self.dimensions).get(axis)
