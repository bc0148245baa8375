"""Values a model keeps once made: the hashes that key the model's indexes, and a fact's key.

Contexts, periods, entities, units and fact keys are dict and set keys everywhere (a report's index,
the merge, every writer's lookups): hundreds of thousands of hashes a build, each in Python. A model
that declares ``__slots__ = (SLOT,)`` keeps its hash there, and a fact keeps its key in a slot of its
own. A slot is not a field: pydantic leaves it out of ``model_copy`` (whose copy, with other values,
makes its own), pickling, ``model_dump`` and equality, so a kept value never outlives the values it
was made from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

SLOT = "__hash_once__"

T = TypeVar("T")


def kept(model: object, slot: str, make: Callable[[], T]) -> T:
    """``make()``, made at the first call and kept in ``model``'s slot ``slot``.

    The slot is read with ``object.__getattribute__``, not through the model: an empty slot would
    first call pydantic's ``__getattr__``, which looks for private attributes before it gives up and
    costs more than the hash it saves on an object hashed once."""
    try:
        return _read(model, slot)
    except AttributeError:
        return _keep(model, slot, make())


def hashed_once(model: object, values: Callable[[], tuple]) -> int:
    """The hash of ``values()``, computed at the first call and kept in ``model``'s slot. Not through
    ``kept``: a kept hash is read here at half the cost (hundreds of thousands of reads a build), and a
    first hash costs 1.8 µs instead of 3.1 (``kept`` read the empty slot again, a second exception, and
    called a closure made for the purpose)."""
    try:
        return _read(model, SLOT)
    except AttributeError:
        return _keep(model, SLOT, hash(values()))


def _keep(model: object, slot: str, value: T) -> T:
    object.__setattr__(model, slot, value)
    return value


_read = object.__getattribute__
