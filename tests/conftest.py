import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every flow test (about 10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds_copy(tmp_path):
    """A private copy of the sample corpus (with its manifest) that a test may change."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest
