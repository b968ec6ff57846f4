"""Run the rules over a scheme's graph: findings, skipped rules and metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coherence.config import Config, load_config
from coherence.graph import STEP, CurriculumGraph
from coherence.metrics import Metrics, compute_metrics
from coherence.rules.base import SEVERITY_RANK, Finding, Rule, Severity, Skipped
from coherence.rules.registry import REGISTRY, UNUSED_ACCEPTANCE, get_rule


@dataclass
class AuditResult:
    """What an audit found.

    Attributes
    ----------
    graph : CurriculumGraph
    findings : list of Finding
        Sorted by teaching position; accepted findings included (``accepted=True``).
    skipped : list of Skipped
        Rules that did not run, and why (``why`` starts with ``partly:`` for a
        rule that ran without some of its checks).
    metrics : Metrics
    config : Config
    inferred_links : int
        Drafted links (``coherence link``) the audit used: inferred prerequisites
        and covers not yet reviewed. Findings resting on one have ``inferred=True``.
    """

    graph: CurriculumGraph
    findings: list[Finding]
    skipped: list[Skipped]
    metrics: Metrics
    config: Config
    inferred_links: int = 0

    def findings_for(self, node: str) -> list[Finding]:
        """Findings that involve ``node``."""
        return [f for f in self.findings if node in f.nodes]

    def counts(self) -> dict[str, int]:
        """Open findings by severity, plus ``accepted``."""
        out = {"error": 0, "warning": 0, "info": 0, "accepted": 0}
        for f in self.findings:
            out["accepted" if f.accepted else f.severity.value] += 1
        return out

    def failing(self, fail_on: str | None = None) -> bool:
        """True when an open finding is at or above ``fail_on`` (default: the config's)."""
        rank = SEVERITY_RANK[fail_on or self.config.fail_on]
        return any(not f.accepted and f.severity.rank >= rank for f in self.findings)


def _sort_key(cg: CurriculumGraph, f: Finding) -> tuple[int, int, str, tuple[str, ...]]:
    first = f.nodes[0] if f.nodes else ""
    attrs = cg.attrs.get(first)
    if attrs is not None and attrs.get("kind") == STEP:
        return (0, attrs["order"], f.rule, f.nodes)
    return (1, 0, f.rule, f.nodes)


def audit(
    cg: CurriculumGraph, config: Config | None = None, rules: Sequence[str] | None = None
) -> AuditResult:
    """Audit a scheme's graph.

    Parameters
    ----------
    cg : CurriculumGraph
        The scheme's graph (with its framework, if any).
    config : Config, optional
        Thresholds, severities, disabled rules, acceptances. Defaults apply without one.
    rules : sequence of str, optional
        Run only these rule ids.

    Returns
    -------
    AuditResult

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> from coherence.graph import build_graph
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "year": 7, "term": 1, "steps": [{"id": "a", "title": "A", "requires": ["b"]},
    ...     {"id": "b", "title": "B"}]}]})
    >>> [f.rule for f in audit(build_graph(s)).findings]
    ['late-prerequisite']
    """
    config = config or Config()
    selected = [get_rule(r) for r in rules] if rules else list(REGISTRY.values())
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    for rule in selected:
        why = _why_skipped(cg, config, rule)
        if why is not None:
            skipped.append(Skipped(rule.id, why))
            if not why.startswith("partly: "):
                continue
        severity = config.severities.get(rule.id, rule.severity)
        for f in rule.check(cg, config.options_for(rule)):
            findings.append(f if f.severity == severity else replace(f, severity=severity))
    n_inferred = count_inferred(cg)
    if n_inferred:
        findings = [replace(f, inferred=True) if rests_on_inferred(cg, f) else f for f in findings]
    findings = _apply_acceptances(findings, config, {r.id for r in selected})
    findings.sort(key=lambda f: _sort_key(cg, f))
    return AuditResult(cg, findings, skipped, compute_metrics(cg), config, n_inferred)


def count_inferred(cg: CurriculumGraph) -> int:
    """How many drafted (inferred, unreviewed) links the graph holds: edges and covers.

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> from coherence.graph import build_graph
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "steps": [{"id": "a", "title": "A"}, {"id": "b", "title": "B",
    ...     "inferred_requires": [{"target": "a", "score": 0.8, "source": "text"}]}]}]})
    >>> count_inferred(build_graph(s)), count_inferred(build_graph(s, inferred=False))
    (1, 0)
    """
    if "drafted_links" in cg.cache:  # counted as the graph was built
        counted: int = cg.cache["drafted_links"]
        return counted
    edges = sum(1 for outs in cg.succ.values() for d in outs.values() if d.get("inferred"))
    covers = sum(len(a.get("inferred_covers", ())) for a in cg.attrs.values())
    return edges + covers + sum(len(u.inferred_covers) for u in cg.units)


def rests_on_inferred(cg: CurriculumGraph, f: Finding) -> bool:
    """True when a finding depends on a drafted link: an inferred edge between its
    steps (or to the prerequisite it names) or an inferred cover of a statement it names.
    """
    nodes = [n for n in f.nodes if n in cg.attrs]
    if not nodes:
        return False
    involved = set(nodes)
    for key in ("prerequisite", "last_met_by"):
        if isinstance(f.data.get(key), str):
            involved.add(f.data[key])
    involved.update(x for x in f.data.get("fresh") or () if isinstance(x, str))
    pred = cg.pred
    for n in nodes:
        for p, d in pred[n].items():
            if d.get("inferred") and p in involved:
                return True
    codes: set[str] = set()
    if isinstance(f.data.get("statement"), str):
        codes.add(f.data["statement"])
    for key in ("requires", "new"):
        codes.update(x for x in f.data.get(key) or () if isinstance(x, str))
    if not codes:
        return False
    attrs = cg.attrs
    for n in nodes:
        a = attrs[n]
        drafted = set(a.get("inferred_covers", ()))
        unit = cg.unit_by_id.get(str(a.get("unit")))
        if unit is not None:
            drafted.update(unit.inferred_covers)
        if drafted & codes:
            return True
    return False


def _why_skipped(cg: CurriculumGraph, config: Config, rule: Rule) -> str | None:
    """Why ``rule`` does not run (or, after ``partly: ``, what it leaves unchecked)."""
    if rule.id in config.disabled:
        return "switched off in the configuration"
    if "positions" in rule.needs and not cg.placed:
        return "the scheme has no teaching positions (year and term per unit)"
    if "framework" in rule.needs and cg.framework is None:
        return "no framework: give --framework or 'framework:'"
    if "covers" in rule.needs and not _links_framework(cg):
        return "no step is linked to the framework yet: coverage cannot be measured"
    if "positions" in rule.partly and not cg.placed:
        return "partly: " + rule.partly["positions"]
    return None


def _links_framework(cg: CurriculumGraph) -> bool:
    """True when some step, unit or prior item covers a framework statement."""
    return any(u.covers for u in cg.units) or any(a.get("covers") for a in cg.attrs.values())


def _apply_acceptances(findings: list[Finding], config: Config, ran: set[str]) -> list[Finding]:
    used = [False] * len(config.accept)
    out = []
    for f in findings:
        for i, a in enumerate(config.accept):
            if a.rule == f.rule and set(a.nodes) <= set(f.nodes):
                used[i] = True
                f = replace(f, accepted=True, reason=a.reason)
                break
        out.append(f)
    for a, was_used in zip(config.accept, used, strict=True):
        if not was_used and a.rule in ran and a.rule not in config.disabled:
            out.append(
                Finding(
                    rule=UNUSED_ACCEPTANCE,
                    severity=Severity.WARNING,
                    nodes=a.nodes,
                    message=f"The acceptance of {a.rule} for {', '.join(a.nodes)} no longer "
                    "matches any finding: remove it from the configuration.",
                    file=config.source,
                    line=a.line,
                    data={"accepted_rule": a.rule, "reason": a.reason},
                )
            )
    return out


def run_audit(
    path: str | None,
    framework: str | None = None,
    config: str | None = None,
    rules: Sequence[str] | None = None,
    links: str = "all",
) -> AuditResult:
    """Load a scheme (default: the bundled example), its framework and config, and audit it.

    Parameters
    ----------
    path : str or None
        The scheme file.
    framework : str, optional
        A bundled framework id or path; overrides the scheme's own.
    config : str, optional
        A config file; default ``coherence.toml`` beside the scheme.
    rules : sequence of str, optional
        Run only these rules.
    links : {"all", "declared"}
        ``all`` audits the department's links and those drafted by ``coherence link``
        (findings resting on a drafted one are marked); ``declared`` only the former.

    Returns
    -------
    AuditResult
    """
    from coherence.load import bundled_scheme_path
    from coherence.pipeline import load_graph

    path = path or bundled_scheme_path()
    cfg = load_config(config, path)
    if rules:
        for r in rules:
            get_rule(r)
    cg = load_graph(path, framework)
    if links == "declared" and count_inferred(cg):
        from coherence.graph import build_graph

        cg = build_graph(cg.scheme, cg.framework, inferred=False)
    return audit(cg, cfg, rules)
