"""The national frameworks for Years 1 to 11: counts, Oak IRIs, tiers, the umbrella, includes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from coherence.cli import main
from coherence.errors import InputError
from coherence.frameworks import statements_in_scope
from coherence.load import load_framework
from coherence.load.yaml import load_yaml_framework
from coherence.model import Framework

OAK = Path(__file__).resolve().parents[1].parent.parent / "shared" / "reference" / "oak-maths"
NC = "https://w3id.org/uk/oak/curriculum/nationalcurriculum/"

#: KS3 codes as they were before this framework grew (schemes rely on them): strand
#: letter -> how many, numbered 01..n.
KS3_CODES = {"N": 16, "A": 16, "R": 10, "G": 16, "P": 4, "S": 3, "W": 18}
#: The GCSE subject content's numbering.
GCSE_CODES = {"N": 16, "A": 25, "R": 16, "G": 25, "P": 9, "S": 6}


def _graph(fw: Framework) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(s.code for s in fw.statements)
    g.add_edges_from((r, s.code) for s in fw.statements for r in s.requires)
    return g


def _oak_text(name: str) -> str:
    if not OAK.is_dir():
        pytest.skip(f"Oak reference data not present at {OAK}")
    return (OAK / name).read_text(encoding="utf-8")


def _declared_descriptors() -> set[str]:
    taxonomy = _oak_text("mathematics-knowledge-taxonomy.ttl")
    return set(
        re.findall(
            r"^natcurric:(contentdescriptor-[\w-]+)\n\s+a skos:Concept, curric:ContentDescriptor",
            taxonomy,
            re.M,
        )
    )


def _oak_primary_progressions() -> dict[int, set[str]]:
    """Oak's Years 1-6 content descriptors (IRI tails) by year group."""
    ps = _oak_text("mathematics-programme-structure.ttl")
    out: dict[int, set[str]] = {}
    for year, body in re.findall(
        r"natcurric:progression-mathematics-year-group-(\d)-\S+\n(.*?)\n\n", ps, re.S
    ):
        out.setdefault(int(year), set()).update(
            re.findall(r"natcurric:(contentdescriptor-[\w-]+)", body)
        )
    return out


def test_counts_per_stage() -> None:
    ks1, ks2 = load_framework("england-ks1"), load_framework("england-ks2")
    ks3, ks4 = load_framework("england-ks3"), load_framework("england-ks4")
    assert len(ks1.statements) == 62
    assert len(ks1.statements) + len(ks2.statements) >= 229
    # 167 distinct descriptors; 5 are listed for several years (a statement in each year).
    assert len({s.iri for s in ks2.statements}) == 167
    assert len(ks3.statements) == 83
    assert len(ks4.statements) == 97
    assert {s.stage for s in ks1.statements} == {"KS1"}
    assert {s.year for s in ks1.statements} == {1, 2}
    assert {s.year for s in ks2.statements} == {3, 4, 5, 6}
    assert {s.stage for s in ks4.statements} == {"KS4"}
    # Teachers' words for link drafting, for every statement.
    assert all(s.keywords for fw in (ks1, ks2, ks3, ks4) for s in fw.statements)


def test_ks3_codes_are_unchanged() -> None:
    expected = {f"KS3-{k}-{n:02d}" for k, count in KS3_CODES.items() for n in range(1, count + 1)}
    assert [s.code for s in load_framework("england-ks3").statements] == sorted(
        expected, key=lambda c: (list(KS3_CODES).index(c[4]), c)
    )


def test_ks4_has_the_97_gcse_codes_each_with_a_tier() -> None:
    fw = load_framework("england-ks4")
    expected = [f"GCSE-{k}{n}" for k, count in GCSE_CODES.items() for n in range(1, count + 1)]
    assert [s.code for s in fw.statements] == expected
    assert all(s.tier for s in fw.statements)
    by = fw.by_code()
    # Anchors from the DfE subject content: wholly bold (higher only), underlined, plain.
    assert {by[c].tier for c in ("GCSE-A20", "GCSE-G22", "GCSE-G10", "GCSE-P9", "GCSE-S3")} == {
        "higher-only"
    }
    assert by["GCSE-R16"].tier == "additional-foundation"  # compound interest
    assert by["GCSE-N1"].tier == by["GCSE-G3"].tier == "basic-foundation"
    assert Counter(s.tier for s in fw.statements)["higher-only"] == 11
    # Teachers' words for link drafting are filled in.
    assert all(s.keywords for s in fw.statements)


def test_every_ks1_to_ks3_statement_names_a_real_oak_descriptor() -> None:
    declared = _declared_descriptors()
    for fid in ("england-ks1", "england-ks2", "england-ks3"):
        for s in load_framework(fid).statements:
            assert s.iri and s.iri.startswith(NC), (fid, s.code)
            assert s.iri.removeprefix(NC) in declared, (fid, s.code, s.iri)
    ks3 = [s.iri for s in load_framework("england-ks3").statements]
    assert len(set(ks3)) == 83  # one statement per descriptor


def test_primary_statements_sit_in_the_years_oak_lists_them() -> None:
    by_year = _oak_primary_progressions()
    ours: dict[int, set[str]] = {}
    for fid in ("england-ks1", "england-ks2"):
        for s in load_framework(fid).statements:
            assert s.year is not None and s.iri
            ours.setdefault(s.year, set()).add(s.iri.removeprefix(NC))
    assert ours == by_year  # every descriptor of every year, none extra


def test_umbrella_is_the_union_acyclic_with_cross_stage_links() -> None:
    fw = load_framework("england")
    parts = ["england-ks1", "england-ks2", "england-ks3", "england-ks4"]
    assert [s.code for s in fw.statements] == [
        s.code for p in parts for s in load_framework(p).statements
    ]
    g = _graph(fw)
    assert set(g.nodes) == {s.code for s in fw.statements}
    assert nx.is_directed_acyclic_graph(g)
    stage = {s.code: s.stage for s in fw.statements}
    crossings = Counter((stage[a], stage[b]) for a, b in g.edges if stage[a] != stage[b])
    assert crossings[("KS1", "KS2")] >= 10
    assert crossings[("KS2", "KS3")] >= 20
    assert crossings[("KS3", "KS4")] >= 30
    assert not any(a > b for a, b in crossings)  # never from a later stage to an earlier one
    # Review's example: trigonometry in similar triangles needs similarity.
    assert "KS3-G-09" in fw.by_code()["KS3-G-14"].requires
    # A GCSE item reaches back to primary: solving quadratics <- ... <- Year 6 algebra.
    assert nx.has_path(g, "Y6-A-02", "GCSE-A18")


def test_ready_to_progress_criteria_link_to_the_statements_they_draw_on() -> None:
    fw = load_framework("england-ks2-ready-to-progress")
    by = fw.by_code()
    criteria = [s for s in fw.statements if s.file == fw._source_file]
    for c in criteria:
        drawn = [by[r] for r in c.requires if by[r].iri]
        assert drawn, c.code
        assert all((d.year or 0) <= int(c.code[0]) for d in drawn), c.code


@pytest.mark.parametrize(
    ("years", "tier", "stages", "count"),
    [
        ([7, 8, 9], None, {"KS3"}, 83),
        ([10, 11], "higher", {"KS4"}, 97),
        ([10, 11], "foundation", {"KS4"}, 86),
        ([1, 2, 3, 4, 5, 6], None, {"KS1", "KS2"}, 235),
        ([5], None, {"KS2"}, 49),  # the Year 5 statements only
    ],
)
def test_a_schemes_years_and_tier_choose_the_statements_in_scope(
    years: list[int], tier: str | None, stages: set[str], count: int
) -> None:
    scope = statements_in_scope(load_framework("england"), years, tier)
    assert {s.stage for s in scope} == stages
    assert len(scope) == count
    if tier == "foundation":
        assert all(s.tier != "higher-only" for s in scope)


# ------------------------------------------------------------------- includes


def _fw(path: Path, body: str) -> Path:
    path.write_text("name: F\n" + body, encoding="utf-8")
    return path


STMT = "  - code: {c}\n    title: t\n    strand: s\n    stage: KS3\n    requires: [{r}]\n"


def test_a_department_extends_a_national_framework(tmp_path: Path) -> None:
    f = _fw(
        tmp_path / "ours.yaml",
        "includes: [england-ks3]\nstatements:\n" + STMT.format(c="OUR-1", r="KS3-A-07"),
    )
    fw = load_yaml_framework(str(f))
    assert len(fw.statements) == 84
    assert fw.statements[-1].code == "OUR-1" and fw.statements[-1].file == str(f)
    assert fw.by_code()["KS3-A-07"].file != str(f)  # included statements keep their file


def test_a_statement_reached_twice_keeps_every_link(tmp_path: Path) -> None:
    """england-ks3 directly and through england: one statement, england's extra links kept."""
    f = _fw(tmp_path / "ours.yaml", "includes: [england-ks3, england]\n")
    fw = load_yaml_framework(str(f))
    assert len(fw.statements) == len(load_framework("england").statements)
    assert (
        fw.by_code()["KS3-G-14"].requires
        == load_framework("england").by_code()["KS3-G-14"].requires
    )
    assert "KS3-G-09" in fw.by_code()["KS3-G-14"].requires  # from england's links


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "includes: [b.yaml]\n", "b.yaml": "includes: [a.yaml]\n"}, "includes itself"),
        ({"a.yaml": "includes: [a.yaml]\n"}, "includes itself"),
        ({"a.yaml": "includes: [nowhere.yaml]\n"}, "unknown framework 'nowhere.yaml'"),
        (
            {"a.yaml": "includes: [england-ks3]\nlinks:\n  KS3-A-01: [KS3-A-99]\n"},
            "a.yaml:4: links: 'KS3-A-99' is not a statement",
        ),
        ({"a.yaml": "includes: [england-ks3]\nlinks:\n  X-1: [KS3-A-01]\n"}, "'X-1' is not"),
        (
            {"a.yaml": "includes: [england-ks3]\nlinks:\n  KS3-N-01: [KS3-N-04]\n"},
            "prerequisite cycle",
        ),
        (
            {"a.yaml": "includes: [england-ks3]\nstatements:\n" + STMT.format(c="KS3-N-01", r="")},
            "duplicate statement code 'KS3-N-01' (also in",
        ),
        ({"a.yaml": "statements: []\n"}, "no statements and includes none"),
    ],
)
def test_bad_includes_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], message: str
) -> None:
    for name, body in files.items():
        _fw(tmp_path / name, body)
    with pytest.raises(InputError) as e:
        load_yaml_framework(str(tmp_path / "a.yaml"))
    assert message in str(e.value)
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: S\nframework: a.yaml\nunits:\n  - id: u\n    title: U\n    year: 7\n"
        "    term: 1\n    steps:\n      - id: s1\n        title: A step\n",
        encoding="utf-8",
    )
    assert main(["check", str(scheme)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err
    assert ".yaml" in err.split(":")[1] or ".yaml:" in err  # names the file


# ------------------------------------------------------------------- command


def test_frameworks_command_lists_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["frameworks"]) == 0
    out = capsys.readouterr().out
    for fid in ("england ", "england-ks1", "england-ks2", "england-ks3", "england-ks4"):
        assert fid in out
    assert re.search(r"^england\s+415 statements\s+KS1, KS2, KS3, KS4", out, re.M)
    assert main(["frameworks", "england-ks4", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"id", "name", "statements"} and data["id"] == "england-ks4"
    assert len(data["statements"]) == 97 and data["statements"][0]["code"] == "GCSE-N1"
    assert main(["frameworks", "england-ks1"]) == 0
    first = capsys.readouterr().out.splitlines()[1]
    assert first.startswith("Y1-NPV-01") and "Y1" in first
    assert main(["frameworks", "england-ks9"]) == 2
    assert "unknown framework 'england-ks9'" in capsys.readouterr().err
