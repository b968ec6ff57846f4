"""Generate the bundled files drawn from Oak National Academy's open curriculum data.

Reads Oak's maths Turtle files (``../shared/reference/oak-maths`` or ``--oak DIR``;
see its SOURCE.md) with rdflib, a development-only dependency, and writes:

- ``curricula/frameworks/england-ks1.yaml`` and ``england-ks2.yaml``: every national
  curriculum (2014) content descriptor for Years 1 to 6 as a statement, by year
  group and sub-strand, with the descriptor's IRI;
- ``curricula/schemes/oak-primary.yaml``, ``oak-ks3.yaml``, ``oak-ks4-foundation.yaml``
  and ``oak-ks4-higher.yaml``: Oak's units in Oak's order, one step per lesson.

Re-run it when Oak publishes a new release. ``--check`` writes nothing and exits 1
when a bundled file differs from what the data gives (0 when all agree).

Usage: python benchmarks/make_oak.py [--oak DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OAK = ROOT.parent / "shared" / "reference" / "oak-maths"
CURRIC = Namespace("https://w3id.org/uk/oak/curriculum/ontology/")
NATCURRIC = Namespace("https://w3id.org/uk/oak/curriculum/nationalcurriculum/")

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
RELEASE = "oak-curriculum-ontology commit 0de3af3 (data version 0.1.3)"

#: Oak's sub-strands (Years 1-6) -> (code letters, our strand name).
SUBSTRANDS = {
    "number-and-place-value": ("NPV", "place-value"),
    "addition-and-subtraction": ("AS", "addition-subtraction"),
    "multiplication-and-division": ("MD", "multiplication-division"),
    "addition-subtraction-multiplication-and-division": ("ASMD", "four-operations"),
    "fractions": ("F", "fractions"),
    "fractions-including-decimals": ("F", "fractions"),
    "fractions-including-decimals-and-percentages": ("F", "fractions"),
    "ratio-and-proportion": ("R", "ratio"),
    "algebra-algebra": ("A", "algebra"),
    "measurement": ("M", "measurement"),
    "properties-of-shape": ("G", "geometry"),
    "position-and-direction": ("PD", "position-direction"),
    "statistics-statistics": ("S", "statistics"),
}

#: Within Years 1-6: the links an experienced primary maths lead insists on, by
#: code (statement -> statements it builds on). Cross-stage links are in england.yaml.
PRIMARY_LINKS: dict[str, list[str]] = {
    "Y1-NPV-02": ["Y1-NPV-01"],
    "Y1-AS-01": ["Y1-AS-03"],
    "Y1-AS-04": ["Y1-AS-01"],
    "Y2-NPV-01": ["Y1-NPV-02"],
    "Y2-NPV-05": ["Y1-NPV-02"],
    "Y2-AS-01": ["Y1-AS-01", "Y2-NPV-05"],
    "Y2-AS-02": ["Y1-AS-03"],
    "Y2-AS-03": ["Y1-AS-03"],
    "Y2-MD-02": ["Y1-NPV-02"],
    "Y2-MD-01": ["Y2-MD-02"],
    "Y2-MD-04": ["Y1-MD-01", "Y2-MD-01"],
    "Y2-F-01": ["Y1-F-01", "Y1-F-02"],
    "Y2-F-02": ["Y2-F-01"],
    "Y2-M-08": ["Y1-M-12"],
    "Y2-M-06": ["Y1-M-09"],
    "Y2-G-03": ["Y1-G-01"],
    "Y2-G-04": ["Y1-G-02"],
    "Y2-PD-02": ["Y1-PD-01"],
    "Y3-NPV-05": ["Y3-NPV-04"],
    "Y3-AS-02": ["Y3-NPV-05"],
    "Y3-MD-03": ["Y3-MD-01"],
    "Y3-F-04": ["Y3-F-05"],
    "Y3-F-01": ["Y3-F-05"],
    "Y3-F-02": ["Y3-F-05"],
    "Y3-M-05": ["Y3-M-06"],
    "Y3-G-04": ["Y3-G-03"],
    "Y4-NPV-07": ["Y3-NPV-05"],
    "Y4-NPV-08": ["Y4-NPV-07"],
    "Y4-AS-01": ["Y3-AS-02", "Y4-NPV-07"],
    "Y4-MD-02": ["Y3-MD-01"],
    "Y4-MD-04": ["Y4-MD-02"],
    "Y4-MD-01": ["Y4-MD-02", "Y4-MD-04"],
    "Y4-F-03": ["Y3-F-03"],
    "Y4-F-06": ["Y4-F-03"],
    "Y4-F-05": ["Y3-F-04"],
    "Y4-F-01": ["Y3-F-01"],
    "Y4-F-08": ["Y4-F-06"],
    "Y4-M-04": ["Y3-M-05"],
    "Y4-G-03": ["Y3-G-03"],
    "Y4-PD-03": ["Y4-PD-02"],
    "Y4-S-01": ["Y3-S-01"],
    "Y5-NPV-04": ["Y4-NPV-07"],
    "Y5-NPV-05": ["Y4-NPV-08"],
    "Y5-NPV-02": ["Y4-NPV-01"],
    "Y5-ASMD-02": ["Y4-AS-01"],
    "Y5-ASMD-09": ["Y4-MD-01"],
    "Y5-ASMD-03": ["Y4-MD-02"],
    "Y5-ASMD-05": ["Y4-MD-03"],
    "Y5-ASMD-04": ["Y5-ASMD-05"],
    "Y5-ASMD-06": ["Y5-ASMD-04"],
    "Y5-ASMD-10": ["Y4-MD-02"],
    "Y5-ASMD-08": ["Y4-F-04"],
    "Y5-F-03": ["Y4-F-05"],
    "Y5-F-01": ["Y4-F-01", "Y5-F-03"],
    "Y5-F-02": ["Y5-F-03"],
    "Y5-F-04": ["Y5-F-08"],
    "Y5-F-07": ["Y4-F-03"],
    "Y5-F-06": ["Y5-F-07"],
    "Y5-F-05": ["Y4-F-06"],
    "Y5-F-09": ["Y5-F-05"],
    "Y5-F-12": ["Y5-F-09"],
    "Y5-F-10": ["Y4-F-08"],
    "Y5-M-01": ["Y4-M-03"],
    "Y5-M-02": ["Y4-M-01", "Y5-ASMD-08"],
    "Y5-G-02": ["Y4-G-03"],
    "Y5-G-05": ["Y4-G-03"],
    "Y5-G-04": ["Y5-G-05"],
    "Y5-PD-01": ["Y4-PD-01", "Y4-PD-02"],
    "Y5-S-02": ["Y4-S-01"],
    "Y6-NPV-01": ["Y5-NPV-04"],
    "Y6-NPV-02": ["Y5-NPV-05"],
    "Y6-NPV-04": ["Y5-NPV-02"],
    "Y6-ASMD-04": ["Y5-ASMD-09"],
    "Y6-ASMD-01": ["Y5-ASMD-03"],
    "Y6-ASMD-02": ["Y5-ASMD-03"],
    "Y6-ASMD-03": ["Y5-ASMD-04", "Y5-ASMD-05"],
    "Y6-ASMD-09": ["Y5-ASMD-12"],
    "Y6-F-10": ["Y5-F-03", "Y6-ASMD-03"],
    "Y6-F-01": ["Y5-F-01", "Y6-F-10"],
    "Y6-F-03": ["Y5-F-02", "Y5-F-08"],
    "Y6-F-07": ["Y5-F-04"],
    "Y6-F-04": ["Y5-F-04"],
    "Y6-F-02": ["Y5-ASMD-03", "Y5-F-05"],
    "Y6-F-08": ["Y5-F-12", "Y6-F-02"],
    "Y6-F-05": ["Y5-ASMD-08", "Y5-F-07"],
    "Y6-F-06": ["Y5-F-06"],
    "Y6-R-02": ["Y5-F-09"],
    "Y6-R-01": ["Y5-ASMD-13"],
    "Y6-R-03": ["Y5-ASMD-13"],
    "Y6-R-04": ["Y5-ASMD-13"],
    "Y6-A-03": ["Y6-A-02"],
    "Y6-A-04": ["Y4-NPV-02"],
    "Y6-M-01": ["Y5-M-01"],
    "Y6-M-02": ["Y5-M-03"],
    "Y6-M-05": ["Y5-M-01"],
    "Y6-M-07": ["Y5-M-02"],
    "Y6-G-01": ["Y4-G-01", "Y5-G-04"],
    "Y6-G-04": ["Y5-G-04"],
    "Y6-G-02": ["Y5-G-02"],
    "Y6-PD-01": ["Y4-PD-02", "Y5-NPV-02"],
    "Y6-PD-02": ["Y5-PD-01", "Y6-PD-01"],
    "Y6-S-01": ["Y5-ASMD-12"],
    "Y6-S-02": ["Y5-G-02", "Y5-S-02"],
}


def _label(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> str:
    value = g.value(node, prop)
    text = " ".join(str(value).split()) if value is not None else ""
    return re.sub(r"\[Fraction:\s*([^\]]+)\]", r"\1", text)  # Oak's markup for a fraction


def _tail(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _int(g: Graph, node: URIRef, prop: URIRef) -> int:
    value = g.value(node, prop)
    return int(str(value)) if value is not None else 0


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML 1.2)."""
    return json.dumps(text, ensure_ascii=False)


def load(oak: Path, names: list[str]) -> Graph:
    """Parse the named Turtle files of Oak's data into one graph."""
    g = Graph()
    for name in names:
        g.parse(oak / name, format="turtle")
    return g


# --------------------------------------------------------------------- frameworks


@dataclass
class Descriptor:
    code: str
    title: str
    strand: str
    stage: str
    year: int
    iri: str
    requires: list[str] = field(default_factory=list)


def primary_descriptors(g: Graph) -> list[Descriptor]:
    """Years 1-6 content descriptors, ordered by year, sub-strand (Oak's order) and text."""
    out: list[Descriptor] = []
    progressions = []
    for prog in g.subjects(RDF.type, CURRIC.Progression):
        year_node = g.value(prog, CURRIC.coversYearGroup)
        if year_node is None:
            continue
        year = int(_tail(year_node).rsplit("-", 1)[-1])
        substrand = _tail(g.value(prog, CURRIC.coversSubStrand)).removeprefix("substrand-")
        progressions.append((year, list(SUBSTRANDS).index(substrand), substrand, prog))
    for year, _, substrand, prog in sorted(progressions):
        letters, strand = SUBSTRANDS[substrand]
        descriptors = sorted(
            g.objects(prog, CURRIC.includesContentDescriptor),
            key=lambda d: _label(g, d, SKOS.prefLabel),
        )
        for n, d in enumerate(descriptors, 1):
            out.append(
                Descriptor(
                    code=f"Y{year}-{letters}-{n:02d}",
                    title=_label(g, d, SKOS.prefLabel).rstrip("."),
                    strand=strand,
                    stage="KS1" if year <= 2 else "KS2",
                    year=year,
                    iri=str(d),
                    requires=PRIMARY_LINKS.get(f"Y{year}-{letters}-{n:02d}", []),
                )
            )
    return out


def framework_yaml(stage: str, descriptors: list[Descriptor]) -> str:
    """The text of ``england-ks1.yaml`` or ``england-ks2.yaml``."""
    years = sorted({d.year for d in descriptors})
    lines = [
        f"# England, Key Stage {stage[2:]} mathematics: every national curriculum (2014)",
        f"# content descriptor for Years {years[0]} to {years[-1]}, one statement each, by year",
        "# group and sub-strand, keeping the descriptor's IRI (Oak National Academy's",
        "# curriculum ontology, mathematics knowledge taxonomy).",
        "#",
        "# GENERATED by benchmarks/make_oak.py from Oak's data; do not edit by hand (re-run it).",
        "# Codes: Y<year>-<sub-strand>-<nn>: NPV number and place value, AS addition and",
        "# subtraction, MD multiplication and division, ASMD the four operations (Years 5-6),",
        "# F fractions (with decimals and percentages), R ratio, A algebra, M measurement,",
        "# G properties of shape, PD position and direction, S statistics. nn follows the",
        "# statements' alphabetical order within a year and sub-strand (not a teaching order).",
        "# A descriptor the programme lists for two years is a statement in each year.",
        "# Titles are the programme of study's own statements (Open Government Licence).",
        f"# {OGL} Credit: Department for Education; Oak National Academy.",
        f"id: england-{stage.lower()}",
        "name: " + _q(f"England national curriculum, Key Stage {stage[2:]} mathematics"),
        "source: >-",
        "  Department for Education, Mathematics programmes of study: key stages 1 and 2",
        "  (national curriculum in England, 2014), as published in Oak National Academy's",
        f"  curriculum ontology ({RELEASE}). {OGL}",
        "licence: Open Government Licence v3.0",
        "statements:",
    ]
    for d in descriptors:
        lines += [
            f"  - code: {d.code}",
            f"    title: {_q(d.title)}",
            f"    strand: {d.strand}",
            f"    stage: {d.stage}",
            f"    year: {d.year}",
            f"    iri: {d.iri}",
            f"    requires: [{', '.join(d.requires)}]",
        ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ schemes


@dataclass
class Lesson:
    slug: str
    title: str


@dataclass
class OakUnit:
    slug: str
    title: str
    year: int
    strand: str | None
    prior: list[str]
    lessons: list[Lesson]
    term: int = 0


#: Threads too broad to name a unit's strand when a narrower one is listed.
_BROAD_THREADS = {"number"}


def _strand(g: Graph, unit: URIRef) -> str | None:
    threads = sorted(
        _tail(t).removeprefix("thread-") for t in g.objects(unit, CURRIC.includesThread)
    )
    narrow = [t for t in threads if t not in _BROAD_THREADS]
    return (narrow or threads or [None])[0]


def _ordered(g: Graph, node: URIRef, has: URIRef, includes: URIRef) -> list[URIRef]:
    slots = [(_int(g, s, CURRIC.sequencePosition), s) for s in g.objects(node, has)]
    return [g.value(s, includes) for _, s in sorted(slots)]


def programme_units(g: Graph, programme: URIRef) -> list[OakUnit]:
    """The units of one Oak programme (one year, one tier) in Oak's order."""
    year = int(_tail(g.value(programme, CURRIC.coversYearGroup)).rsplit("-", 1)[-1])
    units = []
    for variant in _ordered(
        g, programme, CURRIC.hasUnitVariantInclusion, CURRIC.includesUnitVariant
    ):
        unit = g.value(variant, CURRIC.isUnitVariantOf)
        prior_nodes = sorted(
            g.objects(unit, CURRIC.hasPriorKnowledgeRequirement),
            key=lambda p: [int(x) for x in re.findall(r"\d+", _tail(p))],
        )
        lessons = [
            Lesson(str(g.value(lesson, CURRIC.slug)), _label(g, lesson))
            for lesson in _ordered(g, variant, CURRIC.hasLessonInclusion, CURRIC.includesLesson)
        ]
        units.append(
            OakUnit(
                slug=str(g.value(unit, CURRIC.slug)),
                title=_label(g, variant) or _label(g, unit),
                year=year,
                strand=_strand(g, unit),
                prior=[_label(g, p) for p in prior_nodes],
                lessons=lessons,
            )
        )
    _place_in_half_terms(units)
    return units


def _place_in_half_terms(units: list[OakUnit]) -> None:
    """Half-term of each unit: where its middle lesson falls in the year's lessons."""
    total = sum(len(u.lessons) for u in units)
    done = 0
    for u in units:
        middle = done + len(u.lessons) / 2
        u.term = min(6, int(middle * 6 / total) + 1) if total else 1
        done += len(u.lessons)


def programmes(g: Graph, years: range, tier: str | None) -> list[URIRef]:
    """Oak programmes for the years (and KS4 tier), in year order."""
    found = []
    for p in g.subjects(RDF.type, CURRIC.Programme):
        year = int(_tail(g.value(p, CURRIC.coversYearGroup)).rsplit("-", 1)[-1])
        p_tier = g.value(p, CURRIC.hasTier)
        if year in years and (tier is None or (p_tier and _tail(p_tier) == f"tier-{tier}")):
            found.append((year, p))
    return [p for _, p in sorted(found)]


def _unique(ident: str, taken: set[str]) -> str:
    out, n = ident, 2
    while out in taken:
        out, n = f"{ident}-{n}", n + 1
    taken.add(out)
    return out


def scheme_yaml(name: str, years: str, tier: str | None, units: list[OakUnit]) -> str:
    """The text of one Oak reference scheme."""
    lessons = sum(len(u.lessons) for u in units)
    lines = [
        f"# {name}: Oak's curriculum for {years} as a reference scheme,",
        "# to hold a school's scheme against (coherence compare ours.yaml <this id>).",
        "#",
        "# GENERATED by benchmarks/make_oak.py from Oak's open data; do not edit by hand.",
        f"# Source: {RELEASE}.",
        "# Units are Oak's, in Oak's order; one step per Oak lesson, in Oak's order;",
        "# strands are Oak's threads (the narrowest a unit lists); prior_knowledge is",
        "# Oak's unit prior-knowledge statements, word for word.",
        "# Half-terms are NOT in Oak's data: they are derived from lesson counts (each",
        "# unit goes in the half-term where its middle lesson falls when the year's",
        "# lessons are spread evenly over six half-terms).",
        "# Oak gives no prerequisite links and no links to national curriculum",
        "# statements, so steps have no requires and no covers.",
        f"# {len(units)} units, {lessons} lessons.",
        "#",
        f"# {OGL}",
        "# Credit: Oak National Academy (https://www.thenational.academy/).",
        f"name: {_q(name)}",
        "school: Oak National Academy",
        "framework: england",
    ]
    if tier:
        lines.append(f"tier: {tier}")
    lines.append("units:")
    taken: set[str] = set()
    for u in units:
        lines += [
            f"  - id: {_unique(f'y{u.year}-{u.slug}', taken)}",
            f"    title: {_q(u.title)}",
            f"    year: {u.year}",
            f"    term: {u.term}",
        ]
        if u.strand:
            lines.append(f"    strand: {u.strand}")
        if u.prior:
            lines.append("    prior_knowledge:")
            lines += [f"      - {_q(p)}" for p in u.prior]
        lines.append("    steps:")
        for lesson in u.lessons:
            lines += [
                f"      - id: {_unique(f'y{u.year}-{lesson.slug}', taken)}",
                f"        title: {_q(lesson.title)}",
            ]
    return "\n".join(lines) + "\n"


SCHEMES = [
    ("oak-primary", "Oak National Academy maths, Years 1-6", "Years 1 to 6", range(1, 7), None),
    ("oak-ks3", "Oak National Academy maths, Key Stage 3", "Years 7 to 9", range(7, 10), None),
    (
        "oak-ks4-foundation",
        "Oak National Academy maths, Key Stage 4 (GCSE foundation tier)",
        "Years 10 and 11, foundation tier",
        range(10, 12),
        "foundation",
    ),
    (
        "oak-ks4-higher",
        "Oak National Academy maths, Key Stage 4 (GCSE higher tier)",
        "Years 10 and 11, higher tier",
        range(10, 12),
        "higher",
    ),
]


def generate(oak: Path) -> dict[Path, str]:
    """Every generated file's path and text."""
    out: dict[Path, str] = {}
    nc = load(oak, ["mathematics-knowledge-taxonomy.ttl", "mathematics-programme-structure.ttl"])
    descriptors = primary_descriptors(nc)
    codes = {d.code for d in descriptors}
    unknown = {c for k, v in PRIMARY_LINKS.items() for c in (k, *v)} - codes
    if unknown:
        raise SystemExit(f"PRIMARY_LINKS names codes the data no longer has: {sorted(unknown)}")
    for stage in ("KS1", "KS2"):
        mine = [d for d in descriptors if d.stage == stage]
        out[ROOT / "curricula" / "frameworks" / f"england-{stage.lower()}.yaml"] = framework_yaml(
            stage, mine
        )
    oakg = load(
        oak,
        ["threads.ttl", *(f"mathematics-key-stage-{n}.ttl" for n in (1, 2, 3, 4))],
    )
    for fid, name, years, year_range, tier in SCHEMES:
        units = [u for p in programmes(oakg, year_range, tier) for u in programme_units(oakg, p)]
        out[ROOT / "curricula" / "schemes" / f"{fid}.yaml"] = scheme_yaml(name, years, tier, units)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oak", type=Path, default=DEFAULT_OAK, help="Oak's data directory")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    if not (args.oak / "mathematics-knowledge-taxonomy.ttl").is_file():
        print(f"Oak data not found in {args.oak}", file=sys.stderr)
        return 2
    stale = []
    for path, text in generate(args.oak).items():
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "differ from the data" if args.check else "written"
    for p in stale:
        print(f"{p}: {verb}")
    if not stale:
        print("all generated files match Oak's data")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
