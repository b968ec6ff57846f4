"""The JSON report: stable and documented.

Shape (``version`` 1)::

    {
      "version": 1,
      "scheme": {"name", "school", "file", "framework", "system", "placed",
                 "units", "steps",
                 "load_notes": [{"message", "file", "line", "cell"}],
                 "texts": {"<step or unit id>": {"prior_knowledge": [str],
                                                 "notes": str | null}}},
      "metrics": {
        "totals": {"units", "steps", "lessons", "edges", "prior", "undefined",
                   "connectedness", "longest_chain", "coverage",
                   "blocking", "delay", "centrality", "complexity"},
        "steps": {"<step id>": {"blocking", "delay", "centrality", "complexity"}},
        "steps_shown": "with-findings" | "all",
        "strands": {"<strand>": {"steps", "lessons", "periods_visited",
                                 "longest_gap", "first", "last"}},
        "keystones": ["<step id>", ...],
        "coverage": {"percent", "in_scope", "covered", "uncovered"} | null,
        "condensed": bool,
        "notes": [str]
      },
      "counts": {"error", "warning", "info", "accepted"},
      "findings": [{"rule", "severity", "nodes": [ids], "message",
                    "location": {"file", "line"}, "accepted", "reason", "data",
                    "inferred"?}],
      "skipped": [{"rule", "why"}],
      "inferred_links"?: int
    }

When the scheme holds links drafted by ``coherence link`` (awaiting review) and the
audit used them, ``inferred_links`` counts them and every finding has ``inferred``:
true when it rests on one. Without drafted links both keys are absent.

``load_notes`` is what the loader read loosely (a sheet skipped, a cell split into
steps, prior knowledge matched to a step); ``texts`` holds the department's own
prior-knowledge statements and notes, for the steps and units that have any.

``metrics.steps`` holds the steps that have findings (``steps_shown`` is
``with-findings``); ``--metrics full`` (``metrics="full"``) gives every step
(``all``). Centrality adds up the steps on every chain of prerequisites through
a step; chains multiply, so it grows exponentially
along long chains: by default a value of 10**15 or more is a string in
scientific form (``"1.63e4771"``); with ``full`` every value is an exact
integer, however many digits (JSON readers that use doubles may round values
above 2**53). Reports of more than 2,000 steps are written compactly (no
indentation): Python's fast JSON encoder only runs without it, and such files
are read by programs, not people.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any, Literal

from coherence.audit import AuditResult
from coherence.report.common import with_own_words
from coherence.text import json_safe
from coherence.util import BIG, short_count

VERSION = 1

MetricsDetail = Literal["summary", "full"]


def _count(n: int, full: bool) -> int | str:
    """An exact integer, or (unless ``full``) a huge one in scientific form."""
    return int(n) if full or -BIG < n < BIG else short_count(n)


def to_dict(result: AuditResult, metrics: MetricsDetail = "summary") -> dict[str, Any]:
    """The report as plain data (see the module docstring for the shape)."""
    cg = result.graph
    m = result.metrics
    scheme = cg.scheme
    full = metrics == "full"
    involved = {n for f in result.findings for n in f.nodes}
    totals = {**m.totals, "centrality": _count(int(m.totals["centrality"] or 0), full)}
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
            "load_notes": [n.model_dump() for n in scheme.load_notes],
            "texts": {
                item.id: {"prior_knowledge": list(item.prior_knowledge), "notes": item.notes}
                for item in with_own_words(scheme)
            },
        },
        "metrics": {
            "totals": totals,
            "steps": {
                k: {
                    "blocking": v.blocking,
                    "delay": v.delay,
                    "centrality": _count(v.centrality, full),
                    "complexity": v.complexity,
                }
                for k, v in m.steps.items()
                if full or k in involved
            },
            "steps_shown": "all" if full else "with-findings",
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
                **({"inferred": f.inferred} if result.inferred_links else {}),
            }
            for f in result.findings
        ],
        "skipped": [{"rule": s.rule, "why": s.why} for s in result.skipped],
        **({"inferred_links": result.inferred_links} if result.inferred_links else {}),
    }


def format_json(result: AuditResult, metrics: MetricsDetail = "summary") -> str:
    """The JSON report as text (UTF-8, indented up to 2,000 steps).

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> data = json.loads(format_json(run_audit(None)))
    >>> data["metrics"]["steps_shown"], len(data["metrics"]["steps"]) < data["scheme"]["steps"]
    ('with-findings', True)
    """
    indent = 2 if len(result.graph.order) <= 2000 else None
    data = to_dict(result, metrics)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # exact integers of any size, on request (full)
    try:
        text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    finally:
        sys.set_int_max_str_digits(limit)
    return json_safe(text) + "\n"
