"""The Markdown report, for sharing with senior leaders.

Scheme text is escaped: Markdown punctuation is backslashed, ``<``/``>``/``&``
become entities and control characters are shown as escapes, so a step titled
``<b>x</b>`` or ``[link](javascript:...)`` shows literally wherever the Markdown
is rendered.
"""

from __future__ import annotations

import re

from coherence.audit import AuditResult
from coherence.report.common import grouped, node_title, when, where
from coherence.text import printable

# Scheme text never starts a line here (it sits in table cells or after a label),
# so only inline syntax needs escaping: emphasis, code, links, tables, strikethrough.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md_escape(text: str) -> str:
    """Escape text for Markdown (also safe inside table cells).

    Examples
    --------
    >>> md_escape("<b>x</b> [a](b) | c")
    '&lt;b&gt;x&lt;/b&gt; \\\\[a\\\\](b) \\\\| c'
    """
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render_markdown(result: AuditResult) -> str:
    """Render the audit as Markdown."""
    cg = result.graph
    t = result.metrics.totals
    c = result.counts()
    out = [f"# Coherence audit: {md_escape(cg.scheme.name)}", ""]
    facts = [
        ("Units", t["units"]),
        ("Small steps", t["steps"]),
        ("Lessons", t["lessons"]),
        ("Prerequisite links", t["edges"]),
        ("Steps with a prerequisite", f"{float(t['connectedness'] or 0) * 100:.1f}%"),
        ("Longest prerequisite chain", _plural(int(t["longest_chain"] or 0), "step")),
    ]
    if cg.framework is not None:
        facts.append((f"Coverage of {md_escape(cg.framework.name)}", f"{t['coverage']}%"))
    facts.append(
        (
            "Findings",
            f"{_plural(c['error'], 'error')}, {_plural(c['warning'], 'warning')}, "
            f"{c['info']} info, {c['accepted']} accepted",
        )
    )
    out += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts] + [""]
    for group in grouped(result):
        out += [
            f"## {group.rule} ({group.severity}, {len(group.findings)})",
            "",
            f"*{md_escape(group.summary)}*",
            "",
            "| Step | When | Finding | Where |",
            "|---|---|---|---|",
        ]
        for f in group.findings:
            first = f.nodes[0] if f.nodes else ""
            title = node_title(result, first)
            step = md_escape(first) + (f": {md_escape(title)}" if title != first else "")
            msg = md_escape(f.message)
            if f.accepted:
                msg = f"**Accepted**: {md_escape(f.reason or '')}. {msg}"
            out.append(
                f"| {step} | {md_escape(when(result, f))} | {msg} | {md_escape(where(result, f))} |"
            )
        out.append("")
    if result.skipped:
        out += ["## Skipped rules", ""]
        out += [f"- **{s.rule}**: {md_escape(s.why)}" for s in result.skipped]
        out.append("")
    m = result.metrics
    if m.keystones:
        out += [
            "## Keystone steps",
            "",
            "Steps that the most later steps build on (blocking factor).",
            "",
            "| Step | Title | Taught | Blocking | Delay |",
            "|---|---|---|---:|---:|",
        ]
        for n in m.keystones[:10]:
            s = m.steps[n]
            out.append(
                f"| {md_escape(n)} | {md_escape(node_title(result, n))} | "
                f"{md_escape(cg.period_label(n))} | {s.blocking} | {s.delay} |"
            )
        out.append("")
    if m.strands:
        out += [
            "## Strands",
            "",
            "| Strand | Steps | Lessons | Half-terms visited | Longest gap |",
            "|---|---:|---:|---:|---:|",
        ]
        for st in m.strands.values():
            gap = "-" if st.longest_gap is None else str(st.longest_gap)
            out.append(
                f"| {md_escape(st.strand)} | {st.steps} | {st.lessons} "
                f"| {st.periods_visited} | {gap} |"
            )
        out.append("")
    return "\n".join(out)
