"""``Record``: what a dataclass gives its instances, without generating code at import time.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` as
source text and runs ``exec`` on it when the module is imported: about 2 ms per class, so the
thirty of them on a build's import path were a large part of every start-up (issue 20). A
``Record`` subclass writes its ``__init__`` by hand (compiled once into the ``.pyc``) and lists
its fields in ``_fields``; the rest is shared here and reads the fields by name.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing_extensions import Self



class Record:
    """Equality, hashing, ``repr``, pickling and ``replace`` from the fields ``_fields`` names.

    ``__init__`` must take every field, in ``_fields`` order, positionally (pickling calls it so).
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A worker pickles every record of every result: one ``attrgetter`` of the fields per
        # class reads them in C, where ``_values`` ran Python for each field of each record.
        if cls._fields and "__reduce__" not in cls.__dict__:
            values = attrgetter(*cls._fields)
            if len(cls._fields) == 1:
                cls.__reduce__ = lambda self: (cls, (values(self),))  # type: ignore[method-assign]
            else:
                cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[method-assign]

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        return (type(self), self._values())

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (field name → value), as ``dataclasses.replace``."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)
