"""``coherence schema``: print the JSON Schema of the scheme file format."""

from __future__ import annotations

import argparse
import json

NAME = "schema"
ORDER = 90
HELP = "print the JSON Schema of the scheme format (for editor validation)"
DESCRIPTION = """Print the JSON Schema of the YAML scheme format, generated from the models.

Save it and point your editor at it, e.g. first line of a scheme:
  # yaml-language-server: $schema=./scheme.schema.json"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``schema`` (none)."""


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from coherence.io import write_output
    from coherence.model import scheme_json_schema

    write_output(json.dumps(scheme_json_schema(), indent=2) + "\n")
    return 0
