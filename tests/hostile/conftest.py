"""Fixtures for the hostile-input battery."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.load import bundled_scheme_path
from tests.load.test_bad_input import GOOD as TINY


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A small valid scheme."""
    f = tmp_path / "tiny.yaml"
    f.write_text(TINY)
    return f


@pytest.fixture
def example() -> str:
    """The bundled example scheme."""
    return bundled_scheme_path()
