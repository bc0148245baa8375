"""Untrusted JSON text in: the rules every JSON document kcmodel reads keeps.

OIM reports, the provenance notes inside them and a build's manifest are all read here. Refused,
as a KcError naming the file and, where known, the line: invalid JSON, duplicate keys, NaN and
Infinity, nesting deeper than the recursion limit, and strings (keys or values) holding a
character XML cannot carry, escaped (``\\u0001``, ``\\ud800``) or not, since what is read is
written again as XML. Numbers with a fraction or an exponent are Decimals, never floats.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from exporters.xmlutil import NOT_XML, not_xml
from kcmodel.errors import KcError


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


def loads(text: str, source: str, line: int | None = None) -> Any:
    """The document ``text`` holds; ``line``, if given, is where the text stands in ``source``
    (JSON inside an XML element), else errors name the line within the text."""
    try:
        document = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise KcError(f"not valid JSON: {exc.msg}", file=source, line=line or exc.lineno) from None
    except _Duplicate as exc:
        raise KcError(f"not valid JSON: the key {exc.args[0]!r} appears twice in one object", file=source, line=line) from None
    except ValueError as exc:
        raise KcError(f"not valid JSON: {exc}", file=source, line=line) from None
    except RecursionError:
        raise KcError("not valid JSON: nested too deeply", file=source, line=line) from None
    if NOT_XML.search(text) or "\\u" in text:  # else no string can hold such a character
        found = _first_not_xml(document)
        if found is not None:
            where, char = found
            raise KcError(f"{where}: {not_xml(char)} is not accepted", file=source, line=line or _line_of(text, char))
    return document


def _first_not_xml(document: Any) -> tuple[str, str] | None:
    """Where (``facts.f1.value``) the first key or string holding a character XML cannot carry is, and the character."""
    stack: list[tuple[Any, tuple | None]] = [(document, None)]  # (value, (key, parent trail)): O(1) per value
    while stack:
        value, trail = stack.pop()
        if isinstance(value, str):
            match = NOT_XML.search(value)
            if match:
                return _path(trail) or "the document", match[0]
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                match = NOT_XML.search(key)
                if match:
                    return _path((key, trail)) + " (the key)", match[0]
                stack.append((item, (key, trail)))
        elif isinstance(value, list):
            stack.extend((item, (f"[{n}]", trail)) for n, item in reversed(list(enumerate(value))))
    return None


def _path(trail: tuple | None) -> str:
    parts: list[str] = []
    while trail is not None:
        parts.append(trail[0])
        trail = trail[1]
    return "".join(p if p.startswith("[") else f".{p}" for p in reversed(parts)).lstrip(".")


_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)  # possessive: linear time, constant memory


def _line_of(text: str, char: str) -> int | None:
    """The line of the first string literal holding ``char``, raw or escaped."""
    position, line = 0, 1
    for match in _STRING.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        token = match[0]
        if char in token or ("\\u" in token and char in json.loads(token)):
            return line
    return None
