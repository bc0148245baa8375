"""Findings are data: what a check found, how bad it is, and which facts and lines it concerns."""

from __future__ import annotations

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
