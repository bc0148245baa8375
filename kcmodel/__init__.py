"""kcmodel: Kingsoft Cloud results announcements as one validated, linked XBRL-style model.

The model's names are imported on first use: ``import kcmodel.cli`` stays light, so the command
line is ready to turn a Ctrl-C into one line before pydantic and the model are loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "Context": "contexts", "Entity": "contexts", "Period": "contexts",
    "KcError": "errors",
    "Fact": "facts", "FactRef": "facts", "Provenance": "facts", "Translation": "facts",
    "Finding": "findings", "Severity": "findings",
    "Dataset": "report", "Document": "report", "FiscalPeriod": "report", "Report": "report",
    "Concept": "taxonomy", "Taxonomy": "taxonomy",
    "Currency": "units", "Unit": "units",
}
__all__ = [
    "Concept", "Context", "Currency", "Dataset", "Document", "Entity", "Fact", "FactRef", "Finding", "FiscalPeriod",
    "KcError", "Period", "Provenance", "Report", "Severity", "Taxonomy", "Translation", "Unit",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'kcmodel' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kcmodel.{_HOMES[name]}"), name)


if TYPE_CHECKING:
    from kcmodel.contexts import Context, Entity, Period
    from kcmodel.errors import KcError
    from kcmodel.facts import Fact, FactRef, Provenance, Translation
    from kcmodel.findings import Finding, Severity
    from kcmodel.report import Dataset, Document, FiscalPeriod, Report
    from kcmodel.taxonomy import Concept, Taxonomy
    from kcmodel.units import Currency, Unit
