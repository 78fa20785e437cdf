"""What earlier loads of a data folder read, for a process that loads the same folder again.

Kept by the build session of ``mkdocs serve`` (:mod:`portal.site.incremental`) and handed to
:func:`portal.load.loader.load_catalogue` on every save, so unchanged files are neither parsed nor
validated again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from typing import NamedTuple

from portal.load.filereader import DataFile, FileReader, FileResult

SETTLED_NS = 1_000_000_000
"""How long before a file was read it must have last changed for its status to vouch for its bytes
(:meth:`FileCache.read`): far more than the tick of a file system's clock."""


class _Entry(NamedTuple):
    digest: bytes  # of the file's bytes
    result: FileResult
    status: tuple[int, int, int, int]  # inode, size, modification and change time (ns) before it was read
    settled: bool  # whether it had last changed SETTLED_NS before it was read


def _status(path) -> tuple[int, int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


class FileCache:
    """Results of reading data files, by file and content.

    A file whose bytes are unchanged is neither parsed nor validated again; its result is reused as
    long as its references still resolve (else it is read again, for the positions of the errors).
    The checks across files run on every load. :attr:`versions` names each record's content.

    A file is not even read again while its status (inode, size, modification and change time) is
    the one it had before it was last read, provided it had last changed well before that read
    (:data:`SETTLED_NS`; the rule git uses for "racily clean" files). Writing a file, replacing or
    renaming it sets its change time, which no program can set back; a file changed in the same
    tick of the clock as it was read is read again next time. Why: at 10,000 records reading and
    hashing every file took about 0.12 s of every save before the pages could render, a status
    about 0.02 s."""

    def __init__(self) -> None:
        self._entries: dict[DataFile, _Entry] = {}
        self.versions: dict[str, bytes] = {}
        """Record id (or single file's name) -> digest of its file's bytes, as last loaded."""

    def read(self, reader: FileReader, file: DataFile) -> FileResult:
        entry = self._entries.get(file)
        try:
            status = _status(file.path)
            if entry is not None and entry.settled and entry.status == status and reader.still_resolves(entry.result):
                self.versions[file.record_id] = entry.digest
                return entry.result
            read_at = time.time_ns()
            with open(file.path, "rb") as stream:
                raw = stream.read()
        except OSError:
            self._entries.pop(file, None)
            return reader.read(file)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        if entry is not None and entry.digest == digest and reader.still_resolves(entry.result):
            result = entry.result
        else:
            result = reader.read(file, raw)
        self._entries[file] = _Entry(digest, result, status, max(status[2:]) < read_at - SETTLED_NS)
        self.versions[file.record_id] = digest
        return result

    def keep_only(self, files: Sequence[DataFile]) -> None:
        """Forget files that are gone (renamed or deleted), so the cache does not grow."""
        listed = set(files)
        for gone in [file for file in self._entries if file not in listed]:
            del self._entries[gone]
        ids = {file.record_id for file in files}
        for gone_id in [record_id for record_id in self.versions if record_id not in ids]:
            del self.versions[gone_id]
