"""The ledger: every figure printed in a table, and the fact it became or why it was not taken."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from kcmodel.facts import FactRef, Provenance


class Reason(StrEnum):
    """Why a printed figure is not a fact."""

    note_reference = "note-reference"  # a number in the notes column
    derived_ratio = "derived-ratio"  # a change or share-of-total percentage, computed from other figures
    unmapped_label = "unmapped-label"  # the row's label names no concept the taxonomy knows
    unlabelled_row = "unlabelled-row"  # a row without label that adds up to nothing above it
    damaged_row = "damaged-row"  # the row's cells do not fit the columns and no evidence settles them
    no_period = "no-period"  # no period is found for it: its column names none, or its sentence
    period_mismatch = "period-mismatch"  # an instant column for a duration concept (or the reverse)
    missing_rmb_source = "missing-rmb-source"  # a US$ figure whose RMB figure the document does not print
    missing_rate = "missing-rate"  # a US$ figure in a document that states no rate
    conflicting_duplicate = "conflicting-duplicate"  # the same fact printed again with another value
    unread_sentence = "unread-sentence"  # prose the reader could not read (a list of figures set as a sentence)
    unreadable_figure = "unreadable-figure"  # printed as a figure ('1,2,3', '(12', '1.812.692') but reads as none
    misprinted = "misprinted"  # a prose amount printed without what fixes its size ('RMB265.1' without 'million')
    taxonomy_refuses = "taxonomy-refuses"  # read whole, but the concept takes no such period, unit or members
    # prose (issue 11): figures of the narrative that are not facts
    date = "date"  # 'June 30, 2025', 'August 20, 2025'
    time = "time"  # '7:15 A.M.'
    phone_number = "phone-number"  # '+86 (10) 6292-7777'
    not_company_quantity = "not-a-company-quantity"  # a year, a rule or form number, an address, a tax rate of a law
    inexact_bound = "inexact-bound"  # 'over 120%', 'approximately US$291.9 million': recorded with its bound
    change = "change"  # a change against another period that is not a fact: its levels contradict it, or no comparison names it
    share = "share"  # a share of a total ('about a third of a segment's revenue')


class Entry(BaseModel):
    """One printed figure: where it was printed (its row's label and the cell's text) and what became of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Provenance
    fact: FactRef | None = None
    reason: Reason | None = None
    detail: str = ""

    @property
    def taken(self) -> bool:
        return self.fact is not None

    @property
    def line(self) -> int:
        return self.at.line

    @property
    def text(self) -> str:
        return self.at.text

    @property
    def label(self) -> str:
        return self.at.label


# figures that state no value of a quantity: no company quantity at all (dates, note references...),
# or a statement about values that are facts elsewhere (a ratio of printed figures, a share, an
# inexact bound), recorded and checked but never a fact of its own. A change is a fact
# (kcmodel/changes.py): one not taken is data lost, and counts so.
NOT_DATA = frozenset({Reason.note_reference, Reason.derived_ratio, Reason.date, Reason.time,
                      Reason.phone_number, Reason.not_company_quantity, Reason.share,
                      Reason.inexact_bound})


class Ledger(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    entries: tuple[Entry, ...]

    @property
    def data_figures(self) -> list[Entry]:
        """Figures that state a quantity's value (a level), in tables and prose: each should be a fact."""
        return [e for e in self.entries if e.reason not in NOT_DATA]

    @property
    def taken_share(self) -> float | None:
        """The share of data figures that became facts; None without data figures (nothing taken is not 100%)."""
        data = self.data_figures
        return sum(e.taken for e in data) / len(data) if data else None

    def summary(self) -> str:
        taken = sum(e.taken for e in self.entries)
        reasons = Counter(e.reason.value for e in self.entries if e.reason)
        detail = ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
        return (f"{self.document}: {len(self.entries)} figures, {taken} facts, {len(self.entries) - taken} not taken"
                f"{' (' + detail + ')' if detail else ''}; {self._share()}")

    def _share(self) -> str:
        share = self.taken_share
        if share is None:
            return "no data figures: nothing taken"
        return f"{100 * share:.1f}% of {len(self.data_figures)} data figures taken"

    def lines(self) -> list[str]:
        out = []
        for e in self.entries:
            where = str(e.at)
            if e.fact is not None:
                unit = f" {e.fact.unit}" if e.fact.unit else ""
                dims = "".join(f" [{m}]" for _, m in e.fact.context.dimensions)
                out.append(f"{where}\t{e.text}\t{e.label}\t-> {e.fact.concept}{dims} {e.fact.context.period.key}{unit}")
            else:
                out.append(f"{where}\t{e.text}\t{e.label}\tnot taken: {e.reason.value}{': ' + e.detail if e.detail else ''}")
        return out
