"""Facts every report format shows, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from coherence.audit import AuditResult
from coherence.rules.base import Finding
from coherence.rules.registry import REGISTRY, UNUSED_ACCEPTANCE

#: One line on the configuration finding, which is not a runnable rule.
UNUSED_ACCEPTANCE_SUMMARY = "An acceptance that matches nothing any more: remove it."


@dataclass(frozen=True)
class RuleGroup:
    """The findings of one rule, for reports grouped by rule."""

    rule: str
    severity: str
    summary: str
    findings: tuple[Finding, ...]


def summary_of(rule: str) -> str:
    """The one-line 'why it matters' of a rule id."""
    if rule in REGISTRY:
        return REGISTRY[rule].summary
    return UNUSED_ACCEPTANCE_SUMMARY if rule == UNUSED_ACCEPTANCE else ""


def grouped(result: AuditResult) -> list[RuleGroup]:
    """Findings grouped by rule, rules in registry order, findings in teaching order."""
    order = [*REGISTRY, UNUSED_ACCEPTANCE]
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.rule, []).append(f)
    return [
        RuleGroup(r, groups[r][0].severity.value, summary_of(r), tuple(groups[r]))
        for r in order
        if r in groups
    ]


def node_title(result: AuditResult, node: str) -> str:
    """Title of a node, or the node id itself (statements, undefined ids)."""
    g = result.graph.g
    if node in g:
        return str(g.nodes[node].get("title") or node)
    fw = result.graph.framework
    if fw is not None:
        st = fw.by_code().get(node)
        if st is not None:
            return st.title
    return node


def where(result: AuditResult, f: Finding) -> str:
    """``file:line`` of a finding (file name only), or ``""``."""
    if not f.file:
        return ""
    name = f.file.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}:{f.line}" if f.line else name


def when(result: AuditResult, f: Finding) -> str:
    """The teaching position of a finding's first node, e.g. ``Y9 Autumn 2``."""
    if f.nodes and f.nodes[0] in result.graph.g:
        return result.graph.period_label(f.nodes[0])
    return ""
