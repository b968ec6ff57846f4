"""The Textual terminal UI of coherence: ``coherence explore PATH``."""
