"""Plain functions from sources to events; no Prefect here (flows/ composes these)."""
import hashlib
from pathlib import Path

__version__ = "0.1.0"


def _fingerprint() -> str:
    """Changes whenever extractor code or rules change, so stored extractions know their version."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".json", ".txt", ".toml", ".tsv", ".csv"} and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:10]


EXTRACTOR_VERSION = f"{__version__}+{_fingerprint()}"
