"""Hashes of the values that key the model's indexes, each computed once per object.

Contexts, units and fact keys are dict and set keys everywhere (a report's index, the merge, every
writer's lookups): hundreds of thousands of hashes a build, each in Python. A model that declares
``__slots__ = (SLOT,)`` keeps its hash there. A slot is not a field: pydantic leaves it out of
``model_copy`` (whose copy, with other values, computes its own), pickling, ``model_dump`` and
equality, so a kept hash never outlives the values it was made from.
"""

from __future__ import annotations

from collections.abc import Callable

SLOT = "__hash_once__"


def hashed_once(model: object, values: Callable[[], tuple]) -> int:
    """The hash of ``values()``, computed at the first call and kept in ``model``'s slot."""
    try:
        return _slot(model, SLOT)
    except AttributeError:
        value = hash(values())
        object.__setattr__(model, SLOT, value)
        return value


# The slot read without the model's __getattr__: pydantic's, which an empty slot would call first, costs
# more than the hash it saves (it looks for private attributes before it gives up).
_slot = object.__getattribute__
