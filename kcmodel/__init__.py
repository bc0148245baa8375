"""kcmodel: Kingsoft Cloud results announcements as one validated, linked XBRL-style model."""

from kcmodel.contexts import Context, Entity, Period
from kcmodel.errors import KcError
from kcmodel.facts import Fact, FactRef, Provenance, Translation
from kcmodel.findings import Finding, Severity
from kcmodel.report import Dataset, Document, FiscalPeriod, Report
from kcmodel.taxonomy import Concept, Taxonomy
from kcmodel.units import Currency, Unit

__all__ = [
    "Concept", "Context", "Currency", "Dataset", "Document", "Entity", "Fact", "FactRef", "Finding", "FiscalPeriod",
    "KcError", "Period", "Provenance", "Report", "Severity", "Taxonomy", "Translation", "Unit",
]
