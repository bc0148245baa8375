"""JSON in and out for the OIM formats: deterministic bytes out, untrusted text in.

Parsing refuses what OIM refuses and what would let a file misbehave: duplicate keys, NaN and
Infinity, floats (numbers are Decimals, never floats), text that is not UTF-8, nesting deeper
than the recursion limit, and files over ``MAX_BYTES``. Every failure is a KcError naming the
file and, where the parser knows it, the line.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from exporters.oim.aspects import Where
from kcmodel.errors import KcError

MAX_BYTES = 200 * 1024 * 1024


def dump(document: Any) -> bytes:
    """UTF-8, two-space indent, key order as built (callers build dicts in the order they mean)."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse(data: bytes, source: str) -> tuple[Any, str]:
    """The parsed document and its text."""
    if len(data) > MAX_BYTES:
        raise KcError(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not read", file=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KcError(f"not UTF-8 text (byte {exc.start})", file=source, line=line) from None
    try:
        document = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise KcError(f"not valid JSON: {exc.msg}", file=source, line=exc.lineno) from None
    except _Duplicate as exc:
        raise KcError(f"not valid JSON: the key {exc.args[0]!r} appears twice in one object", file=source) from None
    except ValueError as exc:
        raise KcError(f"not valid JSON: {exc}", file=source) from None
    except RecursionError:
        raise KcError("not valid JSON: nested too deeply", file=source) from None
    return document, text


def read(path: Path) -> tuple[Any, str]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KcError(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not read", file=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise KcError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return parse(data, str(path))


_OBJECT_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*\{')


def object_key_lines(text: str) -> dict[str, int]:
    """For each key that opens an object, the line of its first occurrence (for error messages)."""
    lines: dict[str, int] = {}
    position, line = 0, 1
    for match in _OBJECT_KEY.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        try:
            key = json.loads(f'"{match[1]}"')
        except json.JSONDecodeError:
            continue
        lines.setdefault(key, line)
    return lines


def document_type(document: Any) -> str | None:
    info = document.get("documentInfo") if isinstance(document, dict) else None
    kind = info.get("documentType") if isinstance(info, dict) else None
    return kind if isinstance(kind, str) else None


def expect_object(value: Any, what: str, where: Where) -> dict:
    if not isinstance(value, dict):
        raise where.error(f"{what} is not a JSON object")
    return value


def document_info_fields(info: dict, where: Where) -> dict[str, Any]:
    """The OimReport fields of a ``documentInfo`` object, its shape checked."""

    def names_to_strings(what: str) -> dict[str, str]:
        mapping = expect_object(info.get(what, {}), f"documentInfo.{what}", where)
        if not all(isinstance(v, str) for v in mapping.values()):
            raise where.error(f"documentInfo.{what} maps names to strings")
        return dict(mapping)

    taxonomy = info.get("taxonomy")
    if not isinstance(taxonomy, list) or not all(isinstance(v, str) for v in taxonomy):
        raise where.error("documentInfo.taxonomy is not a list of strings")
    return {
        "namespaces": names_to_strings("namespaces"),
        "taxonomy": list(taxonomy),
        "link_types": names_to_strings("linkTypes"),
        "link_groups": names_to_strings("linkGroups"),
        "features": dict(expect_object(info.get("features", {}), "documentInfo.features", where)),
    }
