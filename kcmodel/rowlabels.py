"""The taxonomy's printed row-label variants (``rows.yaml``), and how printed labels are compared.

Used by the reader to map rows to concepts, and by the dataset to tell a relabelled fact from an
opening and a closing balance.
"""

from __future__ import annotations

import re
import unicodedata

from kcmodel.taxonomy import RowLabel, Taxonomy

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "−": "-"})
_MARKERS = re.compile(r"(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d+\])")


def normalize(label: str) -> str:
    # footnote markers go before NFKC, which would turn a superscript ¹ into a digit of the label
    text = unicodedata.normalize("NFKC", _MARKERS.sub("", label.translate(_QUOTES)))
    text = re.sub(r"\s+", " ", text).strip().casefold()
    text = re.sub(r"^(?:[-•·*]\s*)+", "", text)
    return text.rstrip(":").strip()


class LabelIndex:
    """The taxonomy's printed label variants, by normalised label."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.by_label: dict[str, list[RowLabel]] = {}
        for row in taxonomy.rows:
            self.by_label.setdefault(normalize(row.label), []).append(row)

    def known(self, label: str) -> bool:
        return normalize(label) in self.by_label

    def match(self, label: str, contexts: list[str]) -> RowLabel | None:
        """The variant for ``label`` whose context occurs in ``contexts`` (longest wins), else one without."""
        candidates = self.by_label.get(normalize(label), [])
        texts = [normalize(c) for c in contexts if c]
        best: tuple[int, RowLabel] | None = None
        for candidate in candidates:
            if candidate.context is None:
                score = 0
            else:
                wanted = normalize(candidate.context)
                if not any(wanted in text for text in texts):
                    continue
                score = len(wanted)
            if best is None or score > best[0]:
                best = (score, candidate)
        return best[1] if best else None
