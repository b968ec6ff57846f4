"""Audit configuration: ``coherence.toml`` beside the scheme, or ``--config``.

Example ``coherence.toml`` (a ``[tool.coherence]`` table works too)::

    fail-on = "warning"          # error | warning | info | never

    [thresholds]
    max-lessons = 3
    max-new-statements = 2
    max-fresh-prerequisites = 3
    stale-after = 6

    [rules.isolated-step]
    enabled = false

    [rules.stale-prerequisite]
    severity = "warning"

    [[accept]]
    rule = "late-prerequisite"
    steps = ["y9-py-2"]
    reason = "Discussed 3 March: roots are revisited in the starter."

An acceptance matches every finding of its rule that involves all of its
steps. Accepted findings are reported and counted but never fail the audit;
an acceptance that matches nothing is reported (``unused-acceptance``) so
stale ones do not pile up.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coherence.errors import InputError
from coherence.rules.base import Severity

CONFIG_NAME = "coherence.toml"
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_OPTIONS: dict[str, int] = {
    "max_lessons": 3,
    "max_new_statements": 2,
    "max_fresh_prerequisites": 3,
    "stale_after": 6,
}


@dataclass(frozen=True)
class Acceptance:
    """A finding the department discussed and accepted, with its reason."""

    rule: str
    nodes: tuple[str, ...]
    reason: str
    line: int | None = None


@dataclass
class Config:
    """Thresholds, severities, switched-off rules, acceptances and the failing severity."""

    options: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_OPTIONS))
    severities: dict[str, Severity] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    accept: list[Acceptance] = field(default_factory=list)
    fail_on: str = "error"
    source: str | None = None


def _line_of(text: str, pattern: str, start: int = 0) -> int | None:
    m = re.compile(pattern, re.MULTILINE).search(text, start)
    if m is None:
        return None
    # A leading ``^\s*`` may have matched blank lines before the text itself.
    at = m.start() + len(m.group()) - len(m.group().lstrip())
    return text.count("\n", 0, at) + 1


def _key(name: str) -> str:
    return name.replace("-", "_")


def parse_config(text: str, source: str) -> Config:
    """Parse the text of a ``coherence.toml``.

    Raises
    ------
    InputError
        For invalid TOML, unknown keys, rules, thresholds or severities.

    Examples
    --------
    >>> c = parse_config('fail-on = "warning"\\n[thresholds]\\nmax-lessons = 4\\n', "c.toml")
    >>> c.fail_on, c.options["max_lessons"]
    ('warning', 4)
    """
    import tomllib

    from coherence.load.common import did_you_mean
    from coherence.rules.registry import REGISTRY

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
    cfg = Config(source=source)

    def bad(msg: str, pattern: str, start: int = 0) -> InputError:
        return InputError(msg, file=source, line=_line_of(text, pattern, start))

    def rule_at(rule_id: str) -> int:
        """Offset of ``[rules.<id>]`` or ``<id> = ...`` (settings are searched from there)."""
        quoted = rf"[\"']?{re.escape(rule_id)}[\"']?"
        m = re.compile(
            rf"^\s*(?:\[\s*(?:{prefix})?rules\.\s*{quoted}\s*\]|{quoted}\s*=)", re.MULTILINE
        ).search(text)
        return m.start() if m else 0

    for key, value in data.items():
        k = _key(key)
        if k == "fail_on":
            if value not in FAIL_ON:
                raise bad(f"fail-on must be one of {', '.join(FAIL_ON)}", r"^\s*fail[-_]on")
            cfg.fail_on = value
        elif k in ("thresholds", "options"):
            if not isinstance(value, dict):
                raise bad(f"[{key}] must be a table", rf"^\s*{re.escape(key)}")
            for name, v in value.items():
                if _key(name) not in DEFAULT_OPTIONS:
                    raise bad(
                        f"unknown threshold '{name}'"
                        + did_you_mean(_key(name), list(DEFAULT_OPTIONS)),
                        rf"^\s*{re.escape(name)}\s*=",
                    )
                if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                    raise bad(
                        f"threshold '{name}' must be a whole number >= 0",
                        rf"^\s*{re.escape(name)}\s*=",
                    )
                cfg.options[_key(name)] = v
        elif k in DEFAULT_OPTIONS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(
                    f"threshold '{key}' must be a whole number >= 0", rf"^\s*{re.escape(key)}\s*="
                )
            cfg.options[k] = value
        elif k == "rules":
            if not isinstance(value, dict):
                raise bad("[rules] must be a table", r"^\s*\[?rules")
            for rule_id, settings in value.items():
                at = rule_at(rule_id)
                if rule_id not in REGISTRY:
                    raise bad(
                        f"unknown rule '{rule_id}'" + did_you_mean(rule_id, list(REGISTRY)),
                        rf"{re.escape(rule_id)}",
                        at,
                    )
                if not isinstance(settings, dict):
                    raise bad(f"[rules.{rule_id}] must be a table", rf"{re.escape(rule_id)}", at)
                for sk, sv in settings.items():
                    if sk == "enabled":
                        if not isinstance(sv, bool):
                            raise bad(
                                f"rules.{rule_id}.enabled must be true or false", r"enabled", at
                            )
                        if not sv:
                            cfg.disabled.add(rule_id)
                    elif sk == "severity":
                        if sv not in ("error", "warning", "info"):
                            raise bad(
                                f"rules.{rule_id}.severity must be error, warning or info",
                                r"severity",
                                at,
                            )
                        cfg.severities[rule_id] = Severity(sv)
                    else:
                        raise bad(
                            f"unknown setting '{sk}' for rule {rule_id} (use enabled, severity)",
                            rf"{re.escape(sk)}\s*=",
                            at,
                        )
        elif k == "accept":
            if not isinstance(value, list):
                raise bad("accept must be an array of tables: [[accept]]", r"accept")
            pos = 0
            for entry in value:
                line = _line_of(text, rf"^\s*\[\[\s*{prefix}accept\s*\]\]", pos)
                if line is not None:
                    pos = len("\n".join(text.split("\n")[:line]))
                else:  # an inline array: accept = [{...}, ...]
                    line = _line_of(text, r"^\s*accept\s*=")
                if not isinstance(entry, dict):
                    raise InputError("each [[accept]] must be a table", file=source, line=line)
                unknown = set(entry) - {"rule", "steps", "reason"}
                if unknown:
                    raise InputError(
                        f"unknown key '{sorted(unknown)[0]}' in [[accept]]"
                        " (use rule, steps, reason)",
                        file=source,
                        line=line,
                    )
                rule = entry.get("rule")
                if rule not in REGISTRY:
                    raise InputError(
                        f"[[accept]] names unknown rule '{rule}'"
                        + did_you_mean(str(rule), list(REGISTRY)),
                        file=source,
                        line=line,
                    )
                steps = entry.get("steps", [])
                if isinstance(steps, str):
                    steps = [steps]
                if not steps or not all(isinstance(s, str) for s in steps):
                    raise InputError(
                        '[[accept]] needs steps = ["<id>", ...]', file=source, line=line
                    )
                reason = entry.get("reason")
                if not isinstance(reason, str) or not reason.strip():
                    raise InputError(
                        "[[accept]] needs a reason: why the department accepts it",
                        file=source,
                        line=line,
                    )
                cfg.accept.append(Acceptance(rule, tuple(steps), reason.strip(), line))
        else:
            known = ["fail-on", "thresholds", "rules", "accept", *DEFAULT_OPTIONS]
            raise bad(
                f"unknown key '{key}'" + did_you_mean(key, known),
                rf"^\s*\[?{re.escape(key)}",
            )
    return cfg


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
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("config is not UTF-8 text", file=path) from None
    except OSError as e:
        raise InputError(f"cannot read config: {e.strerror or e}", file=path) from None
    return parse_config(text, path)
