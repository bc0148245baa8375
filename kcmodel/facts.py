"""Facts: one reported value of a concept in a context, with where it was printed.

Construction enforces what an XBRL processor would reject later, so a bad fact fails where it is
made, with a message naming the concept: floats, numbers without decimals and, checked against the
taxonomy its maker holds (:meth:`Fact.checked`), unknown or abstract concepts, a period of the wrong
type, a unit that does not fit the concept's type, dimensions no hypercube allows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from kcmodel.contexts import Context
from kcmodel.hashing import SLOT, hashed_once, kept
from kcmodel.taxonomy import RATE_CONCEPT, Concept, ItemType, PeriodType, Taxonomy
from kcmodel.units import PURE, SHARES, Currency, Unit


_TAXONOMY = "taxonomy"  # the validation context's key for the taxonomy a fact is checked against


_last_context: dict[str, Taxonomy] = {}


def _context(taxonomy: Taxonomy) -> dict[str, Taxonomy]:
    """The validation context that checks facts against ``taxonomy``. The last one is reused: facts
    are made by the thousand against one taxonomy (immutable, and unhashable, so kept by identity)."""
    global _last_context
    if _last_context.get(_TAXONOMY) is not taxonomy:
        _last_context = {_TAXONOMY: taxonomy}
    return _last_context


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(_Value):
    """Where a figure was printed: the source document, its 1-based line, the row and the cell.

    ``line`` is the file line for text and HTML (the element's source line) and the line on its
    page for PDF. HTML adds the table, row and cell (1-based, as in the source); PDF adds the page
    and the figure's box (x0, top, x1, bottom in points from the page's top-left corner).
    """

    document: str
    line: int = Field(ge=1)
    label: str
    text: str
    page: int | None = Field(default=None, ge=1)
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    cell: int | None = Field(default=None, ge=1)
    box: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    sentence: str | None = None  # prose: the sentence the figure is printed in (no more prose than that)
    span: tuple[int, int] | None = None  # prose: where ``text`` stands in ``sentence`` (start, end)

    def __str__(self) -> str:
        if self.page is not None:
            return f"{self.document}:p{self.page}:{self.line}"
        return f"{self.document}:{self.line}"

    @model_validator(mode="after")
    def _span_in_sentence(self) -> Provenance:
        if (self.sentence is None) != (self.span is None):
            raise ValueError("a prose figure names its sentence and its span in it, or neither")
        if self.span is not None and self.sentence[self.span[0]:self.span[1]] != self.text:
            raise ValueError(f"the span {self.span} of the sentence is not the figure {self.text!r}")
        return self

    @property
    def place(self) -> str:
        """The location in words, for people: 'line 12', 'page 3, line 12', 'line 40 (table 2, row 5, cell 3)'."""
        where = f"page {self.page}, line {self.line}" if self.page is not None else f"line {self.line}"
        parts = [f"{name} {value}" for name, value in (("table", self.table), ("row", self.row), ("cell", self.cell))
                 if value is not None]
        return f"{where} ({', '.join(parts)})" if parts else where


class FactRef(_Value):
    """The aspects that identify a fact within a report (its key)."""

    __slots__ = (SLOT,)  # the hash, once made (kcmodel.hashing)

    concept: str
    context: Context
    unit: Unit | None = None

    def __hash__(self) -> int:
        return hashed_once(self, lambda: (self.concept, self.context, self.unit))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactRef) and (self.concept, self.context, self.unit) == (other.concept, other.context, other.unit)


class Translation(_Value):
    """A US$ convenience translation: the RMB fact it translates and the rate fact it used."""

    source: FactRef
    rate: FactRef


def _expected_units(concept: Concept) -> str:
    return {
        ItemType.monetary: "a currency (iso4217:XXX)",
        ItemType.perShare: "a currency per share (iso4217:XXX/xbrli:shares)",
        ItemType.shares: str(SHARES),
        ItemType.percent: str(PURE),
        ItemType.count: str(PURE),
        ItemType.rate: "a currency per currency (iso4217:XXX/iso4217:YYY)",
    }[concept.type]


def _unit_fits(concept: Concept, unit: Unit) -> bool:
    match concept.type:
        case ItemType.monetary:
            return unit.currency is not None
        case ItemType.perShare:
            return unit.per_share_currency is not None
        case ItemType.shares:
            return unit == SHARES
        case ItemType.percent | ItemType.count:
            return unit == PURE
        case ItemType.rate:
            return unit.is_rate
    return False


class Duplicate(_Value):
    """The fact printed again at a coarser precision: 'RMB2,349.2 million' in prose (decimals -5) for a
    table's 2,349,227 thousand (-3). XBRL calls it a consistent duplicate (XBRL 2.1 §4.10, Duplicate
    Facts 1.0): a second fact of the same concept, context and unit whose value interval
    (value ± ½·10^-decimals) meets the fact's. Formats write it as a fact of its own; the model keeps
    it with the fact it repeats, so a report still holds one fact per key."""

    value: Decimal
    decimals: int
    provenance: tuple[Provenance, ...] = ()


def _interval(value: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    half = Decimal(1).scaleb(-decimals) / 2
    return value - half, value + half


def consistent(value: Decimal, decimals: int, other: Decimal, other_decimals: int) -> bool:
    """Two printings of one quantity agree: their intervals meet (and at equal decimals, equal values)."""
    if decimals == other_decimals:
        return value == other
    (a, b), (c, d) = _interval(value, decimals), _interval(other, other_decimals)
    return a <= d and c <= b


class Fact(_Value):
    """A value with its concept, context and unit. ``value`` None means nil; a date concept's value is
    a ``datetime.date``, a text concept's a ``str``, a numeric concept's a ``Decimal``.

    ``Fact(...)`` checks what the fact shows by itself (exact values, decimals with numbers only, a
    translation's shape, duplicates). :meth:`checked` also checks it against the taxonomy its maker
    holds: every reader makes its facts that way, so the taxonomy is the one the reader was given."""

    __slots__ = ("__key_once__",)  # the fact's key, once made (see key)

    concept: str
    context: Context
    unit: Unit | None = None
    value: Decimal | dt.date | str | None
    decimals: int | None = None
    provenance: tuple[Provenance, ...] = ()
    translation: Translation | None = None
    derived: bool = False  # computed by kcmodel, never printed: not exported as reported
    addends: tuple[FactRef, ...] = ()  # a derived sum's printed parts (Q1 + Q2 for a six-month RMB source)
    duplicates: tuple[Duplicate, ...] = ()  # the fact printed again at coarser precisions (prose)

    @classmethod
    def checked(cls, taxonomy: Taxonomy, **fields: Any) -> Fact:
        """The fact of ``fields``, also checked against ``taxonomy``: what an XBRL processor would refuse
        with that taxonomy (an unknown or abstract concept, a period or unit of the wrong type, dimensions
        no hypercube allows, a value of the wrong kind) fails here, naming the concept."""
        return cls.__pydantic_validator__.validate_python(fields, context=_context(taxonomy))

    @field_validator("value", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a fact value cannot be a boolean")
        if isinstance(value, float):
            raise ValueError(f"float value {value!r}: values are exact decimals; pass a Decimal or a string")
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"value {value} is not a finite number")
        if isinstance(value, dt.datetime):
            raise ValueError(f"value {value} has a time of day: a date fact is a date")
        return value

    @model_validator(mode="after")
    def _valid(self, info: ValidationInfo) -> Fact:
        if info.context is not None and _TAXONOMY in info.context:
            self._fits(info.context[_TAXONOMY])
        value = self.value
        if value is None:
            if self.decimals is not None:
                raise ValueError(f"{self.concept}: a nil fact has no decimals")
        elif isinstance(value, Decimal):
            if self.unit is None:
                raise ValueError(f"{self.concept}: a numeric value needs a unit")
            if self.decimals is None:
                raise ValueError(f"{self.concept}: a numeric value needs decimals")
        elif self.unit is not None or self.decimals is not None:
            raise ValueError(f"{self.concept}: a text or date value takes neither unit nor decimals")
        if self.translation is not None:
            self._check_translation()
        if self.duplicates:
            self._check_duplicates()
        return self

    def _fits(self, taxonomy: Taxonomy) -> None:
        concept = taxonomy.concepts.get(self.concept)
        if concept is None:
            raise ValueError(f"unknown concept {self.concept!r}: the kc taxonomy does not define it")
        if concept.kind != "item" or concept.abstract:
            raise ValueError(f"{self.concept} is abstract: it cannot carry a value")
        instant = concept.period is PeriodType.instant
        if instant != self.context.period.is_instant:
            wanted = "an instant" if instant else "a duration"
            raise ValueError(f"{self.concept} is {concept.period.value}: it needs {wanted} period, not {self.context.period.key}")
        self._check_dimensions(taxonomy)
        if concept.numeric:
            self._check_numeric(concept)
        else:
            self._check_text(concept)

    def _check_duplicates(self) -> None:
        if not isinstance(self.value, Decimal) or self.decimals is None:
            raise ValueError(f"{self.concept}: only a numeric fact with decimals is printed again as a duplicate")
        for duplicate in self.duplicates:
            if duplicate.decimals >= self.decimals:
                raise ValueError(f"{self.concept}: a duplicate is printed at a coarser precision than its fact "
                                 f"(decimals {duplicate.decimals}, the fact's {self.decimals})")
            if not consistent(self.value, self.decimals, duplicate.value, duplicate.decimals):
                raise ValueError(f"{self.concept}: {duplicate.value} (decimals {duplicate.decimals}) is not a consistent "
                                 f"duplicate of {self.value} (decimals {self.decimals})")
        if len({d.decimals for d in self.duplicates}) != len(self.duplicates):
            raise ValueError(f"{self.concept}: one duplicate per precision (merge their provenance)")

    def occurrences(self) -> list[Fact]:
        """The fact, then each duplicate as a fact of its own: what an instance holds (most precise first)."""
        copies = [Fact.model_construct(**{**dict(self), "value": d.value, "decimals": d.decimals, "provenance": d.provenance,
                                          "translation": None, "duplicates": ()})
                  for d in sorted(self.duplicates, key=lambda d: -d.decimals)]
        return [self.model_copy(update={"duplicates": ()}) if self.duplicates else self, *copies]

    def _check_dimensions(self, taxonomy: Taxonomy) -> None:
        for axis, member in self.context.dimensions:
            if axis not in taxonomy.axes:
                raise ValueError(f"{self.concept}: unknown axis {axis}")
            if taxonomy.axes[axis].member(member) is None:
                raise ValueError(f"{self.concept}: {member} is not a member of {axis} (the domain is implied)")
        if not taxonomy.dimensions_allowed(self.concept, self.context.axes):
            raise ValueError(f"{self.concept}: no hypercube allows the axes {sorted(self.context.axes)}")

    def _check_numeric(self, concept: Concept) -> None:
        if self.unit is None:
            raise ValueError(f"{self.concept} is numeric: it needs a unit ({_expected_units(concept)})")
        if not _unit_fits(concept, self.unit):
            raise ValueError(f"{self.concept} is {concept.type.value}: its unit must be {_expected_units(concept)}, not {self.unit}")
        if isinstance(self.value, str):
            raise ValueError(f"{self.concept} is numeric: its value must be a Decimal, not the text {self.value!r}")
        if isinstance(self.value, dt.date):
            raise ValueError(f"{self.concept} is numeric: its value must be a Decimal, not the date {self.value}")

    def _check_text(self, concept: Concept) -> None:
        if self.unit is not None or self.decimals is not None:
            raise ValueError(f"{self.concept} is {concept.type.value}: it takes neither unit nor decimals")
        if isinstance(self.value, Decimal):
            raise ValueError(f"{self.concept} is {concept.type.value}: its value is text, not a number")
        is_date = concept.type is ItemType.date
        if self.value is not None and is_date != isinstance(self.value, dt.date):
            wanted = "a date" if is_date else "text"
            raise ValueError(f"{self.concept} is {concept.type.value}: its value is {wanted}, not {self.value!r}")

    def _check_translation(self) -> None:
        source = self.translation.source
        if not self.in_usd:
            raise ValueError(f"{self.concept}: only a US$ amount is a convenience translation")
        if (source.concept, source.context) != (self.concept, self.context):
            raise ValueError(f"{self.concept}: a translation has the concept and context of its RMB fact")
        if source.unit != self.unit.in_currency(Currency.CNY):
            raise ValueError(f"{self.concept}: the translated fact must be the same amount in RMB")
        if self.translation.rate.concept != RATE_CONCEPT:
            raise ValueError(f"{self.concept}: the rate of a translation is a {RATE_CONCEPT} fact")

    @property
    def text(self) -> str | None:
        """A text or date fact's value as every format writes it: the text, or the date as ``xs:date``
        (``2024-12-31``); None for a number or nil."""
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        return self.value if isinstance(self.value, str) else None

    @property
    def in_usd(self) -> bool:
        """Measured in US$: an amount, a per-share amount, or the rate (RMB per US$)."""
        return self.unit is not None and Currency.USD in self.unit.currencies

    @property
    def key(self) -> FactRef:
        """The fact's aspects, made once per fact (in a slot: model_copy, whose copy may have another
        context, does not carry it over) and without re-validating: its parts are this fact's, valid."""
        return kept(self, "__key_once__", lambda: FactRef.model_construct(concept=self.concept, context=self.context,
                                                                         unit=self.unit))

    def with_provenance(self, *more: Provenance) -> Fact:
        """The same fact, also printed at ``more`` (duplicates dropped, order kept)."""
        merged = tuple(dict.fromkeys((*self.provenance, *more)))
        return self.model_copy(update={"provenance": merged})


def fold_duplicates(facts: list[Fact]) -> list[Fact]:
    """Facts as an instance lists them (a key may repeat) folded into the model's: per key, the most
    precise is the fact and the others its duplicates; first appearance keeps the order."""
    groups: dict[FactRef, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.key, []).append(fact)
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        ordered = sorted(group, key=lambda f: -(f.decimals if f.decimals is not None else 99))
        main, rest = ordered[0], ordered[1:]
        out.append(Fact.model_validate({**dict(main), "duplicates": tuple(
            Duplicate(value=f.value, decimals=f.decimals, provenance=f.provenance) for f in rest)}))
    return out
