"""``python -m coherence``."""

from coherence.cli import entry

entry()
