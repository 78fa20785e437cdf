"""A digest of a value as a template reads it: records by id and the version of their file.

Used by the preview's page cache (:mod:`portal.site.page_cache`: what a page read, the key of a
page) and by the sections a page rendering takes over from the last one
(:mod:`portal.pages.sections`). ``versions`` maps a record's id to the digest of its file's bytes
(:class:`portal.load.filecache.FileCache`), so the digest of a record changes when any field of it
does; a record without a version digests as its ``repr``.

A dataclass whose class sets ``digest_once = True`` is digested once per ``versions`` mapping: the
digest of its fields is kept in the instance (beside its fields, which it leaves alone) with the
mapping it was made for, and fed in its place wherever the instance occurs again. The contract:
such an instance does not change once digested, and a ``versions`` mapping handed to
:func:`digest` is not changed afterwards (the build's snapshot, ``page_cache.Basis.versions``).
Why: a Wegweiser page's answer (:class:`portal.pages.wegweiser.TopicAnswer`, one per topic) is
digested by the preview's page check, and each topic again as the key of its section while the
page renders (:mod:`portal.pages.sections`), in a process forked after the check. At 10,000
records, rendering the 16 Wegweiser pages again after a hub rename took 0.43 and 0.57 s of
processor time instead of 0.66 and 0.93 s (in-process, two runs each); the check took as long.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from portal.model.entry import Eintrag


def digest(value: Any, versions: Mapping[str, bytes]) -> bytes:
    """A digest of ``value`` that changes when anything a template could read of it changes."""
    hasher = hashlib.blake2b(digest_size=16)
    _feed(hasher, value, versions)
    return hasher.digest()


_RECORD, _PLAIN, _SEQUENCE, _SET, _MAPPING, _TYPE, _DATACLASS, _ONCE, _OTHER = range(9)
_KEPT = "_digest_kept"  # where an instance digested once keeps (versions, digest)
_PLAIN_TYPES = (str, int, float, bool, date, type(None), bytes)


class _Shapes(dict):
    """Type -> how it is fed (one of the constants above), decided on first sight of the type.
    Why: a Wegweiser page's answer and its 600 section keys are about 20,000 values, each fed
    through a chain of ``isinstance`` checks before; looked up by type, the digests of a 10,000
    record page took about a third less."""

    def __missing__(self, kind: type) -> int:
        if issubclass(kind, Eintrag):
            shape = _RECORD
        elif issubclass(kind, _PLAIN_TYPES):
            shape = _PLAIN
        elif issubclass(kind, (list, tuple)):
            shape = _SEQUENCE
        elif issubclass(kind, (frozenset, set)):
            shape = _SET
        elif issubclass(kind, dict):
            shape = _MAPPING
        elif issubclass(kind, type):
            shape = _TYPE
        elif dataclasses.is_dataclass(kind):
            shape = _ONCE if getattr(kind, "digest_once", False) else _DATACLASS
        else:
            shape = _OTHER
        self[kind] = shape
        return shape


_SHAPES = _Shapes()


def _feed(hasher, value: Any, versions: Mapping[str, bytes]) -> None:
    shape = _SHAPES[type(value)]
    if shape == _RECORD:
        record_id = value.id
        version = versions.get(record_id)
        hasher.update(b"R" + record_id.encode() + b"\0" + (version if version is not None else repr(value).encode()))
    elif shape == _PLAIN:
        hasher.update(f"{type(value).__name__}:{value!r}\0".encode())
    elif shape in (_SEQUENCE, _SET):
        hasher.update(b"[")
        for item in (sorted(value, key=repr) if shape == _SET else value):
            _feed(hasher, item, versions)
        hasher.update(b"]")
    elif shape == _MAPPING:
        hasher.update(b"{")
        for key, item in value.items():
            _feed(hasher, key, versions)
            _feed(hasher, item, versions)
        hasher.update(b"}")
    elif shape == _TYPE:
        hasher.update(f"T:{value.__module__}.{value.__qualname__}\0".encode())
    elif shape == _DATACLASS:
        _feed_fields(hasher, value, versions)
    elif shape == _ONCE:
        kept = value.__dict__.get(_KEPT)
        if kept is None or kept[0] is not versions:
            inner = hashlib.blake2b(digest_size=16)
            _feed_fields(inner, value, versions)
            kept = value.__dict__[_KEPT] = (versions, inner.digest())  # frozen or not: not a field
        hasher.update(b"O" + kept[1])
    else:  # pydantic models other than records (settings, counts) print every field; anything else
        hasher.update(repr(value).encode())  # whose repr names its address never matches: rendered again


def _feed_fields(hasher, value: Any, versions: Mapping[str, bytes]) -> None:
    hasher.update(type(value).__qualname__.encode() + b"(")
    for name in value.__dataclass_fields__:
        _feed(hasher, getattr(value, name), versions)
    hasher.update(b")")
