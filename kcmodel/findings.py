"""Findings are data: what a check found, how bad it is, and which facts and lines it concerns."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from kcmodel.facts import FactRef, Provenance


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    message: str
    facts: tuple[FactRef, ...] = ()
    lines: tuple[Provenance, ...] = ()

    def __str__(self) -> str:
        where = str(self.lines[0]) if self.lines else "-"
        return f"{where}: {self.severity.value}: {self.code}: {self.message}"

    def to_json(self) -> dict:
        """The documented JSON form (see README, 'Findings'): stable keys, stable order."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "facts": [{"concept": f.concept, "period": f.context.period.key,
                       "dimensions": {a: m for a, m in f.context.dimensions},
                       "unit": str(f.unit) if f.unit else None} for f in self.facts],
            "lines": [p.model_dump(mode="json", exclude_none=True) for p in self.lines],
        }


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, worst first: what every summary of findings prints."""
    tally = dict.fromkeys((s.value for s in Severity), 0)
    for finding in findings:
        tally[finding.severity.value] += 1
    return tally
