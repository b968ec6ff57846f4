"""``coherence glossary``: the words of the reports, with their exact technical names."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

NAME = "glossary"
ORDER = 35
HELP = "what the reports' words and numbers mean, with their technical names"
DESCRIPTION = """What each word and number in the reports means for pupils, the exact name it
has in Curricular Analytics or statistics (the name JSON output uses), and how it is worked out.

  coherence glossary            every term
  coherence glossary unlocks    one term (its plain or its technical name)"""


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    plain: str  # the words the text, Markdown and HTML reports use
    exact: str  # the technical name (JSON keys, Curricular Analytics, statistics)
    meaning: str  # what it means for pupils
    how: str  # how it is worked out


TERMS = (
    Term(
        "unlocks",
        "blocking factor (Curricular Analytics; JSON: blocking)",
        "How many later steps build on this step, directly or through other steps. If pupils "
        "miss a step that unlocks 80 later steps, all 80 are at risk.",
        "The number of steps reachable from it along prerequisite links.",
    ),
    Term(
        "longest chain",
        "delay factor (Curricular Analytics; JSON: delay)",
        "The longest chain of prerequisites that runs through this step, in steps: a long "
        "chain leaves no slack, so a delay anywhere on it holds up everything after.",
        "The number of steps on the longest path of prerequisite links through it.",
    ),
    Term(
        "on chains",
        "centrality (Curricular Analytics; JSON: centrality)",
        "How much of the scheme's chains of prerequisites pass through this step: a high "
        "value means many lines of learning meet here. 0 for a step that starts or ends every "
        "chain it is on.",
        "For every path from a step with no prerequisites to a step nothing builds on that "
        "passes through it, add up the steps on the path.",
    ),
    Term(
        "curriculum complexity",
        "structural complexity (Curricular Analytics; JSON: complexity)",
        "One figure for how tightly the whole scheme is knit: higher means more, and longer, "
        "chains of prerequisites to keep intact.",
        "The sum over steps of unlocks plus longest chain (scaled by 2/3 for a quarter-system "
        "Curricular Analytics plan).",
    ),
    Term(
        "keystone step",
        "the steps with the highest blocking factor (JSON: keystones)",
        "The steps that the most later steps build on: if pupils miss these, the most later "
        "learning is at risk.",
        "Steps ordered by unlocks, then longest chain, then teaching order.",
    ),
    Term(
        "steps that build on an earlier step",
        "connectedness (JSON: totals.connectedness)",
        "The share of steps with at least one prerequisite: low means steps stand alone.",
        "Steps with a prerequisite divided by all steps.",
    ),
    Term(
        "longest gap",
        "longest_gap (JSON: strands)",
        "The most half-terms (or terms) from one visit to a strand to the next: pupils may "
        "have forgotten it by the time it returns.",
        "The largest difference between consecutive half-terms in which the strand is taught.",
    ),
    Term(
        "order agreement",
        "Kendall's tau-b (JSON: tau, similarity.order)",
        "Do two schools first teach the statements they share in the same order? 1.00 the "
        "same order, 0 no relation, below 0 mostly the opposite order. Reports show 'too few "
        "shared statements' instead when fewer than 5 are shared (from 2 it is always 1 or -1).",
        "Kendall's tau-b rank correlation of the positions at which each school first teaches "
        "each shared statement (ties handled as tau-b does).",
    ),
    Term(
        "shared coverage",
        "Jaccard similarity (JSON: similarity.coverage)",
        "How much two schools teach the same statements: 1.00 the same, 0 nothing in common.",
        "Statements both teach divided by statements either teaches.",
    ),
    Term(
        "half-terms apart",
        "gap, spread (JSON: shared[].gap, disagreements[].spread)",
        "How far apart in time two schools first teach the same statement.",
        "The difference between the half-terms (or terms) of first teaching.",
    ),
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``glossary``."""
    p.add_argument("term", nargs="*", metavar="TERM", help="one term (plain or technical name)")


def find(words: str) -> Term | None:
    """The term whose plain or technical name contains ``words`` (case-insensitive).

    Examples
    --------
    >>> find("Kendall").plain, find("blocking").plain, find("nothing")
    ('order agreement', 'unlocks', None)
    """
    w = words.casefold()
    for t in TERMS:
        if w == t.plain.casefold():
            return t
    for t in TERMS:
        if w in t.plain.casefold() or w in t.exact.casefold():
            return t
    return None


def describe(term: Term) -> str:
    """A term as a few lines of plain text, wrapped at 100 characters."""
    import textwrap

    def para(text: str) -> str:
        return textwrap.fill(text, 100, initial_indent="  ", subsequent_indent="  ")

    return f"{term.plain}  [{term.exact}]\n{para(term.meaning)}\n{para('How: ' + term.how)}\n"


def run(args: argparse.Namespace) -> int:
    """Print the glossary, or one term."""
    from coherence.errors import InputError

    if args.term:
        words = " ".join(args.term)
        term = find(words)
        if term is None:
            from coherence.util import did_you_mean

            names = [t.plain for t in TERMS]
            raise InputError(f"no term '{words}' in the glossary" + did_you_mean(words, names))
        print(describe(term), end="")
        return 0
    print("\n".join(describe(t) for t in TERMS), end="")
    return 0
