"""Answers to slow queries, kept beside the store generation they were computed on.

A committed generation never changes (a build writes a new one, see
`local.py`), so neither does any query's answer on it: an answer can be kept
and read back for as long as that generation is current, and is never stale.

Worth it because Oxigraph on disk spends about 13 µs decoding the strings of
each result row, and decodes them again at every comparison an ORDER BY makes:
the list questions (`statements` returns 10,000 rows on a million quads) take
a second or more however they are written, while the same rows read back from
a SPARQL TSV file take about 12 ms. Only answers that took longer than `SLOW`
to compute are kept (the summary-backed questions answer in about a
millisecond and need no file), each at most `MAX_BYTES`, at most `MAX_TOTAL`
per generation. Keeping is best effort: a store folder that cannot be written
to still answers every query, uncached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph
from pyoxigraph import QueryResultsFormat, QuerySolutions, Variable, parse_query_results

from natokg.store.protocol import Results, Term

SLOW = 0.02  # seconds: answers computed faster than this are not worth a file
MAX_BYTES = 64 << 20  # one answer's TSV
MAX_TOTAL = 512 << 20  # all answers kept for one generation
_FORMAT = QueryResultsFormat.TSV  # terms written as in N-Triples: exact, and the fastest to read
_SUFFIX = ".tsv"
_ENGINE = f"pyoxigraph {pyoxigraph.__version__}"  # another Oxigraph may answer differently


class ResultCache:
    """The kept answers of one generation, in a folder of their own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def answer(
        self,
        sparql: str,
        substitutions: Mapping[Variable, Term],
        union: bool,
        evaluate: Callable[[], Results],
    ) -> Results:
        """The kept answer to this query, else `evaluate()`'s, kept if it was slow."""
        path = self.folder / (_key(sparql, substitutions, union) + _SUFFIX)
        try:
            return parse_query_results(path.read_bytes(), format=_FORMAT)
        except OSError:  # not kept yet, or a folder this user cannot read: compute it
            pass
        started = time.perf_counter()
        results = evaluate()
        if not isinstance(results, QuerySolutions):  # booleans and graphs: cheap, or no TSV
            return results
        # in memory up to MAX_BYTES (fast answers never touch the disk), on disk beyond
        spool = tempfile.SpooledTemporaryFile(MAX_BYTES)  # noqa: SIM115 - lives while read
        results.serialize(spool, format=_FORMAT)
        if time.perf_counter() - started >= SLOW:
            self._keep(path, spool)
        spool.seek(0)
        return parse_query_results(spool, format=_FORMAT)

    def _keep(self, path: Path, spool: IO[bytes]) -> None:
        size = spool.tell()
        if size > MAX_BYTES or size + self._kept_bytes() > MAX_TOTAL:
            return
        spool.seek(0)
        partial: Path | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", delete=False) as out:
                partial = Path(out.name)  # its own name: two threads may keep one answer
                shutil.copyfileobj(spool, out)
            os.replace(partial, path)  # readers see the whole answer or none
        except OSError:  # a store the user may read but not write, or a full disk: not kept
            if partial is not None:
                with contextlib.suppress(OSError):
                    partial.unlink()

    def _kept_bytes(self) -> int:
        try:
            return sum(entry.stat().st_size for entry in self.folder.iterdir())
        except OSError:
            return 0


def _key(sparql: str, substitutions: Mapping[Variable, Term], union: bool) -> str:
    bound = sorted(f"{variable}={term}" for variable, term in substitutions.items())
    text = "\n".join([_ENGINE, f"union={union}", sparql, *bound])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
