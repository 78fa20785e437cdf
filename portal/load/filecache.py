"""What earlier loads of a data folder read, for a process that loads the same folder again.

Kept by the build session of ``mkdocs serve`` (:mod:`portal.site.incremental`) and handed to
:func:`portal.load.loader.load_catalogue` on every save, so unchanged files are neither parsed nor
validated again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from portal.load.filereader import DataFile, FileReader, FileResult


class FileCache:
    """Results of reading data files, by file and content.

    A file whose bytes are unchanged is neither parsed nor validated again; its result is reused as
    long as its references still resolve (else it is read again, for the positions of the errors).
    The checks across files run on every load. :attr:`versions` names each record's content."""

    def __init__(self) -> None:
        self._entries: dict[DataFile, tuple[bytes, FileResult]] = {}
        self.versions: dict[str, bytes] = {}
        """Record id (or single file's name) -> digest of its file's bytes, as last loaded."""

    def read(self, reader: FileReader, file: DataFile) -> FileResult:
        try:
            with open(file.path, "rb") as stream:
                raw = stream.read()
        except OSError:
            self._entries.pop(file, None)
            return reader.read(file)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        entry = self._entries.get(file)
        if entry is not None and entry[0] == digest and reader.still_resolves(entry[1]):
            result = entry[1]
        else:
            result = reader.read(file, raw)
            self._entries[file] = (digest, result)
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
