"""Documents to extractions: spaCy over the article text, then temporal tagging, then event mentions.

One bad document never stops a batch: an exception while extracting it becomes that document's
`error` (the flow records it as a rejection with this reason), and the others go on.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from extractors.documents import Document
from extractors.events import EventMention, extract_mentions
from extractors.nlp import load_nlp
from extractors.temporal import tag
from extractors.temporal.timex import Timex

NLP_BATCH_SIZE = int(os.environ.get("TIMELINE_NLP_BATCH_SIZE", "16"))  # documents per nlp.pipe batch
# One extraction at a time per process: the spaCy model is not used from two threads at once (a
# threaded task runner gains nothing on CPU-bound work anyway; processes run in parallel).
_ONE_AT_A_TIME = threading.Lock()


@dataclass
class Extraction:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    error: str | None = None  # why extraction failed for this document (then nothing else is set)


def _failure(stage: str, e: Exception) -> str:
    return f"extraction failed in the {stage}: {type(e).__name__}: {e}"[:500]


def extract_one(document: Document, doc, nlp=None) -> Extraction:
    """Tag one parsed document; an exception becomes the extraction's error."""
    stage = "spaCy parse"
    try:
        if doc is None:
            doc = (nlp or load_nlp())(document.content)
        stage = "temporal tagger"
        timexes = tag(document.content, document.published_at, doc)
        stage = "event extractor"
        mentions = extract_mentions(document.doc_id, doc, timexes, document.published_at)
    except Exception as e:  # noqa: BLE001 - any bug on one input must not stop the batch
        return Extraction(document, error=_failure(stage, e))
    return Extraction(document, timexes, mentions)


def extract_documents(documents: list[Document]) -> list[Extraction]:
    """Extract every accepted document; the model is loaded once per process."""
    with _ONE_AT_A_TIME:
        return _extract_documents(documents)


def _extract_documents(documents: list[Document]) -> list[Extraction]:
    nlp = load_nlp()
    contents = [d.content for d in documents]
    try:
        docs = list(nlp.pipe(contents, batch_size=NLP_BATCH_SIZE))
    except Exception:  # noqa: BLE001 - parse them one by one to find the one that fails
        docs = [None] * len(documents)
    return [extract_one(document, doc, nlp) for document, doc in zip(documents, docs)]
