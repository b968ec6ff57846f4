"""Audit configuration: ``coherence.toml`` beside the scheme, or ``--config``.

Example ``coherence.toml`` (a ``[tool.coherence]`` table works too)::

    fail-on = "warning"          # error | warning | info | never

    [rules.oversized-step]
    max-lessons = 4              # each rule's options: `coherence rules ID`

    [rules.isolated-step]
    enabled = false

    [rules.stale-prerequisite]
    severity = "warning"
    stale-after = 9

    [[accept]]
    rule = "late-prerequisite"
    steps = ["y9-py-2"]
    reason = "Discussed 3 March: roots are revisited in the starter."

A rule's table takes ``enabled``, ``severity`` and that rule's own options,
checked against its options dataclass (the only copy of their defaults). The
flat ``[thresholds]`` table of earlier releases still works, with a warning.

An acceptance matches every finding of its rule that involves all of its
steps. Accepted findings are reported and counted but never fail the audit;
an acceptance that matches nothing is reported (``unused-acceptance``) so
stale ones do not pile up.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coherence.errors import InputError
from coherence.rules.base import Severity
from coherence.util import did_you_mean

if TYPE_CHECKING:
    from coherence.rules.base import Rule

CONFIG_NAME = "coherence.toml"
FAIL_ON = ("error", "warning", "info", "never")
_TOP_KEYS = ("fail-on", "rules", "accept", "thresholds")


@dataclass(frozen=True)
class Acceptance:
    """A finding the department discussed and accepted, with its reason."""

    rule: str
    nodes: tuple[str, ...]
    reason: str
    line: int | None = None


@dataclass
class Config:
    """Rule settings, acceptances and the failing severity.

    Attributes
    ----------
    rule_options : dict
        Per rule id, the options set in the file (underscore names).
    severities : dict
        Per rule id, a severity that replaces the rule's default.
    disabled : set of str
        Rules switched off.
    accept : list of Acceptance
    fail_on : str
    source : str or None
        The file read, if any.
    warnings : list of str
        Things to tell the user (e.g. a deprecated table), one line each.
    """

    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    accept: list[Acceptance] = field(default_factory=list)
    fail_on: str = "error"
    source: str | None = None
    warnings: list[str] = field(default_factory=list)

    def options_for(self, rule: Rule) -> Any:
        """The rule's options: its defaults with this configuration's settings.

        Examples
        --------
        >>> from coherence.rules.registry import REGISTRY
        >>> parse_config("[rules.oversized-step]\\nmax-lessons = 5\\n", "c.toml").options_for(
        ...     REGISTRY["oversized-step"]).max_lessons
        5
        """
        return dataclasses.replace(rule.Options(), **self.rule_options.get(rule.id, {}))


def _line_of(text: str, pattern: str, start: int = 0) -> int | None:
    m = re.compile(pattern, re.MULTILINE).search(text, start)
    if m is None:
        return None
    # A leading ``^\s*`` may have matched blank lines before the text itself.
    at = m.start() + len(m.group()) - len(m.group().lstrip())
    return text.count("\n", 0, at) + 1


def _kind(value: object) -> str:
    """How TOML calls a value's type, for errors."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {dict: "a table", list: "a list"}
    return names.get(type(value), type(value).__name__)


class _Parser:
    """One pass over the parsed TOML; errors point at the line they are about."""

    def __init__(self, text: str, source: str, prefix: str) -> None:
        self.text, self.source, self.prefix = text, source, prefix
        self.cfg = Config(source=source)

    def bad(self, msg: str, pattern: str, start: int = 0) -> InputError:
        return InputError(msg, file=self.source, line=_line_of(self.text, pattern, start))

    def rule_at(self, rule_id: str) -> int:
        """Offset of ``[rules.<id>]`` or ``<id> = ...`` (settings are searched from there)."""
        quoted = rf"[\"']?{re.escape(rule_id)}[\"']?"
        m = re.compile(
            rf"^\s*(?:\[\s*(?:{self.prefix})?rules\.\s*{quoted}\s*\]|{quoted}\s*=)", re.MULTILINE
        ).search(self.text)
        return m.start() if m else 0

    def option_value(self, name: str, value: object, label: str, at: int = 0) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.bad(
                f"{label} must be a whole number >= 0, not {_kind(value)}",
                rf"^\s*{re.escape(name)}\s*=",
                at,
            )
        return value

    def top(self, data: dict[str, Any]) -> Config:
        from coherence.rules.registry import REGISTRY

        flat = _flat_options()
        for key, value in data.items():
            k = key.replace("_", "-")
            if k == "fail-on":
                if value not in FAIL_ON:
                    raise self.bad(
                        f"fail-on must be one of {', '.join(FAIL_ON)}", r"^\s*fail[-_]on"
                    )
                self.cfg.fail_on = value
            elif k in ("thresholds", "options"):
                if not isinstance(value, dict):
                    raise self.bad(f"[{key}] must be a table", rf"^\s*\[?{re.escape(key)}")
                for name, v in value.items():
                    self.threshold(name, v, flat)
            elif k in flat:
                self.threshold(key, value, flat)
            elif k == "rules":
                if not isinstance(value, dict):
                    raise self.bad("[rules] must be a table", r"^\s*\[?rules")
                for rule_id, settings in value.items():
                    self.rule(rule_id, settings, REGISTRY)
            elif k == "accept":
                self.accept(value, REGISTRY)
            else:
                raise self.bad(
                    f"unknown key '{key}'" + did_you_mean(k, [*_TOP_KEYS, *flat]),
                    rf"^\s*\[?{re.escape(key)}",
                )
        return self.cfg

    def threshold(self, name: str, value: object, flat: dict[str, list[str]]) -> None:
        """A flat threshold of earlier releases: set it on every rule that has it."""
        k = name.replace("_", "-")
        if k not in flat:
            raise self.bad(
                f"unknown threshold '{name}'" + did_you_mean(k, list(flat)),
                rf"^\s*{re.escape(name)}\s*=",
            )
        v = self.option_value(name, value, f"threshold '{name}'")
        for rule_id in flat[k]:
            self.cfg.rule_options.setdefault(rule_id, {})[k.replace("-", "_")] = v
        where = " and ".join(f"[rules.{r}]" for r in flat[k])
        self.cfg.warnings.append(
            f"{self.source}: a flat '{name}' is deprecated: write it under {where}"
        )

    def rule(self, rule_id: str, settings: object, registry: dict[str, Rule]) -> None:
        at = self.rule_at(rule_id)
        if rule_id not in registry:
            raise self.bad(
                f"unknown rule '{rule_id}'" + did_you_mean(rule_id, list(registry)),
                rf"{re.escape(rule_id)}",
                at,
            )
        if not isinstance(settings, dict):
            raise self.bad(f"[rules.{rule_id}] must be a table", rf"{re.escape(rule_id)}", at)
        options = {o.name: o for o in registry[rule_id].option_infos()}
        for key, value in settings.items():
            k = key.replace("_", "-")
            if k == "enabled":
                if not isinstance(value, bool):
                    raise self.bad(f"rules.{rule_id}.enabled must be true or false", r"enabled", at)
                if not value:
                    self.cfg.disabled.add(rule_id)
            elif k == "severity":
                if not isinstance(value, str) or value not in ("error", "warning", "info"):
                    raise self.bad(
                        f"rules.{rule_id}.severity must be error, warning or info",
                        r"severity",
                        at,
                    )
                self.cfg.severities[rule_id] = Severity(value)
            elif k in options:
                v = self.option_value(key, value, f"rules.{rule_id}.{k}", at)
                self.cfg.rule_options.setdefault(rule_id, {})[options[k].field] = v
            else:
                allowed = ["enabled", "severity", *options]
                raise self.bad(
                    f"unknown setting '{key}' for rule {rule_id}"
                    + did_you_mean(k, allowed)
                    + f" (use {', '.join(allowed)})",
                    rf"{re.escape(key)}\s*=",
                    at,
                )

    def accept(self, value: object, registry: dict[str, Rule]) -> None:
        if not isinstance(value, list):
            raise self.bad("accept must be an array of tables: [[accept]]", r"accept")
        pos = 0
        for entry in value:
            line = _line_of(self.text, rf"^\s*\[\[\s*{self.prefix}accept\s*\]\]", pos)
            if line is not None:
                pos = len("\n".join(self.text.split("\n")[:line]))
            else:  # an inline array: accept = [{...}, ...]
                line = _line_of(self.text, r"^\s*accept\s*=")

            def err(msg: str, at: int | None = line) -> InputError:
                return InputError(msg, file=self.source, line=at)

            if not isinstance(entry, dict):
                raise err("each [[accept]] must be a table")
            unknown = sorted(set(entry) - {"rule", "steps", "reason"})
            if unknown:
                raise err(f"unknown key '{unknown[0]}' in [[accept]] (use rule, steps, reason)")
            rule = entry.get("rule")
            if not isinstance(rule, str):
                raise err(f"[[accept]] rule must be a rule id (text), not {_kind(rule)}")
            if rule not in registry:
                raise err(
                    f"[[accept]] names unknown rule '{rule}'" + did_you_mean(rule, list(registry))
                )
            steps = entry.get("steps", [])
            if isinstance(steps, str):
                steps = [steps]
            if not isinstance(steps, list) or not steps:
                raise err('[[accept]] needs steps = ["<id>", ...]')
            if not all(isinstance(s, str) for s in steps):
                raise err('[[accept]] steps must be ids (text): steps = ["<id>", ...]')
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                raise err("[[accept]] needs a reason: why the department accepts it")
            self.cfg.accept.append(Acceptance(rule, tuple(steps), reason.strip(), line))


def _flat_options() -> dict[str, list[str]]:
    """Each option name (dashes) and the rules that have it, for the flat alias."""
    from coherence.rules.registry import REGISTRY

    out: dict[str, list[str]] = {}
    for rule in REGISTRY.values():
        for o in rule.option_infos():
            out.setdefault(o.name, []).append(rule.id)
    return out


def parse_config(text: str, source: str) -> Config:
    """Parse the text of a ``coherence.toml``.

    Raises
    ------
    InputError
        For invalid TOML, unknown keys, rules or options, and wrong types: one
        line naming the file and the line.

    Examples
    --------
    >>> c = parse_config('fail-on = "warning"\\n[rules.oversized-step]\\nmax-lessons = 4\\n', "c")
    >>> c.fail_on, c.rule_options
    ('warning', {'oversized-step': {'max_lessons': 4}})
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise InputError(
            f"invalid TOML: {e}", file=source, line=int(m.group(1)) if m else None
        ) from None
    prefix = ""
    if isinstance(data.get("tool"), dict):
        # A pyproject-style file: only [tool.coherence] is ours.
        data = data["tool"].get("coherence", {})
        prefix = r"tool\.coherence\."
        if not isinstance(data, dict):
            raise InputError("tool.coherence must be a table", file=source, line=None)
    return _Parser(text, source, prefix).top(data)


def load_config(path: str | None = None, scheme_path: str | None = None) -> Config:
    """Load ``--config PATH``, else ``coherence.toml`` beside the scheme, else defaults.

    Parameters
    ----------
    path : str, optional
        An explicit config file (must exist).
    scheme_path : str, optional
        The scheme; a ``coherence.toml`` in its folder is used when present.

    Returns
    -------
    Config

    Raises
    ------
    InputError
        For a missing explicit file or bad content.
    """
    if path is None and scheme_path is not None:
        beside = Path(scheme_path).parent / CONFIG_NAME
        if beside.is_file():
            path = str(beside)
    if path is None:
        return Config()
    if not os.path.isfile(path):
        raise InputError("no such config file", file=path)
    try:
        with open(path, "rb") as f:
            raw = f.read(1024 * 1024 + 1)
    except OSError as e:
        raise InputError(f"cannot read config: {e.strerror or e}", file=path) from None
    if len(raw) > 1024 * 1024:
        raise InputError("config is larger than 1 MB: not a coherence.toml", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("config is not UTF-8 text", file=path) from None
    return parse_config(text, path)
