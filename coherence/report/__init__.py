"""Reports: one document model, one builder per report, one writer per format.

The audit report is built once (:mod:`.audit`) and written as text
(:mod:`.text`), Markdown (:mod:`.markdown`) or HTML (:mod:`.html`); the
comparison report (:mod:`.comparison`) goes through the same writers. JSON is
written from the results themselves (:mod:`.json`), with the exact technical
names.
"""

from __future__ import annotations

from typing import Literal

from coherence.audit import AuditResult

FORMATS = ("text", "json", "markdown", "html")


def format_report(
    result: AuditResult,
    fmt: str,
    *,
    color: bool = False,
    width: int = 100,
    metrics: Literal["summary", "full"] = "summary",
    maps: bool = True,
) -> str:
    """An audit report in one of :data:`FORMATS`.

    Parameters
    ----------
    result : AuditResult
    fmt : str
        One of :data:`FORMATS`.
    color, width : bool, int
        Text: ANSI colours and box tables; wrap at this width.
    metrics : {"summary", "full"}
        JSON: per-step metrics of the steps with findings, or of every step.
    maps : bool
        HTML: draw the map of units and a map per strand (needs Graphviz's ``dot``).

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> format_report(run_audit(None), "json").startswith("{")
    True
    """
    if fmt == "json":
        from coherence.report.json import format_json

        return format_json(result, metrics)
    from coherence.report.audit import build

    if fmt == "markdown":
        from coherence.report.markdown import format_markdown

        return format_markdown(build(result))
    if fmt == "html":
        from coherence.report.html import format_html

        return format_html(build(result, maps=maps))
    from coherence.report.text import format_text

    return format_text(build(result), color=color, width=width)
