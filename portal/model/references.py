"""Every reference from one record to another, derived from the model's field types.

A field that names other records carries :class:`RefersTo` in its type (``Annotated[list[Id],
RefersTo("thema", role="thema")]``); a field that holds building blocks may give the references
inside them its own role (:class:`Role`). :func:`references` walks any record's fields generically
(nested objects, lists, optional values), so a new kind or field needs no code here.

Used by :mod:`portal.load` to check that each referenced id exists (with the field's position for
the error) and by :mod:`portal.model.catalogue` to compute back-links (a topic page lists every record
that names the topic), so the two can never disagree about which fields are references.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from pydantic import BaseModel

ID_PATTERN = r"^[a-z0-9-]+$"
"""The pattern of an id in the model (:data:`portal.model.values.Id`); a field with it must refer."""


@dataclass(frozen=True)
class RefersTo:
    """Type metadata: the field names records of ``kinds``; back-links call the reference ``role``.

    ``repeatable``: the list that holds the field may name the same id again (several amounts from
    one programme); any other list of references names each id once."""

    kinds: tuple[str, ...]
    role: str
    repeatable: bool = False

    def __init__(self, *kinds: str, role: str, repeatable: bool = False) -> None:
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "repeatable", repeatable)


@dataclass(frozen=True)
class Role:
    """Type metadata of a field holding building blocks: references inside them take ``name`` as
    their role; with ``numbered``, back-links also carry the block's position (a workshop's number)."""

    name: str
    numbered: bool = False


class Reference(NamedTuple):
    """``record`` names ``target`` in the field at ``path``; ``targets`` are the allowed kinds.

    Immutable and light: the loader makes one for every reference in every file (about five per
    record). Being a named tuple buys no measurable speed (a frozen dataclass measured the same for
    ``check`` of 10,000 records); it is simply the plainest immutable record here."""

    path: tuple[str | int, ...]
    targets: tuple[str, ...]
    target: str
    role: str
    workshop: int | None = None  # position of the block in a numbered Role field
    repeatable: bool = False


class _Step(NamedTuple):
    """How to find references in one field: directly (``refers``) or inside blocks (``nested``)."""

    name: str
    refers: RefersTo | None
    nested: type[BaseModel] | None
    role: Role | None


def references(record: BaseModel) -> Iterator[Reference]:
    """Yield the references ``record`` makes, in field order."""
    yield from _walk(record, (), None, None)


def _walk(value: BaseModel, path: tuple, role: Role | None, number: int | None) -> Iterator[Reference]:
    for step in _steps(type(value)):
        field = getattr(value, step.name)
        if field is None:
            continue
        here = (*path, step.name)
        if step.refers is not None:
            refers = step.refers
            name = role.name if role else refers.role
            if isinstance(field, list):
                for index, target in enumerate(field):
                    yield Reference((*here, index), refers.kinds, target, name, number, refers.repeatable)
            else:
                yield Reference(here, refers.kinds, field, name, number, refers.repeatable)
        elif isinstance(field, list):
            inner = step.role or role
            for index, block in enumerate(field):
                yield from _walk(block, (*here, index), inner, index if step.role and step.role.numbered else number)
        else:
            yield from _walk(field, here, step.role or role, number)


@cache
def _steps(model: type[BaseModel]) -> tuple[_Step, ...]:
    """The fields of ``model`` that hold references or blocks that may; computed once per class.

    Fails for a field typed as an id without :class:`RefersTo`: such a reference could never be
    checked."""
    steps = []
    for name, info in model.model_fields.items():
        refers = next((m for m in info.metadata if isinstance(m, RefersTo)), None)
        role = next((m for m in info.metadata if isinstance(m, Role)), None)
        nested = model_in(info.annotation)
        if refers is None and nested is None and _is_id(info.annotation, info.metadata):
            raise TypeError(f"{model.__name__}.{name} is an id without RefersTo: its references would go unchecked")
        if refers is not None or (nested is not None and _steps(nested)):
            steps.append(_Step(name, refers, None if refers else nested, role))
    return tuple(steps)


def model_in(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``list[Quelle] | None``, if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _is_id(annotation: object, metadata: list) -> bool:
    """Whether the annotation (or its metadata) carries the id pattern anywhere inside."""
    if any(getattr(m, "pattern", None) == ID_PATTERN for m in metadata):
        return True
    return any(_is_id(arg, list(getattr(arg, "metadata", ()))) for arg in typing.get_args(annotation))
