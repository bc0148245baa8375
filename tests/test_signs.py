"""Which printed rows show their concept's value negated, decided by arithmetic (kcmodel/ingest/signs.py).

Rows are nodes with an unknown sign; a sum that holds in every column for exactly one pattern of
signs ties its rows' signs together, and each group takes the flip the taxonomy's presentation
suggests (docs/conventions.md §3). Words in labels play no part. The tables here are typed as the
values of their rows, column by column.
"""

from __future__ import annotations

from decimal import Decimal

from kcmodel.ingest.signs import MAX_SIGNED_ITEMS, Sum, decide, sign_patterns

UNIT = {"2024": Decimal(1), "2025": Decimal(1)}  # figures printed to the unit in both columns


def rows(**printed: tuple[int, int]) -> dict[str, dict[str, Decimal]]:
    """Each row's printed figures in the columns 2024 and 2025."""
    return {name: {"2024": Decimal(a), "2025": Decimal(b)} for name, (a, b) in printed.items()}


def test_a_sum_that_holds_only_with_one_item_subtracted_fixes_that_item_as_negated():
    # Gross profit 300 / 350 = revenues 1,000 / 1,100 and cost of revenues printed 700 / 750
    values = rows(gross=(300, 350), revenues=(1000, 1100), cost=(700, 750))
    relation = Sum("gross", (("revenues", 1), ("cost", 1)), "gross profit")
    assert sign_patterns(values, relation, UNIT) == [{"revenues": 1, "cost": -1}]


def test_a_sum_holds_within_half_a_unit_per_printed_figure():
    # three thirds of 100, each printed rounded to 33: 99 against 100 is within 2 (4 figures x 1/2)
    values = rows(total=(100, 100), a=(33, 33), b=(33, 33), c=(33, 33))
    assert sign_patterns(values, Sum("total", (("a", 1), ("b", 1), ("c", 1)), "thirds"), UNIT) == [{"a": 1, "b": 1, "c": 1}]


def test_an_item_printed_as_zero_everywhere_is_left_out_its_sign_is_free():
    values = rows(total=(100, 120), a=(100, 120), nil=(0, 0))
    assert sign_patterns(values, Sum("total", (("a", 1), ("nil", 1)), "with a nil row"), UNIT) == [{"a": 1}]


def test_a_sum_of_more_items_than_the_search_allows_fixes_no_sign():
    count = MAX_SIGNED_ITEMS + 1
    values = {"total": {"2024": Decimal(count)}, **{f"i{n}": {"2024": Decimal(1)} for n in range(count)}}
    relation = Sum("total", tuple((f"i{n}", 1) for n in range(count)), "a long sum")
    assert sign_patterns(values, relation, {"2024": Decimal(1)}) == []


def test_a_group_takes_the_flip_its_concepts_presentation_suggests():
    values = rows(gross=(300, 350), revenues=(1000, 1100), cost=(700, 750))
    relation = Sum("gross", (("revenues", 1), ("cost", 1)), "gross profit")
    prior = {"gross": 1, "revenues": 1, "cost": -1}  # costs are usually presented negated
    signs, notes = decide(values, [relation], [], values, UNIT, prior)
    assert (signs, notes) == ({"gross": 1, "revenues": 1, "cost": -1}, [])


def test_the_whole_group_flips_when_its_presentation_says_so():
    values = rows(gross=(300, 350), revenues=(1000, 1100), cost=(700, 750))
    relation = Sum("gross", (("revenues", 1), ("cost", 1)), "gross profit")
    prior = {"gross": -1, "revenues": -1, "cost": -1}
    signs, _ = decide(values, [relation], [], values, UNIT, prior)
    assert signs == {"gross": -1, "revenues": -1, "cost": 1}


def test_the_same_fact_printed_twice_with_opposite_signs_puts_the_two_rows_in_opposite_presentations():
    values = rows(loss=(-50, -60), loss_again=(50, 60))
    signs, _ = decide(values, [], [("loss", "loss_again", -1, "net loss printed twice")], values, UNIT, {})
    assert signs["loss"] == -signs["loss_again"]


def test_signs_that_cannot_all_hold_are_noted_with_the_relation_that_breaks_them():
    values = rows(gross=(300, 350), revenues=(1000, 1100), cost=(700, 750))
    relation = Sum("gross", (("revenues", 1), ("cost", 1)), "gross profit")
    _, notes = decide(values, [relation], [("revenues", "cost", 1, "printed alike")], values, UNIT, {})
    assert len(notes) == 1 and notes[0].startswith("printed alike") and "revenues" in notes[0] and "cost" in notes[0]
