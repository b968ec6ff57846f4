"""Audit reports: text (rich), JSON (stable, documented) and Markdown; HTML in :mod:`.html`."""

from __future__ import annotations

from typing import Literal

from coherence.audit import AuditResult

FORMATS = ("text", "json", "markdown")


def render_report(
    result: AuditResult,
    fmt: str,
    *,
    color: bool = False,
    width: int = 100,
    metrics: Literal["summary", "full"] = "summary",
) -> str:
    """Render an audit in one of :data:`FORMATS`.

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> render_report(run_audit(None), "json").startswith("{")
    True
    """
    if fmt == "json":
        from coherence.report.json import render_json

        return render_json(result, metrics)
    if fmt == "markdown":
        from coherence.report.markdown import render_markdown

        return render_markdown(result)
    from coherence.report.text import render_text

    return render_text(result, color=color, width=width)
