"""Subcommands of ``coherence``; each module is discovered by :mod:`coherence.cli`."""
