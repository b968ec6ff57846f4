"""coherence: a curriculum coherence graph analyser for schemes of learning."""

__version__ = "0.1.0"
