"""The XBRL Formula 1.0 linkbase (kc-formula.xml): Arelle loads it cleanly, and running its value
assertions on the instances built from the five announcements (the bundled examples, and the seeds
where present) gives, evaluation by evaluation, the verdict of kcmodel.validation.assertions.evaluate()."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from exporters.formula import FORMULA_NS, SUBJECTS, formula_linkbase, rule_of, translation_groups
from exporters.xbrl import instance_bytes
from exporters.xbrl.instance import instance_facts
from exporters.xmlutil import serialize
from kcmodel.facts import FactRef
from kcmodel.report import Report
from kcmodel.taxonomy import ItemType
from kcmodel.units import USD
from kcmodel.rules import RULES, components, unit_of
from kcmodel.validation.assertions import evaluate
from kcmodel.taxonomy import ASSERTIONS_ENTRY_POINT
from tests.arelle import invoke, run_arelle
from tests.conftest import ingested

ASSERTION_CODES = {"formula:assertionSatisfied": True, "formula:assertionUnsatisfied": False}
PROBLEM_LEVELS = {"warning", "error", "fatal", "critical", "inconsistency"}
MUTATED = "mutated.xbrl"

# One evaluation: (rule, judged fact, satisfied, every fact it used).
Verdict = tuple[str, FactRef, bool, frozenset[FactRef]]


def assertion_ids(taxonomy) -> set[str]:
    return {node.get("id") for node in formula_linkbase(taxonomy).iter(f"{{{FORMULA_NS['va']}}}valueAssertion")}


# --- the linkbase itself ------------------------------------------------------------------------


def test_the_formula_linkbase_is_byte_stable(taxonomy):
    assert serialize(formula_linkbase(taxonomy)) == serialize(formula_linkbase(taxonomy))


def test_every_rule_has_assertions_whose_ids_name_it(taxonomy):
    ids = assertion_ids(taxonomy)
    assert {rule_of(i) for i in ids} == set(RULES)
    margins = {c.name for c in taxonomy.concepts.values() if c.ratio is not None}
    assert {i.removeprefix("margin-") for i in ids if rule_of(i) == "margin"} == margins


def test_each_translation_assertion_lists_the_concepts_of_its_tolerance_factor(taxonomy):
    va, cf = FORMULA_NS["va"], FORMULA_NS["cf"]
    tree = formula_linkbase(taxonomy)
    for n, concepts in translation_groups(taxonomy).items():
        assertion = next(a for a in tree.iter(f"{{{va}}}valueAssertion") if a.get("id") == f"usd-translation-n{n}")
        usd_filter = assertion.getparent().find(f"{{{cf}}}conceptName")  # the first filter is $usd's
        listed = [q.text.split(":", 1)[1] for q in usd_filter.iter(f"{{{cf}}}qname")]
        assert listed == concepts
        assert all(components(taxonomy, c) == n for c in listed if taxonomy.concepts[c].type is ItemType.monetary)
        assert f"* {1 + n / 2:.1f}" in assertion.get("test")


# --- Arelle -------------------------------------------------------------------------------------


@pytest.mark.arelle
def test_arelle_loads_the_package_with_its_formula_linkbase_with_no_errors_or_warnings(taxonomy, taxonomy_package):
    # --formula validate compiles every assertion without running it; --formulaVarsOrder logs each one compiled.
    run = run_arelle(taxonomy_package, extra=["--import", ASSERTIONS_ENTRY_POINT, "--formula", "validate", "--formulaVarsOrder"])
    assert run.returncode == 0 and not run.errors and not run.warnings and not run.inconsistencies, run.problems()
    compiled = {m.group(1) for m in (re.search(r"Variable set (\S+), variables order", t.text) for t in run.messages) if m}
    assert compiled == assertion_ids(taxonomy)


@dataclass(frozen=True)
class Instance:
    report: Report
    path: Path

    @property
    def ids(self) -> dict[str, FactRef]:
        """Fact ids as the instance writes them: f1..fn in instance_facts order."""
        return {f"f{n}": fact.key for n, fact in enumerate(instance_facts(self.report), start=1)}


def _mutated(report: Report) -> tuple[Report, FactRef]:
    """The report with its US$ total revenues of the document's period off by ten units."""
    period = report.document.period
    target = next(f for f in report.facts if f.concept == "Revenues" and f.unit == USD
                  and f.context.period == period and not f.context.dimensions)
    changed = target.model_copy(update={"value": target.value + 10 * unit_of(target)})
    facts = tuple(changed if f is target else f for f in report.facts)
    return Report(document=report.document, facts=facts), target.key


@pytest.fixture(scope="module")
def instances(source, tmp_path_factory) -> dict[str, Instance]:
    """The five reports of each source (the bundled examples, and the seeds where present), and one mutated."""
    out = tmp_path_factory.mktemp("formula")
    built: dict[str, Instance] = {}
    for path in source.files:
        report = ingested(path).report
        built[f"{path.stem}.xbrl"] = Instance(report, out / f"{path.stem}.xbrl")
    assert len(built) == 5
    first = next(iter(built.values()))
    mutated, _ = _mutated(first.report)
    built[MUTATED] = Instance(mutated, out / MUTATED)
    for item in built.values():
        item.path.write_bytes(instance_bytes(item.report))
    return built


@pytest.fixture(scope="module")
def arelle_log(instances, taxonomy_package) -> tuple[int, list[dict]]:
    """One Arelle run over every instance (the startup is paid once): exit code and JSON log entries."""
    args = ["--workOffline", "-f", "|".join(str(i.path) for i in instances.values()), "-v", "--validationExitCode",
            "--calc", "c11r", "--packages", str(taxonomy_package),
            "--import", ASSERTIONS_ENTRY_POINT, "--formula", "run", "--formulaSatisfiedAsser", "--formulaUnsatisfiedAsser"]
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        return invoke(args, Path(scratch), timeout=600)


def arelle_verdicts(entries: list[dict], instances: dict[str, Instance]) -> dict[str, Counter[Verdict]]:
    """Each instance's evaluations as Arelle logs them: the assertion is the first ref, the bound
    facts follow in the order of the ``$name: concept context`` lines of the message."""
    ids = {name: item.ids for name, item in instances.items()}
    verdicts: dict[str, Counter[Verdict]] = {name: Counter() for name in instances}
    for entry in entries:
        if entry["code"] not in ASSERTION_CODES:
            continue
        assertion, *facts = (ref["href"] for ref in entry["refs"])
        names = re.findall(r"\$(\w+): ", entry["message"]["args"]["factVarBindings"])
        assert len(names) == len(facts), entry["message"]["text"]
        files = {href.split("#")[0].rsplit("/", 1)[-1] for href in facts}
        assert len(files) == 1, entry["message"]["text"]
        file = files.pop()
        bound = {name: ids[file][href.split("#")[1]] for name, href in zip(names, facts)}
        rule = rule_of(assertion.split("#")[1])
        verdicts[file][(rule, bound[SUBJECTS[rule]], ASSERTION_CODES[entry["code"]], frozenset(bound.values()))] += 1
    return verdicts


def our_verdicts(report: Report) -> Counter[Verdict]:
    return Counter((e.rule, e.subject, e.satisfied, frozenset(f.key for f in e.facts)) for e in evaluate(report))


def describe(verdicts: Counter[Verdict]) -> list[str]:
    return sorted(f"{rule} {ref.concept} {ref.context.period.key} {ref.context.dimensions} {ref.unit} "
                  f"{'satisfied' if ok else 'UNSATISFIED'} x{count}" for (rule, ref, ok, _), count in verdicts.items())


def _in_mutated(entry: dict) -> bool:
    files = {ref["href"].split("#")[0].rsplit("/", 1)[-1] for ref in entry["refs"] if "#" in ref["href"]}
    return files == {MUTATED}


@pytest.mark.arelle
def test_arelle_runs_the_assertions_with_no_errors_or_warnings(arelle_log):
    returncode, entries = arelle_log
    problems = [e["message"]["text"][:400] for e in entries
                if (e["level"] in PROBLEM_LEVELS or (e["code"].startswith(("formula:", "xbrlve:", "xbrlfe:", "err:"))
                                                    and e["code"] not in ASSERTION_CODES))
                # the damaged US$ revenues also break the US$ income statement's calculation
                and not (e["code"] == "calc11e:inconsistentCalculationUsingRounding" and _in_mutated(e))]
    assert problems == []
    # Arelle 2.47 passes its assertion counts to the error list (ErrorManager 'asrtNoLog'), so
    # --validationExitCode exits 3 whenever assertions ran; the log above holds no problem.
    assert returncode in (0, 3)


@pytest.mark.arelle
def test_arelle_reaches_the_verdict_of_evaluate_on_every_announcement(arelle_log, instances, taxonomy):
    verdicts = arelle_verdicts(arelle_log[1], instances)
    evaluated: set[str] = set()
    for name, item in instances.items():
        if name == MUTATED:
            continue
        ours, theirs = our_verdicts(item.report), verdicts[name]
        assert theirs == ours, (name, {"only Arelle": describe(theirs - ours), "only evaluate()": describe(ours - theirs)})
        evaluated |= {rule for rule, *_ in theirs}
    assert evaluated == set(RULES)
    seen = {e["refs"][0]["href"].split("#")[1] for e in arelle_log[1] if e["code"] in ASSERTION_CODES}
    assert seen == assertion_ids(taxonomy), "an assertion never fired on the announcements"


@pytest.mark.arelle
def test_a_damaged_us_dollar_figure_is_unsatisfied_for_both(arelle_log, instances):
    item = instances[MUTATED]
    _, target = _mutated(next(iter(instances.values())).report)
    ours, theirs = our_verdicts(item.report), arelle_verdicts(arelle_log[1], instances)[MUTATED]
    flagged = {(rule, ref, ok) for rule, ref, ok, _ in ours}
    assert ("usd-translation", target, False) in flagged and ("usd-translation", target, True) not in flagged
    assert theirs == ours, {"only Arelle": describe(theirs - ours), "only evaluate()": describe(ours - theirs)}
