"""The kc taxonomy as the model sees it: concepts, dimensions, networks and row labels.

The source of truth is the YAML in ``taxonomy/src`` (see ``taxonomy/README.md``); it is read
once per process by :func:`Taxonomy.load`. Everything that needs a concept's type, period type,
balance or labels asks this object, so ingestion, validation and every exporter agree.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kcmodel.contexts import Entity
from kcmodel.errors import KcError

NAMESPACE = "https://kcmodel.org/taxonomy/2025/kc"
PREFIX = "kc"
BASE_URL = "https://kcmodel.org/taxonomy/2025/"
ENTRY_POINT = BASE_URL + "kc.xsd"
ASSERTIONS_ENTRY_POINT = BASE_URL + "kc-assertions.xsd"  # kc.xsd plus the formula assertions
ASSERTIONS_NAMESPACE = NAMESPACE + "/assertions"
ROLE_BASE = NAMESPACE + "/role/"
ARCROLE_BASE = NAMESPACE + "/arcrole/"

# Fact-to-fact and fact-to-footnote relationships kcmodel writes into instances.
PROVENANCE_ROLE = ROLE_BASE + "provenance"
TRANSLATION_SOURCE_ARCROLE = ARCROLE_BASE + "translation-source"
TRANSLATION_RATE_ARCROLE = ARCROLE_BASE + "translation-rate"

RATE_CONCEPT = "ConvenienceTranslationExchangeRate"


class ItemType(StrEnum):
    monetary = "monetary"
    perShare = "perShare"
    shares = "shares"
    percent = "percent"
    rate = "rate"
    count = "count"
    string = "string"
    date = "date"
    abstract = "abstract"


NUMERIC_TYPES = frozenset(
    {ItemType.monetary, ItemType.perShare, ItemType.shares, ItemType.percent, ItemType.rate, ItemType.count}
)


class PeriodType(StrEnum):
    duration = "duration"
    instant = "instant"


class Balance(StrEnum):
    debit = "debit"
    credit = "credit"


Kind = Literal["item", "axis", "domain", "member", "hypercube"]

# Label roles a presentation arc may prefer, by their short names in the YAML.
LABEL_ROLES: dict[str, str] = {
    "label": "http://www.xbrl.org/2003/role/label",
    "terse": "http://www.xbrl.org/2003/role/terseLabel",
    "total": "http://www.xbrl.org/2003/role/totalLabel",
    "periodStart": "http://www.xbrl.org/2003/role/periodStartLabel",
    "periodEnd": "http://www.xbrl.org/2003/role/periodEndLabel",
    "negated": "http://www.xbrl.org/2009/role/negatedLabel",
    "negatedTotal": "http://www.xbrl.org/2009/role/negatedTotalLabel",
    "negatedPeriodStart": "http://www.xbrl.org/2009/role/negatedPeriodStartLabel",
    "negatedPeriodEnd": "http://www.xbrl.org/2009/role/negatedPeriodEndLabel",
    "documentation": "http://www.xbrl.org/2003/role/documentation",
}


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Ratio(_Data):
    """A ratio concept's definition: numerator / denominator, both monetary, same context."""

    numerator: str
    denominator: str


class Concept(_Data):
    """One element of the kc schema: a line item, an abstract, or a dimensional object."""

    name: str
    kind: Kind = "item"
    us_gaap: str | None = None
    type: ItemType = ItemType.abstract
    period: PeriodType = PeriodType.duration
    balance: Balance | None = None
    label: str
    terse: str | None = None
    total: str | None = None
    negated: str | None = None
    periodStart: str | None = None
    periodEnd: str | None = None
    zh: str | None = None
    documentation: str | None = None
    ratio: Ratio | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Concept:
        if self.balance is not None and self.type is not ItemType.monetary:
            raise ValueError(f"{self.name}: only monetary concepts have a balance")
        if self.kind != "item" and self.type is not ItemType.abstract:
            raise ValueError(f"{self.name}: a {self.kind} is abstract")
        return self

    @property
    def abstract(self) -> bool:
        return self.type is ItemType.abstract

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def text(self, role: str = "label") -> str:
        """The English label of a role, falling back as XBRL viewers do."""
        if role == "documentation":
            return self.documentation or self.label
        base = role.removeprefix("negated")
        base = base[:1].lower() + base[1:] if base else "label"
        return getattr(self, role, None) or getattr(self, base, None) or self.label

    def roles(self) -> Iterator[str]:
        """Short names of the English label roles this concept declares."""
        yield "label"
        for role in ("terse", "total", "negated", "periodStart", "periodEnd", "documentation"):
            if getattr(self, role):
                yield role


class Member(_Data):
    name: str
    label: str
    zh: str | None = None
    us_gaap: str | None = None
    concept: str | None = None  # a member of a quantities axis: the line item it stands for


class Axis(_Data):
    name: str
    label: str
    zh: str | None = None
    us_gaap: str | None = None
    domain: Member
    members: tuple[Member, ...]
    complete: bool = True  # the members add up to the domain (the total)
    quantities: bool = False  # members stand for the numeric line items: generated, one per concept

    def member(self, name: str) -> Member | None:
        return self._members.get(name)

    @functools.cached_property
    def _members(self) -> dict[str, Member]:
        return {m.name: m for m in self.members}

    def member_for(self, concept: str) -> Member | None:
        """A quantities axis's member standing for ``concept``."""
        return self._members.get(quantity_member(concept))


class Hypercube(_Data):
    name: str
    label: str
    zh: str | None = None
    role: str
    axes: tuple[str, ...]
    line_items: tuple[str, ...]


Tree = dict[str, Any]  # concept name -> preferred label short name, None, or a subtree


class Term(_Data):
    """One side of a check: a concept, optionally with explicit members (``Name[Axis=Member]``)."""

    concept: str
    members: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> Term:
        name, _, rest = text.partition("[")
        pairs = [p.split("=", 1) for p in rest.rstrip("]").split(",") if p.strip()]
        return cls(concept=name.strip(), members=tuple(sorted((a.strip(), m.strip()) for a, m in pairs)))


class Network(_Data):
    role: str
    title: str
    presentation: Tree = Field(default_factory=dict)
    calculation: dict[str, dict[str, int]] = Field(default_factory=dict)
    checks: dict[str, dict[str, int]] = Field(default_factory=dict)  # sums across dimensions: kcmodel's own

    def check_terms(self) -> list[tuple[Term, list[tuple[Term, int]]]]:
        return self._check_terms

    @functools.cached_property
    def _check_terms(self) -> list[tuple[Term, list[tuple[Term, int]]]]:
        return [(Term.parse(total), [(Term.parse(item), weight) for item, weight in items.items()])
                for total, items in self.checks.items()]

    @property
    def uri(self) -> str:
        return ROLE_BASE + self.role

    def arcs(self) -> Iterator[tuple[str, str, str | None, int]]:
        """Presentation arcs depth-first: (parent, child, preferred label, order)."""

        def walk(parent: str, subtree: Tree) -> Iterator[tuple[str, str, str | None, int]]:
            for order, (child, value) in enumerate(subtree.items(), start=1):
                yield parent, child, value if isinstance(value, str) else None, order
                if isinstance(value, dict):
                    yield from walk(child, value)

        for root, subtree in self.presentation.items():
            if isinstance(subtree, dict):
                yield from walk(root, subtree)

    def tree_names(self) -> Iterator[str]:
        def walk(subtree: Tree) -> Iterator[str]:
            for name, value in subtree.items():
                yield name
                if isinstance(value, dict):
                    yield from walk(value)

        yield from walk(self.presentation)


class RowLabel(_Data):
    label: str
    concept: str
    members: dict[str, str] = Field(default_factory=dict)
    context: str | None = None
    period: Literal["start", "end"] | None = None  # an instant row in a duration table: which end


class Phrase(_Data):
    """How the prose names a quantity: phrases for one concept (and members)."""

    concept: str
    members: dict[str, str] = Field(default_factory=dict)
    loss: bool = False  # the words name the loss side of a gain-positive concept ('net loss')
    phrases: tuple[str, ...]


def _source_dir() -> Path:
    """``$KCMODEL_TAXONOMY``, else ``taxonomy/`` in a checkout, else the installed copy."""
    if os.environ.get("KCMODEL_TAXONOMY"):
        return Path(os.environ["KCMODEL_TAXONOMY"])
    here = Path(__file__).resolve().parent
    checkout = here.parent / "taxonomy"
    return checkout if (checkout / "src").is_dir() else here / "taxonomy_files"


TAXONOMY_DIR = _source_dir()


class Company(_Data):
    """The company the kc taxonomy describes and whose announcements ingest reads
    (``taxonomy/src/company.yaml``): its name and the identifier its reports carry. The
    announcements do not print the identifier, so it is data, not something read."""

    name: str
    entity: Entity


class Taxonomy(_Data):
    company: Company
    concepts: dict[str, Concept]
    axes: dict[str, Axis]
    hypercubes: dict[str, Hypercube]
    networks: tuple[Network, ...]
    rows: tuple[RowLabel, ...]
    phrases: tuple[Phrase, ...] = ()

    @classmethod
    @functools.cache
    def load(cls, directory: Path | None = None) -> Taxonomy:
        """Read the YAML source once; later calls return the same object."""
        src = (directory or TAXONOMY_DIR) / "src"
        data = {name: _read_yaml(src / f"{name}.yaml")
                for name in ("company", "concepts", "dimensions", "networks", "rows", "phrases")}
        dims = data["dimensions"] or {}
        axes = [Axis.model_validate(a) for a in dims.get("axes", [])]
        cubes = [Hypercube.model_validate(h) for h in dims.get("hypercubes", [])]
        concepts = [Concept.model_validate(c) for c in data["concepts"] or []]
        axes = [_with_quantities(axis, concepts, cubes) if axis.quantities else axis for axis in axes]
        for axis in axes:
            concepts.append(Concept(name=axis.name, kind="axis", label=axis.label, zh=axis.zh, us_gaap=axis.us_gaap))
            for m, kind in [(axis.domain, "domain"), *((m, "member") for m in axis.members)]:
                concepts.append(Concept(name=m.name, kind=kind, label=m.label, zh=m.zh, us_gaap=m.us_gaap))
        concepts += [Concept(name=h.name, kind="hypercube", label=h.label, zh=h.zh) for h in cubes]
        by_name: dict[str, Concept] = {}
        for concept in concepts:
            if concept.name in by_name:
                raise KcError(f"concept {concept.name} is defined twice", file=str(src))
            by_name[concept.name] = concept
        try:
            return cls(
                company=Company.model_validate(data["company"]),
                concepts=by_name,
                axes={a.name: a for a in axes},
                hypercubes={h.name: h for h in cubes},
                networks=tuple(Network.model_validate(n) for n in data["networks"] or []),
                rows=tuple(RowLabel.model_validate(r) for r in data["rows"] or []),
                phrases=tuple(Phrase.model_validate(p) for p in data["phrases"] or []),
            )
        except ValueError as exc:
            raise KcError(f"taxonomy source is inconsistent: {exc}", file=str(src)) from None

    @model_validator(mode="after")
    def _references_resolve(self) -> Taxonomy:
        problems: list[str] = []
        known = self.concepts.keys()
        for cube in self.hypercubes.values():
            problems += [f"hypercube {cube.name}: unknown axis {a}" for a in cube.axes if a not in self.axes]
            problems += [f"hypercube {cube.name}: unknown line item {c}" for c in cube.line_items if c not in known]
            if cube.role not in {n.role for n in self.networks}:
                problems.append(f"hypercube {cube.name}: unknown role {cube.role}")
        for net in self.networks:
            problems += [f"network {net.role}: unknown concept {c}" for c in net.tree_names() if c not in known]
            for _, child, pref, _ in net.arcs():
                if pref is not None and pref not in LABEL_ROLES:
                    problems.append(f"network {net.role}: unknown label role {pref} on {child}")
            for total, items in net.calculation.items():
                for name in (total, *items):
                    concept = self.concepts.get(name)
                    if concept is None or not concept.numeric or concept.kind != "item":
                        problems.append(f"network {net.role}: calculation names {name}, not a numeric item")
                problems += [f"network {net.role}: weight {w} of {i}" for i, w in items.items() if w not in (1, -1)]
        for concept in self.concepts.values():
            if concept.ratio is not None:
                problems += [f"ratio of {concept.name}: unknown {n}" for n in (concept.ratio.numerator, concept.ratio.denominator)
                             if n not in known]
        for net in self.networks:
            for total, items in net.check_terms():
                for term in (total, *(t for t, _ in items)):
                    if term.concept not in known:
                        problems.append(f"network {net.role}: check names unknown concept {term.concept}")
                    for axis, member in term.members:
                        if axis not in self.axes or self.axes[axis].member(member) is None:
                            problems.append(f"network {net.role}: check names {axis}={member}, not a member of that axis")
        for where, concept, members in [*((f"row {r.label!r}", r.concept, r.members) for r in self.rows),
                                        *((f"phrase {p.phrases[0]!r}", p.concept, p.members) for p in self.phrases)]:
            if concept not in known:
                problems.append(f"{where}: unknown concept {concept}")
            for axis, member in members.items():
                if axis not in self.axes or self.axes[axis].member(member) is None:
                    problems.append(f"{where}: {axis}={member} is not a member of that axis")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def concept(self, name: str) -> Concept:
        try:
            return self.concepts[name]
        except KeyError:
            raise KcError(f"unknown concept {name!r}: the kc taxonomy does not define it") from None

    def cubes_for(self, concept: str) -> list[Hypercube]:
        return self._cubes.get(concept, [])

    @functools.cached_property
    def _cubes(self) -> dict[str, list[Hypercube]]:
        cubes: dict[str, list[Hypercube]] = {}
        for cube in self.hypercubes.values():
            for item in cube.line_items:
                cubes.setdefault(item, []).append(cube)
        return cubes

    def dimensions_allowed(self, concept: str, axes: set[str]) -> bool:
        """True when some hypercube of the concept carries every axis used (others default)."""
        return not axes or any(axes <= set(h.axes) for h in self.cubes_for(concept))

    def network(self, role: str) -> Network:
        return next(n for n in self.networks if n.role == role)


def quantity_member(concept: str) -> str:
    """The name of the member that stands for ``concept`` on a quantities axis."""
    return f"{concept}QuantityMember"


def _with_quantities(axis: Axis, concepts: list[Concept], cubes: list[Hypercube]) -> Axis:
    """A quantities axis with one member per numeric line item, so a change of any quantity the
    taxonomy defines can be reported (the facts on this axis's own cubes excepted: no change of a change)."""
    own = {item for cube in cubes if axis.name in cube.axes for item in cube.line_items}
    members = [Member(name=quantity_member(c.name), label=c.label, zh=c.zh, concept=c.name)
               for c in concepts if c.kind == "item" and c.numeric and c.name not in own]
    return axis.model_copy(update={"members": (*axis.members, *members)})


# libyaml's parser where PyYAML was built with it: the same objects as yaml.safe_load, ten times faster
# (the taxonomy is read by every build, and the pure-Python parser took 0.15 s of CPU).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise KcError(f"cannot read the taxonomy source: {exc.strerror}", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KcError(f"invalid YAML: {exc}", file=str(path), line=mark.line + 1 if mark else None) from None


def is_date(taxonomy: Taxonomy, name: str) -> bool:
    """``name`` is a date concept of ``taxonomy``: a reader turns its text into a ``datetime.date``."""
    concept = taxonomy.concepts.get(name)
    return concept is not None and concept.type is ItemType.date
