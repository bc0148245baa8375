"""Units of measure (docs/conventions.md §2), as prefixed measure names."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

MEASURE_NAMESPACES = {
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "xbrli": "http://www.xbrl.org/2003/instance",
}


class Unit(BaseModel):
    """A simple unit (``numerator`` only) or a divide unit ``numerator / denominator``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    numerator: str
    denominator: str | None = None

    def __hash__(self) -> int:
        return hash((self.numerator, self.denominator))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and (self.numerator, self.denominator) == (other.numerator, other.denominator)

    @property
    def currency(self) -> str | None:
        """The ISO 4217 code of a simple currency unit."""
        if self.denominator is None and self.numerator.startswith("iso4217:"):
            return self.numerator.removeprefix("iso4217:")
        return None

    @property
    def id(self) -> str:
        """A stable, readable identifier: ``CNY``, ``USD-per-shares``, ``CNY-per-USD``."""
        local = [m.split(":", 1)[1] for m in (self.numerator, self.denominator) if m]
        return "-per-".join(local)

    def __str__(self) -> str:
        return self.numerator if self.denominator is None else f"{self.numerator}/{self.denominator}"


CNY = Unit(numerator="iso4217:CNY")
USD = Unit(numerator="iso4217:USD")
SHARES = Unit(numerator="xbrli:shares")
PURE = Unit(numerator="xbrli:pure")
CNY_PER_SHARE = Unit(numerator="iso4217:CNY", denominator="xbrli:shares")
USD_PER_SHARE = Unit(numerator="iso4217:USD", denominator="xbrli:shares")
CNY_PER_USD = Unit(numerator="iso4217:CNY", denominator="iso4217:USD")
