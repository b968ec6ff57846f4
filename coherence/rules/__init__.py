"""Coherence rules: one module per family; :data:`REGISTRY` lists them all."""
