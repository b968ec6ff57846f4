"""The Markdown report, for sharing with senior leaders.

Scheme text is escaped: Markdown punctuation is backslashed, ``<``/``>``/``&``
become entities and control characters are shown as escapes, so a step titled
``<b>x</b>`` or ``[link](javascript:...)`` shows literally wherever the Markdown
is rendered.
"""

from __future__ import annotations

import re

from coherence.audit import AuditResult
from coherence.report import common
from coherence.report.common import grouped, node_title, when, where
from coherence.report.text import PLAIN_MEASURES, measures_note
from coherence.text import printable
from coherence.util import plural

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


def render_markdown(result: AuditResult) -> str:
    """Render the audit as Markdown."""
    from coherence.report.common import note_text, written_texts

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
        ("Longest prerequisite chain", plural(int(t["longest_chain"] or 0), "step")),
    ]
    if cg.framework is not None:
        cov = f"{t['coverage']}%" if t["coverage"] is not None else "not linked yet"
        facts.append((f"Coverage of {md_escape(cg.framework.name)}", cov))
    facts.append(
        (
            "Findings",
            f"{plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, "
            f"{c['info']} info, {c['accepted']} accepted",
        )
    )
    out += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts] + [""]
    note = common.drafted_note(result)
    if note:
        out += [f"*{md_escape(note)}*", ""]
    notes = cg.scheme.load_notes
    if notes:
        out += ["## Read loosely from the file", ""]
        out += [f"- {md_escape(note_text(n))}" for n in notes] + [""]
    texts = written_texts(cg.scheme)
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
            for label, text in texts.get(first, ()):
                step += f"<br>*{label}:* {md_escape(text)}"
            msg = md_escape(f.message)
            if f.accepted:
                msg = f"**Accepted**: {md_escape(f.reason or '')}. {msg}"
            if f.inferred:
                msg = f"*({common.DRAFTED_MARK})* {msg}"
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
        unlocks, chain, _ = (m[0].capitalize() for m in PLAIN_MEASURES.values())
        out += [
            "## Keystone steps",
            "",
            "The steps that the most later steps build on: if pupils miss these, the most later "
            "learning is at risk.",
            "",
            f"| Step | Title | Taught | {unlocks} | {chain} |",
            "|---|---|---|---:|---:|",
        ]
        for n in m.keystones[:10]:
            s = m.steps[n]
            out.append(
                f"| {md_escape(n)} | {md_escape(node_title(result, n))} | "
                f"{md_escape(cg.period_label(n))} | {s.blocking} | {s.delay} |"
            )
        out += ["", f"*{md_escape(measures_note(('blocking', 'delay')))}*", ""]
    if m.strands:
        period = cg.period_name
        out += [
            "## Strands",
            "",
            f"| Strand | Steps | Lessons | {period.capitalize()}s taught in | Longest gap |",
            "|---|---:|---:|---:|---:|",
        ]
        for st in m.strands.values():
            gap = "-" if st.longest_gap is None else str(st.longest_gap)
            out.append(
                f"| {md_escape(st.strand)} | {st.steps} | {st.lessons} "
                f"| {st.periods_visited} | {gap} |"
            )
        out += [
            "",
            f"*Longest gap: the most {period}s from one visit to the strand to the next.*",
            "",
        ]
    return "\n".join(out)
