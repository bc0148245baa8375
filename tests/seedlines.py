"""Where each table line of a seed stands in its bundled example.

The examples (examples/announcements/) copy the seeds' tables line for line, without the prose
between them, so a seed's table line is at another number in its example. These runs were found by
comparing the two texts line by line: (first line in the seed, first line in the example, how many
lines), each run printed identically in both. Tests written against a seed's lines run on the
example through ``to_example`` and ``to_seed``; a line the example does not hold (prose) has no
counterpart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

RUNS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "kc-2024-FY": (
        (41, 2, 3), (72, 8, 10), (93, 19, 9), (102, 30, 6), (111, 37, 28), (139, 67, 11), (195, 79, 29),
        (283, 109, 8), (352, 118, 29), (381, 149, 13), (397, 163, 32), (429, 197, 23), (455, 221, 12),
        (512, 234, 13), (526, 248, 11), (538, 260, 10), (549, 271, 8), (558, 280, 11), (586, 292, 8), (595, 301, 8),
        (606, 310, 10), (625, 321, 9),
    ),
    "kc-2025-H1": (
        (39, 2, 3), (71, 8, 10), (92, 19, 9), (101, 30, 5), (109, 36, 18), (127, 56, 11), (138, 69, 9),
        (184, 79, 28), (279, 108, 8), (346, 117, 27), (376, 145, 13), (394, 159, 31), (428, 191, 23), (456, 215, 12),
        (521, 228, 13), (535, 242, 9), (545, 252, 10), (556, 263, 8), (565, 272, 11), (593, 284, 8), (602, 293, 8),
        (613, 302, 10), (632, 313, 10),
    ),
    "kc-2025-FY": (
        (29, 8, 6), (70, 15, 11), (92, 27, 9), (101, 38, 6), (110, 45, 27), (137, 74, 10), (190, 85, 29),
        (286, 115, 8), (359, 124, 29), (388, 155, 13), (404, 169, 31), (435, 202, 23), (461, 226, 12),
        (522, 239, 13), (536, 253, 10), (547, 264, 11), (559, 276, 8), (568, 285, 11), (596, 297, 8), (605, 306, 8),
        (616, 315, 10), (635, 326, 9), (754, 336, 13),
    ),
    "kc-2024-Q3": (
        (31, 8, 4), (161, 13, 50), (214, 64, 38), (255, 103, 9), (267, 113, 6), (276, 120, 20), (299, 141, 14),
        (316, 156, 10), (329, 167, 11),
    ),
    "kc-2025-Q2": (
        (5, 1, 2), (105, 8, 67), (175, 76, 38), (216, 115, 9), (228, 125, 6), (237, 132, 18), (258, 151, 12),
        (273, 164, 10), (286, 175, 13),
    ),
}


def to_example(report: str, seed_line: int) -> int | None:
    """The example's line that prints the seed's line, or None (a line of prose)."""
    for seed, example, count in RUNS[report]:
        if seed <= seed_line < seed + count:
            return example + seed_line - seed
    return None


def to_seed(report: str, example_line: int) -> int | None:
    """The seed's line that the example's line copies, or None (a line only the example has: its
    table titles and the sentence stating the translation rate)."""
    for seed, example, count in RUNS[report]:
        if example <= example_line < example + count:
            return seed + example_line - example
    return None


def place(source: Any, report: str, seed_line: int) -> tuple[Path, int]:
    """The file and line of a seed's table line in a source (tests/conftest.py ``Source``): the seed's
    own line, or the example's line that copies it."""
    if source.name == "seeds":
        return source.file(report), seed_line
    line = to_example(report, seed_line)
    assert line is not None, f"{report}: the seed's line {seed_line} is no table line"
    return source.file(report), line
