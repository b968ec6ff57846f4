"""The JSON report: stable and documented.

Shape (``version`` 1)::

    {
      "version": 1,
      "scheme": {"name", "school", "file", "framework", "system", "placed",
                 "units", "steps"},
      "metrics": {
        "totals": {"units", "steps", "lessons", "edges", "prior", "undefined",
                   "connectedness", "longest_chain", "coverage",
                   "blocking", "delay", "centrality", "complexity"},
        "steps": {"<step id>": {"blocking", "delay", "centrality", "complexity"}},
        "strands": {"<strand>": {"steps", "lessons", "periods_visited",
                                 "longest_gap", "first", "last"}},
        "keystones": ["<step id>", ...],
        "coverage": {"percent", "in_scope", "covered", "uncovered"} | null,
        "condensed": bool,
        "notes": [str]
      },
      "counts": {"error", "warning", "info", "accepted"},
      "findings": [{"rule", "severity", "nodes": [ids], "message",
                    "location": {"file", "line"}, "accepted", "reason", "data"}],
      "skipped": [{"rule", "why"}]
    }

Centrality values are exact integers (they can exceed 2**53; JSON readers
that use doubles may round the largest). Reports of more than 2,000 steps are
written compactly (no indentation): Python's fast JSON encoder only runs
without it, and such files are read by programs, not people.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from coherence.audit import AuditResult
from coherence.text import json_safe

VERSION = 1


def to_dict(result: AuditResult) -> dict[str, Any]:
    """The report as plain data (see the module docstring for the shape)."""
    cg = result.graph
    m = result.metrics
    scheme = cg.scheme
    return {
        "version": VERSION,
        "scheme": {
            "name": scheme.name,
            "school": scheme.school,
            "file": cg.file,
            "framework": cg.framework.id if cg.framework else None,
            "system": scheme.system,
            "placed": cg.placed,
            "units": len(cg.units),
            "steps": len(cg.order),
        },
        "metrics": {
            "totals": m.totals,
            "steps": {
                k: {
                    "blocking": v.blocking,
                    "delay": v.delay,
                    "centrality": v.centrality,
                    "complexity": v.complexity,
                }
                for k, v in m.steps.items()
            },
            "strands": {
                k: {kk: vv for kk, vv in asdict(v).items() if kk != "strand"}
                for k, v in m.strands.items()
            },
            "keystones": m.keystones,
            "coverage": (
                {
                    "percent": m.coverage.percent,
                    "in_scope": list(m.coverage.in_scope),
                    "covered": list(m.coverage.covered),
                    "uncovered": list(m.coverage.uncovered),
                }
                if m.coverage
                else None
            ),
            "condensed": m.condensed,
            "notes": m.notes,
        },
        "counts": result.counts(),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "nodes": list(f.nodes),
                "message": f.message,
                "location": {"file": f.file, "line": f.line},
                "accepted": f.accepted,
                "reason": f.reason,
                "data": dict(f.data),
            }
            for f in result.findings
        ],
        "skipped": [{"rule": s.rule, "why": s.why} for s in result.skipped],
    }


def render_json(result: AuditResult) -> str:
    """The JSON report as text (UTF-8, indented)."""
    indent = 2 if len(result.graph.order) <= 2000 else None
    text = json.dumps(to_dict(result), indent=indent, ensure_ascii=False, default=str)
    return json_safe(text) + "\n"
