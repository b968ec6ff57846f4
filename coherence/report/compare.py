"""Comparison reports: text, JSON, Markdown and HTML (all scheme text escaped)."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from coherence.compare import NWay, Pairwise, SchemeKeys
from coherence.report.markdown import md_escape
from coherence.report.text import to_string


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _scheme_dict(s: SchemeKeys) -> dict[str, Any]:
    return {
        "name": s.name,
        "file": s.file,
        "placed": s.placed,
        "totals": s.totals,
        "findings": s.findings,
        "keys": len(s.keys),
    }


def to_dict(cmp: Pairwise | NWay) -> dict[str, Any]:
    """Plain data for JSON: ``{"kind": "pair"|"n-way", ...}``."""
    if isinstance(cmp, Pairwise):
        return {
            "version": 1,
            "kind": "pair",
            "match": cmp.match,
            "a": _scheme_dict(cmp.a),
            "b": _scheme_dict(cmp.b),
            "coverage": cmp.coverage,
            "shared": cmp.shared,
            "far_apart": cmp.far_apart,
            "order_agreement": {"tau": cmp.tau, "by_strand": cmp.tau_by_strand},
            "keystones": {"only_a": cmp.keystones_only_a, "only_b": cmp.keystones_only_b},
            "notes": cmp.notes,
        }
    return {
        "version": 1,
        "kind": "n-way",
        "match": cmp.match,
        "schemes": [_scheme_dict(s) for s in cmp.schemes],
        "similarity": {"coverage": cmp.coverage, "order": cmp.order},
        "first_taught": cmp.table,
        "disagreements": cmp.disagreements,
        "notes": cmp.notes,
    }


def render_json(cmp: Pairwise | NWay) -> str:
    """JSON text."""
    return json.dumps(to_dict(cmp), indent=2, ensure_ascii=False, default=str) + "\n"


HALF_TERMS = ["Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2"]
STRUCTURE = ("steps", "lessons", "units", "connectedness", "longest_chain", "coverage")


def _timeline(cmp: Pairwise) -> list[tuple[str, str, str]]:
    rows = []
    for strand in sorted(set(cmp.a.strand_units) | set(cmp.b.strand_units)):
        for who in (cmp.a, cmp.b):
            periods = who.strand_periods.get(strand, [])
            ppy = who.periods_per_year
            text = (
                ", ".join(f"Y{p // ppy} {p % ppy + 1}" for p in sorted(set(periods)))
                or "not taught"
            )
            rows.append((strand, who.name, text))
    return rows


def render_text(cmp: Pairwise | NWay, *, color: bool = False, width: int = 110) -> str:
    """A readable comparison for the terminal."""
    parts: list[Any] = []
    if isinstance(cmp, Pairwise):
        a, b = cmp.a.name, cmp.b.name
        parts.append(Text(f"Comparing {a} (A) with {b} (B), matched by {cmp.match}\n", "bold"))
        cov = Table(title="Coverage by strand", title_justify="left")
        for col in ("strand", "both", "only A", "only B", "neither"):
            cov.add_column(col)
        for strand, cols in cmp.coverage.items():
            cov.add_row(
                Text(strand), *(str(len(cols[c])) for c in ("both", "only_a", "only_b", "neither"))
            )
        parts.append(cov)
        only = [(k, "A") for cols in cmp.coverage.values() for k in cols["only_a"]]
        only += [(k, "B") for cols in cmp.coverage.values() for k in cols["only_b"]]
        if only:
            t = Text("Taught by one school only: ", "bold")
            t.append(
                ", ".join(f"{k} ({w})" for k, w in only[:40]) + (" …" if len(only) > 40 else "")
            )
            parts.append(t)
        seq = Text("\nOrder agreement (Kendall's tau-b on first-taught order): ", "bold")
        seq.append(_fmt(cmp.tau))
        for strand, tau in cmp.tau_by_strand.items():
            seq.append(f"\n  {strand}: {_fmt(tau)}")
        parts.append(seq)
        if cmp.far_apart:
            far = Table(title="Taught more than a year apart", title_justify="left")
            for col in ("key", "strand", "A", "B", "gap"):
                far.add_column(col)
            for s in cmp.far_apart[:30]:
                far.add_row(
                    Text(s["key"]), Text(s["strand"]), Text(s["a"]), Text(s["b"]), str(s["gap"])
                )
            parts.append(far)
        st = Table(title="Structure", title_justify="left")
        for col in ("", a, b):
            st.add_column(Text(col))
        for k in STRUCTURE:
            st.add_row(k, str(cmp.a.totals.get(k, "–")), str(cmp.b.totals.get(k, "–")))
        for rule in sorted(set(cmp.a.findings) | set(cmp.b.findings)):
            st.add_row(rule, str(cmp.a.findings.get(rule, 0)), str(cmp.b.findings.get(rule, 0)))
        parts.append(st)
        ks = Text("Keystones only in A: ", "bold")
        ks.append(", ".join(cmp.keystones_only_a) or "none")
        ks.append("\nKeystones only in B: ", "bold")
        ks.append(", ".join(cmp.keystones_only_b) or "none")
        parts.append(ks)
        tl = Table(
            title="\nTimeline by strand (year and half-term of each visit)", title_justify="left"
        )
        for col in ("strand", "school", "taught in"):
            tl.add_column(col)
        for row in _timeline(cmp):
            tl.add_row(*(Text(x) for x in row))
        parts.append(tl)
    else:
        names = [s.name for s in cmp.schemes]
        parts.append(Text(f"Comparing {len(names)} schemes, matched by {cmp.match}\n", "bold"))
        idx = Table(title="Schools", title_justify="left")
        idx.add_column("#")
        idx.add_column("school")
        idx.add_column("keys")
        for i, school in enumerate(cmp.schemes, 1):
            idx.add_row(str(i), Text(school.name), str(len(school.keys)))
        parts.append(idx)
        matrices: list[tuple[str, list[list[float | None]]]] = [
            ("Coverage similarity (Jaccard)", [list(r) for r in cmp.coverage]),
            ("Order agreement (Kendall's tau-b)", cmp.order),
        ]
        for title, matrix in matrices:
            m = Table(title=title, title_justify="left")
            m.add_column("")
            for i in range(len(names)):
                m.add_column(str(i + 1), justify="right")
            for i, values in enumerate(matrix):
                m.add_row(str(i + 1), *(_fmt(x) for x in values))
            parts.append(m)
        if cmp.disagreements:
            d = Table(
                title="Where schools disagree most (facilitator's agenda)", title_justify="left"
            )
            for col in ("key", "statement", "spread", "earliest", "latest", "schools"):
                d.add_column(col)
            for dis in cmp.disagreements:
                d.add_row(
                    Text(dis["key"]),
                    Text(dis["title"]),
                    str(dis["spread"]),
                    Text(f"{dis['earliest']['school']}: {dis['earliest']['when']}"),
                    Text(f"{dis['latest']['school']}: {dis['latest']['when']}"),
                    str(dis["schools"]),
                )
            parts.append(d)
    for note in cmp.notes:
        parts.append(Text(f"note: {note}", "yellow"))
    return to_string(Group(*parts), color=color, width=width)


def render_markdown(cmp: Pairwise | NWay) -> str:
    """Markdown for sharing (escaped)."""
    e = md_escape
    out: list[str] = []
    if isinstance(cmp, Pairwise):
        out += [
            f"# {e(cmp.a.name)} and {e(cmp.b.name)} compared",
            "",
            f"Matched by {cmp.match}.",
            "",
        ]
        out += ["| Strand | Both | Only A | Only B | Neither |", "|---|---:|---:|---:|---:|"]
        for strand, cols in cmp.coverage.items():
            out.append(
                f"| {e(strand)} | "
                + " | ".join(str(len(cols[c])) for c in ("both", "only_a", "only_b", "neither"))
                + " |"
            )
        out += ["", f"Order agreement (Kendall's tau-b): **{_fmt(cmp.tau)}**", ""]
        if cmp.far_apart:
            out += [
                "## Taught more than a year apart",
                "",
                "| Key | A | B | Gap |",
                "|---|---|---|---:|",
            ]
            out += [
                f"| {e(s['key'])} | {e(s['a'])} | {e(s['b'])} | {s['gap']} |" for s in cmp.far_apart
            ]
            out.append("")
        out += ["## Structure", "", f"| | {e(cmp.a.name)} | {e(cmp.b.name)} |", "|---|---:|---:|"]
        out += [
            f"| {k} | {cmp.a.totals.get(k, '–')} | {cmp.b.totals.get(k, '–')} |" for k in STRUCTURE
        ]
    else:
        out += [f"# {len(cmp.schemes)} schemes compared", "", f"Matched by {cmp.match}.", ""]
        out += ["| # | School |", "|---:|---|"] + [
            f"| {i} | {e(s.name)} |" for i, s in enumerate(cmp.schemes, 1)
        ]
        out += ["", "## Coverage similarity (Jaccard)", ""]
        n = len(cmp.schemes)
        out += ["| | " + " | ".join(str(i + 1) for i in range(n)) + " |", "|---" * (n + 1) + "|"]
        out += [
            f"| {i + 1} | " + " | ".join(_fmt(x) for x in row) + " |"
            for i, row in enumerate(cmp.coverage)
        ]
        if cmp.disagreements:
            out += [
                "",
                "## Where schools disagree most",
                "",
                "| Key | Spread | Earliest | Latest |",
                "|---|---:|---|---|",
            ]
            out += [
                f"| {e(d['key'])} | {d['spread']} "
                f"| {e(d['earliest']['school'])}: {e(d['earliest']['when'])} "
                f"| {e(d['latest']['school'])}: {e(d['latest']['when'])} |"
                for d in cmp.disagreements
            ]
    out += ["", *[f"*Note: {e(n)}*" for n in cmp.notes]]
    return "\n".join(out) + "\n"


def render_html(cmp: Pairwise | NWay) -> str:
    """A self-contained HTML page of the Markdown report's content."""
    from importlib import resources

    css = resources.files("coherence.report").joinpath("report.css").read_text("utf-8")
    text = render_text(cmp, width=140)
    title = (
        f"{cmp.a.name} and {cmp.b.name} compared"
        if isinstance(cmp, Pairwise)
        else f"{len(cmp.schemes)} schemes compared"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<h1>{escape(title)}</h1><pre>{escape(text)}</pre>"
        "</body></html>\n"
    )
