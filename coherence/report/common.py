"""Facts every report format shows, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from coherence.audit import AuditResult
from coherence.model import LoadNote, Scheme, Step, Unit
from coherence.rules.base import Finding
from coherence.rules.registry import REGISTRY, UNUSED_ACCEPTANCE
from coherence.text import printable

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
    attrs = result.graph.attrs.get(node)
    if attrs is not None:
        return str(attrs.get("title") or node)
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
    if f.nodes and f.nodes[0] in result.graph.attrs:
        return result.graph.period_label(f.nodes[0])
    return ""


def note_text(note: LoadNote) -> str:
    """A load note on one printable line: the message, then its cell or line.

    Examples
    --------
    >>> note_text(LoadNote(message="sheet 'Cover' skipped", file="s.xlsx", cell="Cover!A1"))
    "sheet 'Cover' skipped (Cover!A1)"
    """
    where = note.cell or (f"line {note.line}" if note.line else "")
    return printable(note.message) + (f" ({printable(where)})" if where else "")


def written_texts(scheme: Scheme) -> dict[str, list[tuple[str, str]]]:
    """The department's own words on each step and unit: id -> [(label, text)].

    Labels are ``Prior knowledge`` (items joined with ``; ``) and ``Notes``; items
    without either are left out. The text is raw: escape it for the output.

    Examples
    --------
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "steps": [{"id": "a", "title": "A", "prior_knowledge": ["Count", "Bonds"]}]}]})
    >>> written_texts(s)
    {'a': [('Prior knowledge', 'Count; Bonds')]}
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for item in with_own_words(scheme):
        texts = []
        if item.prior_knowledge:
            texts.append(("Prior knowledge", "; ".join(item.prior_knowledge)))
        if item.notes:
            texts.append(("Notes", item.notes))
        out[item.id] = texts
    return out


def with_own_words(scheme: Scheme) -> list[Unit | Step]:
    """Units and steps that carry prior-knowledge text or notes, in file order."""
    items: list[Unit | Step] = []
    for u in scheme.units:
        unit_and_steps: list[Unit | Step] = [u, *u.steps]
        items.extend(x for x in unit_and_steps if x.prior_knowledge or x.notes)
    return items


#: How a finding resting on a drafted link is marked, in every report.
DRAFTED_MARK = "drafted link"


def drafted_note(result: AuditResult) -> str | None:
    """One sentence saying the audit used drafted links, or None when it used none."""
    n = result.inferred_links
    if not n:
        return None
    links = "link" if n == 1 else "links"
    return (
        f"This audit includes {n} drafted {links} awaiting review ('coherence link'); "
        f"findings marked '{DRAFTED_MARK}' rest on one. "
        "Run with --links declared to audit only the department's own links."
    )
