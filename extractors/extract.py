"""Documents to extractions: spaCy over the article text, then temporal tagging, then event mentions."""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.documents import Document
from extractors.events import EventMention, extract_mentions
from extractors.nlp import load_nlp
from extractors.temporal import tag
from extractors.temporal.timex import Timex

NLP_BATCH_SIZE = 16


@dataclass
class Extraction:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)


def extract_documents(documents: list[Document]) -> list[Extraction]:
    """Extract every accepted document; the model is loaded once per process."""
    nlp = load_nlp()
    results = []
    contents = (d.content for d in documents)
    for document, doc in zip(documents, nlp.pipe(contents, batch_size=NLP_BATCH_SIZE)):
        timexes = tag(document.content, document.published_at, doc)
        mentions = extract_mentions(document.doc_id, doc, timexes, document.published_at)
        results.append(Extraction(document, timexes, mentions))
    return results
