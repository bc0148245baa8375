"""Reports (one source document each) and the dataset (all reports merged)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator

from kcmodel.contexts import Entity, Period
from kcmodel.facts import Fact, FactRef
from kcmodel.findings import Finding, Severity
from kcmodel.layout import Table
from kcmodel.derived import fourth_quarters
from kcmodel.taxonomy import RATE_CONCEPT, Taxonomy


class FiscalPeriod(StrEnum):
    """The part of the fiscal year a document reports, spelled as dei's fiscal period focus
    (``dei:DocumentFiscalPeriodFocus``, which the cover concept mirrors). Kingsoft Cloud's fiscal
    year is the calendar year, so a period's length and last month say which it is."""

    FY = "FY"
    H1 = "H1"
    H2 = "H2"
    M9 = "M9"  # the nine months to September 30 (dei's M9)
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"

    @classmethod
    def of(cls, months: int, end: dt.date) -> FiscalPeriod:
        """The fiscal period of ``months`` months ending on ``end``; ValueError for a span no fiscal period names."""
        match months:
            case 12:
                return cls.FY
            case 9 if end.month == 9:
                return cls.M9
            case 6 if end.month in (6, 12):
                return cls.H1 if end.month == 6 else cls.H2
            case 3 if end.month % 3 == 0:
                return cls(f"Q{end.month // 3}")
        raise ValueError(f"{months} months to {end.isoformat()} is no fiscal period (FY, H1, H2, M9, Q1..Q4)")


class Document(BaseModel):
    """What the source document is. Written into every format as cover facts (see ``cover``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str  # the input file's name
    title: str | None = None
    document_type: str  # e.g. "Annual results announcement", "Earnings release"
    period_start: dt.date
    period_end: dt.date
    fiscal_year: int | None = None
    fiscal_period: FiscalPeriod | None = None
    published: dt.date | None = None
    entity: Entity  # who reports: the identifier every context of the report's facts carries
    entity_name: str  # the registrant's name, as the cover facts give it

    @property
    def period(self) -> Period:
        return Period.duration(self.period_start, self.period_end)


class Report(BaseModel):
    """The facts of one document; a fact's key (concept, context, unit) occurs once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: Document
    facts: tuple[Fact, ...]
    tables: tuple[Table, ...] = ()  # the source's layout, where the report was read from a document

    @model_validator(mode="after")
    def _coherent(self) -> Report:
        index: dict[FactRef, Fact] = {}
        for fact in self.facts:
            key = fact.key
            if key in index:
                raise ValueError(f"{fact.concept} {fact.context.period.key} {fact.unit} is reported twice: merge its provenance instead")
            index[key] = fact
        rates = [f for f in self.facts if f.concept == RATE_CONCEPT]
        if len(rates) > 1:
            raise ValueError(f"a document states one convenience-translation rate, found {len(rates)}")
        for fact in self.facts:
            if fact.translation is None:
                continue
            for ref, what in ((fact.translation.source, "RMB fact"), (fact.translation.rate, "rate fact")):
                if ref not in index:
                    raise ValueError(f"{fact.concept} {fact.context.period.key}: its {what} is not in the report")
        return self

    @property
    def id(self) -> str:
        """The report's stable, readable name: kc-2024-FY, kc-2025-H1, kc-2024-Q3 (the same in every output)."""
        document = self.document
        period = document.fiscal_period.value if document.fiscal_period else document.period_end.isoformat()
        return f"kc-{document.fiscal_year or document.period_end.year}-{period}"

    @functools.cached_property
    def index(self) -> dict[tuple, Fact]:
        """Facts by (concept, context, unit). A Report is immutable: build a new one, never model_copy its facts."""
        return {(fact.concept, fact.context, fact.unit): fact for fact in self.facts}

    @property
    def rate(self) -> Fact | None:
        """The convenience-translation rate fact (CNY per USD), if the document states one."""
        return next((f for f in self.facts if f.concept == RATE_CONCEPT), None)

    def as_reported(self) -> Report:
        """What the document reported, as XBRL and OIM carry it: no layout, no derived facts, and a US$
        fact whose RMB source kcmodel derived keeps its printed value without the translation link.
        Made once per report: every format asks for it."""
        return self._reported

    @functools.cached_property
    def _reported(self) -> Report:
        if not any(f.derived for f in self.facts):
            return self if not self.tables else Report(document=self.document, facts=self.facts)
        derived = {f.key for f in self.facts if f.derived}
        facts = tuple(f.model_copy(update={"translation": None}) if f.translation and f.translation.source in derived else f
                      for f in self.facts if not f.derived)
        return Report(document=self.document, facts=facts)

    def fact(self, ref: FactRef) -> Fact | None:
        return self.index.get((ref.concept, ref.context, ref.unit))


class Dataset(BaseModel):
    """Reports merged: the same fact from several reports is one fact with several provenances."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reports: tuple[Report, ...]

    @functools.cached_property
    def _merged(self) -> tuple[tuple[Fact, ...], tuple[Finding, ...]]:
        return merge(self.reports)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return self._merged[0]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Facts the reports print with different values (the later value stands in ``facts``)."""
        return self._merged[1]

    @functools.cached_property
    def chronological(self) -> tuple[Report, ...]:
        return tuple(chronological(self.reports))

    @functools.cached_property
    def derived(self) -> tuple[Fact, ...]:
        """What kcmodel derives across the reports, once: fourth quarters (year − nine months) no report
        prints, and the RMB sources reports derived for printed US$ figures that no report prints."""
        out: dict[FactRef, Fact] = {}
        for fact in [*fourth_quarters(self.facts, self.taxonomy), *(f for f in self.facts if f.derived)]:
            out.setdefault(fact.key, fact)
        return tuple(sorted(out.values(), key=_order))

    @property
    def taxonomy(self) -> Taxonomy:
        return Taxonomy.load()


def _order(fact: Fact) -> tuple:
    return (fact.concept, fact.context.period.key, fact.context.dimensions, str(fact.unit))


def chronological(reports: Iterable[Report]) -> list[Report]:
    """Oldest first — by publication, else period end, then source — the order in which a later report's value stands."""
    return sorted(reports, key=lambda r: (r.document.published or r.document.period_end, r.document.source))


def merge(reports: Iterable[Report]) -> tuple[tuple[Fact, ...], tuple[Finding, ...]]:
    """Merge facts by key. A later document's value stands; a differing earlier one is a finding.

    A US$ translation is keyed by its rate fact too: the same balance translated at two reports'
    rates is two convenience translations, not a conflict. A derived fact (an RMB amount kcmodel
    computed as the source of a printed US$ figure) gives way to the same fact printed anywhere.
    """
    ordered = chronological(reports)
    merged: dict[tuple[FactRef, FactRef | None], Fact] = {}
    findings: list[Finding] = []
    for report in ordered:
        for fact in report.facts:
            key = (fact.key, fact.translation.rate if fact.translation else None)
            known = merged.get(key)
            if known is None or (known.derived and not fact.derived):
                merged[key] = fact  # a printed figure stands over a derived one (kcmodel's arithmetic, not a report's)
            elif fact.derived and not known.derived:
                continue
            elif known.value == fact.value:
                merged[key] = known.with_provenance(*fact.provenance)
            else:
                findings.append(_conflict(known, fact))
                merged[key] = fact
    return tuple(merged.values()), tuple(findings)


def _conflict(earlier: Fact, later: Fact) -> Finding:
    return Finding(
        code="conflicting-values",
        severity=Severity.warning,
        message=(
            f"{later.concept} {later.context.period.key} {later.unit}: {earlier.value} in an earlier report, "
            f"{later.value} in a later one (the later value is kept)"
        ),
        facts=(later.key,),
        lines=(*earlier.provenance, *later.provenance),
    )
