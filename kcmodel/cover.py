"""Document metadata as cover facts, and back: one mapping both ways, so every format agrees.

The cover concepts mirror dei (the SEC's Document and Entity Information taxonomy); their
context is the document's reporting period, as dei facts are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from kcmodel.contexts import CIK_SCHEME, Context
from kcmodel.facts import Fact
from kcmodel.report import Document

# Document field -> cover concept.
FIELDS = {
    "source": "DocumentSourceFile",
    "title": "DocumentTitle",
    "document_type": "DocumentType",
    "period_end": "DocumentPeriodEndDate",
    "fiscal_year": "DocumentFiscalYearFocus",
    "fiscal_period": "DocumentFiscalPeriodFocus",
    "published": "DocumentPublicationDate",
    "entity_name": "EntityRegistrantName",
}
CIK_CONCEPT = "EntityCentralIndexKey"  # the entity's identifier, where its scheme is the SEC's CIK
COVER_CONCEPTS = frozenset(FIELDS.values()) | {CIK_CONCEPT}


def cover_facts(document: Document) -> list[Fact]:
    context = Context(entity=document.entity, period=document.period)
    values = {concept: getattr(document, field) for field, concept in FIELDS.items()}
    if document.entity.scheme == CIK_SCHEME:
        values[CIK_CONCEPT] = document.entity.identifier
    return [Fact(concept=concept, context=context, value=_value(value)) for concept, value in values.items() if value is not None]


def _value(value: object) -> str | dt.date:
    """A field as its cover fact holds it: dates stay dates, the rest is text (``FY``, ``2024``)."""
    if isinstance(value, dt.date):
        return value
    return value.value if isinstance(value, StrEnum) else str(value)


def document_from_cover(facts: Iterable[Fact]) -> Document:
    """The Document the cover facts describe (the entity is their contexts'); ValueError when one is missing."""
    by_concept = {f.concept: f for f in facts if f.concept in COVER_CONCEPTS}
    values: dict[str, object] = {}
    for field, concept in FIELDS.items():
        fact = by_concept.get(concept)
        if fact is not None:
            values[field] = fact.value
    if "DocumentPeriodEndDate" not in by_concept:
        raise ValueError("the instance has no DocumentPeriodEndDate cover fact")
    context = by_concept["DocumentPeriodEndDate"].context
    values["period_start"] = context.period.start
    values["entity"] = context.entity
    if "fiscal_year" in values:
        values["fiscal_year"] = int(str(values["fiscal_year"]))
    return Document.model_validate(values)
