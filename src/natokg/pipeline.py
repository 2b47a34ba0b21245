"""The library API: articles in, knowledge graph out.

This is what `natokg build` runs and what a notebook calls:

    >>> from natokg.pipeline import build
    >>> report = build(["articles/"], store="my-store")      # doctest: +SKIP

Data flows one way through the stages, one module each: ingest → nlp → link
→ relations → rdf → store. Nothing is written until every document has been
read and extracted, and then all document graphs are replaced in one
transaction, so a failed build leaves the store exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad

from natokg.gazetteer import load_gazetteer
from natokg.ingest import read_documents
from natokg.link import Linker
from natokg.model import Document, Extraction
from natokg.nlp import DEFAULT_MODEL, load_pipeline, model_name
from natokg.rdf import document_iri, extraction_quads
from natokg.relations import extract
from natokg.store import GraphStore, open_store

Progress = Callable[[Document], None]


@dataclass
class BuildReport:
    """What a build did: documents and facts written, and where."""

    store: str
    documents: list[Document] = field(default_factory=list)
    facts: int = 0
    quads: int = 0


def extract_documents(
    documents: Iterable[Document], model: str = DEFAULT_MODEL, progress: Progress | None = None
) -> Iterator[Extraction]:
    """Parse, link and relate each document; the whole extraction, no store involved."""
    nlp = load_pipeline(model)
    linker = Linker(load_gazetteer())
    for doc, document in nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=32):
        extraction = extract(linker.link(doc, document))
        if progress is not None:
            progress(document)
        yield extraction


def document_graphs(extractions: Iterable[Extraction], model: str) -> dict[NamedNode, list[Quad]]:
    """Each document's named graph; the same document twice keeps its last reading."""
    return {document_iri(e.document.id): extraction_quads(e, model) for e in extractions}


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: GraphStore | str | os.PathLike[str] | None = None,
    *,
    model: str = DEFAULT_MODEL,
    progress: Progress | None = None,
    endpoint: str | None = None,
) -> BuildReport:
    """Read articles from files and folders and replace their graphs in the store."""
    documents = read_documents(paths)
    target = store if isinstance(store, GraphStore) else open_store(store, endpoint=endpoint)
    report = BuildReport(store=target.location)
    recorded = model_name(load_pipeline(model))
    extractions = list(extract_documents(documents, model, progress))
    graphs = document_graphs(extractions, recorded)
    unique = list({e.document.id: e for e in extractions}.values())
    report.documents = [e.document for e in unique]
    report.facts = sum(len(e.facts) for e in unique)
    report.quads = target.replace_graphs(graphs)
    target.flush()
    return report
