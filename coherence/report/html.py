"""A self-contained HTML report for senior leaders and Work Group portfolios.

One file, no network: inline CSS and inline SVG maps (from Graphviz's ``dot``
when installed; the report says so when it is not). Printable. All scheme text
is escaped with :func:`html.escape`; the SVG comes from DOT whose labels were
quoted by :func:`coherence.maps.dot_quote`, and ``dot`` escapes text in SVG.
"""

from __future__ import annotations

import re

from coherence.audit import AuditResult
from coherence.errors import InputError
from coherence.report.common import (
    DRAFTED_MARK,
    drafted_note,
    grouped,
    node_title,
    note_text,
    when,
    where,
    written_texts,
)
from coherence.report.text import PLAIN_MEASURES, measures_note
from coherence.rules.registry import REGISTRY
from coherence.text import escape_html as escape


def _css() -> str:
    """The report's stylesheet (``report.css`` beside this module)."""
    from importlib import resources

    return resources.files("coherence.report").joinpath("report.css").read_text("utf-8")


def _svg(dot_source: str) -> str:
    """Inline SVG from DOT, or a note when ``dot`` is not installed."""
    from coherence.maps import dot_available, render_bytes

    if not dot_available():
        return (
            '<p class="why">Map not drawn: Graphviz\'s <code>dot</code> is not installed '
            "(apt-get install graphviz).</p>"
        )
    try:
        svg = render_bytes(dot_source, "svg").decode("utf-8")
    except InputError as e:
        return f'<p class="why">Map not drawn: {escape(str(e))}</p>'
    svg = svg[svg.find("<svg") :]
    # dot's SVG carries no scripts; strip any anyway, so nothing can run in the report.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S | re.I)
    size = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if size and float(size[1]) > 2.5 * float(size[2]):
        # A long, flat map shrunk to the page width has unreadable text: on screen it
        # scrolls sideways at a legible size; print still fits it to the page.
        return f'<div class="map wide">{svg}</div>'
    return f'<div class="map">{svg}</div>'


def _units_maps(result: AuditResult) -> list[str]:
    """The map of units; when it is a long strip, also one landscape page per year for print.

    Shrunk to a printed page, a whole key stage's map is a strip with unreadable
    text; on screen it scrolls sideways, so the screen keeps the whole map (with
    the links between years) and print gets a map per school year instead.
    """
    from coherence.maps import to_dot

    whole = _svg(to_dot(result, units_only=True, reduce=True))
    years = sorted({u.year for u in result.graph.units if u.year is not None})
    if 'class="map wide"' not in whole or len(years) < 2:
        return [whole]
    out = [f'<div class="screen-only">{whole}</div>']
    for year in years:
        out.append(
            f'<section class="print-only year"><h3>Map of units: Year {year}</h3>'
            + _svg(to_dot(result, units_only=True, reduce=True, year=year))
            + "</section>"
        )
    return out


def _why(rule_id: str) -> str:
    """Why a rule matters for learners (its documentation's field)."""
    rule = REGISTRY.get(rule_id)
    return rule.doc.why if rule is not None else ""


def _prose(text: str) -> str:
    """Escape documentation prose, showing its `code` spans as <code> (rule docs use them)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def render_html(result: AuditResult, *, maps: bool = True) -> str:
    """Render the audit as one self-contained, printable HTML page.

    Parameters
    ----------
    result : AuditResult
    maps : bool
        Draw the units-only and per-strand maps (needs ``dot``).

    Returns
    -------
    str
        The HTML document.
    """
    from coherence.maps import to_dot

    cg = result.graph
    m = result.metrics
    t = m.totals
    c = result.counts()
    e = escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Coherence audit: {e(cg.scheme.name)}</title>",
        f"<style>{_css()}</style></head><body>",
        f"<h1>Coherence audit: {e(cg.scheme.name)}</h1>",
        f'<p class="sub">{e(cg.scheme.school or "")} · {e(str(cg.file or ""))}'
        + (f" · framework {e(cg.framework.name)}" if cg.framework else "")
        + "</p>",
        '<h2 class="first">Summary</h2><div class="cards">',
    ]
    cards = [
        (t["units"], "units"),
        (t["steps"], "small steps"),
        (t["lessons"], "lessons"),
        (f"{float(t['connectedness'] or 0) * 100:.0f}%", "steps with a prerequisite"),
        (t["longest_chain"], "longest prerequisite chain"),
        (f"{t['coverage']}%" if t["coverage"] is not None else "–", "framework coverage"),
        (c["error"], "errors"),
        (c["warning"], "warnings"),
        (c["info"], "info"),
        (c["accepted"], "accepted"),
    ]
    out += [f'<div class="card"><b>{e(str(v))}</b><span>{e(k)}</span></div>' for v, k in cards]
    out.append("</div>")
    drafted = drafted_note(result)
    if drafted:
        out.append(f'<p class="why drafted">{e(drafted)}</p>')
    for note in m.notes:
        out.append(f'<p class="why">{e(note)}</p>')
    if cg.scheme.load_notes:
        out.append("<h2>Read loosely from the file</h2><ul>")
        out += [f"<li>{e(note_text(n))}</li>" for n in cg.scheme.load_notes]
        out.append("</ul>")
    texts = written_texts(cg.scheme)

    if m.coverage is not None and cg.framework is not None and t["coverage"] is not None:
        stmts = cg.framework.by_code()
        out.append("<h2>Framework coverage</h2>")
        out.append(
            f"<p>{len(m.coverage.covered)} of {len(m.coverage.in_scope)} statements for this key "
            f"stage are covered ({m.coverage.percent}%).</p>"
        )
        by_strand: dict[str, list[str]] = {}
        for code in m.coverage.in_scope:
            by_strand.setdefault(stmts[code].strand, []).append(code)
        covered = set(m.coverage.covered)
        out.append(
            '<table><tr><th>Strand</th><th class="num">Covered</th><th></th>'
            "<th>Not covered</th></tr>"
        )
        for strand, codes in by_strand.items():
            done = sum(1 for x in codes if x in covered)
            pct = 100 * done / len(codes)
            missing = "; ".join(f"{x} {stmts[x].title}" for x in codes if x not in covered)
            out.append(
                f"<tr><td>{e(strand)}</td><td class='num'>{done}/{len(codes)}</td>"
                f"<td><span class='bar'><i style='width:{pct:.0f}%'></i></span></td>"
                f"<td>{e(missing) or '–'}</td></tr>"
            )
        out.append("</table>")

    out.append("<h2>Findings</h2>")
    if not result.findings:
        out.append("<p>No findings: every rule that ran is satisfied.</p>")
    for group in grouped(result):
        out.append(
            f'<h3><span class="sev {group.severity}">{e(group.severity)}</span> '
            f"{e(group.rule)} ({len(group.findings)})</h3>"
        )
        out.append(f'<p class="why">{_prose(_why(group.rule) or group.summary)}</p>')
        out.append("<table><tr><th>Step</th><th>When</th><th>Finding</th><th>Where</th></tr>")
        for f in group.findings:
            first = f.nodes[0] if f.nodes else ""
            title = node_title(result, first)
            step = f"<code>{e(first)}</code>" + (f" {e(title)}" if title != first else "")
            for label, text in texts.get(first, ()):
                step += f'<div class="why">{e(label)}: {e(text)}</div>'
            msg = e(f.message)
            if f.accepted:
                msg = f'<span class="accepted">Accepted: {e(f.reason or "")}</span><br>{msg}'
            if f.inferred:
                msg = f'<span class="drafted">({e(DRAFTED_MARK)})</span> {msg}'
            out.append(
                f"<tr><td>{step}</td><td class='when'>{e(when(result, f))}</td><td>{msg}</td>"
                f"<td>{e(where(result, f))}</td></tr>"
            )
        out.append("</table>")
    if result.skipped:
        out.append("<h3>Skipped rules</h3><ul>")
        out += [f"<li><b>{e(s.rule)}</b>: {e(s.why)}</li>" for s in result.skipped]
        out.append("</ul>")

    if m.keystones:
        out.append("<h2>Keystone steps</h2>")
        out.append(
            "<p>The steps most later steps build on: if pupils miss these, the most later "
            "learning is at risk.</p>"
        )
        out.append(
            "<table><tr><th>Step</th><th>Title</th><th>Taught</th>"
            + "".join(
                f"<th class='num'>{e(m[0].capitalize())}</th>" for m in PLAIN_MEASURES.values()
            )
            + "</tr>"
        )
        for n in m.keystones:
            s = m.steps[n]
            out.append(
                f"<tr><td><code>{e(n)}</code></td><td>{e(node_title(result, n))}</td>"
                f"<td>{e(cg.period_label(n))}</td><td class='num'>{s.blocking}</td>"
                f"<td class='num'>{s.delay}</td><td class='num'>{s.centrality}</td></tr>"
            )
        out.append("</table>")
        out.append(f'<p class="why">{_prose(measures_note())}</p>')

    if m.strands:
        out.append("<h2>Strands</h2>")
        out.append(
            "<table><tr><th>Strand</th><th class='num'>Steps</th><th class='num'>Lessons</th>"
            f"<th class='num'>{e(cg.period_name.capitalize())}s taught in</th>"
            "<th class='num'>Longest gap</th><th>First</th><th>Last</th></tr>"
        )
        for st in m.strands.values():
            gap = "–" if st.longest_gap is None else str(st.longest_gap)
            out.append(
                f"<tr><td>{e(st.strand)}</td><td class='num'>{st.steps}</td>"
                f"<td class='num'>{st.lessons}</td><td class='num'>{st.periods_visited}</td>"
                f"<td class='num'>{gap}</td><td>{e(st.first or '–')}</td>"
                f"<td>{e(st.last or '–')}</td></tr>"
            )
        out.append("</table>")
        out.append(
            f'<p class="why">Longest gap: the most {e(cg.period_name)}s from one visit to the '
            "strand to the next.</p>"
        )

    if maps:
        out.append('<section class="landscape"><h2>Map of units</h2>')
        out.append(
            '<p class="why">Teaching time runs left to right; a double outline marks a unit '
            "with findings; dashed orange arrows are late prerequisites.</p>"
        )
        out += _units_maps(result)
        out.append("</section>")
        for strand in m.strands:
            if strand == "(none)":
                continue
            out.append(f"<h2>Strand map: {e(strand)}</h2>")
            out.append(_svg(to_dot(result, strand=strand, units_only=False)))
    out.append(
        '<p class="sub">Made by coherence. Framework text: contains public sector information '
        "licensed under the Open Government Licence v3.0.</p>"
    )
    out.append("</body></html>")
    return "\n".join(out) + "\n"
