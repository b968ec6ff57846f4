"""The bundled frameworks load, are DAGs, and are what they claim to be."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from coherence.errors import InputError
from coherence.load import bundled_framework_ids, load_framework
from coherence.load.yaml import load_yaml_framework
from coherence.model import Framework

OAK = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "oak-maths"

#: Oak's KS3 sub-strands (programme-structure progressions) -> our strand names.
OAK_SUBSTRANDS = {
    "develop-fluency": "working-mathematically",
    "reason-mathematically": "working-mathematically",
    "solve-problems": "working-mathematically",
    "number": "number",
    "mathematics-algebra": "algebra",
    "ratio-proportion-rates-change": "ratio",
    "geometry-and-measures": "geometry",
    "probability": "probability",
    "mathematics-statistics": "statistics",
}
STRAND_LETTER = {
    "number": "N",
    "algebra": "A",
    "ratio": "R",
    "geometry": "G",
    "probability": "P",
    "statistics": "S",
    "working-mathematically": "W",
}
RTP_STRANDS = {
    "NPV": "place-value",
    "NF": "number-facts",
    "AS": "addition-subtraction",
    "MD": "multiplication-division",
    "AS/MD": "additive-multiplicative",
    "F": "fractions",
    "G": "geometry",
}


def _graph(fw: Framework) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(s.code for s in fw.statements)
    g.add_edges_from((r, s.code) for s in fw.statements for r in s.requires)
    return g


def test_both_frameworks_are_bundled_and_found_by_the_package() -> None:
    assert {"england-ks3", "england-ks2-ready-to-progress"} <= set(bundled_framework_ids())


@pytest.mark.parametrize("fid", ["england-ks3", "england-ks2-ready-to-progress"])
def test_framework_loads_as_a_dag_with_attribution(fid: str) -> None:
    fw = load_framework(fid)
    assert fw.id == fid
    assert fw.licence == "Open Government Licence v3.0"
    assert fw.source and "Open Government Licence v3.0" in fw.source
    codes = [s.code for s in fw.statements]
    assert len(codes) == len(set(codes))
    g = _graph(fw)
    assert set(g.nodes) == set(codes)  # no dangling requires added nodes
    assert nx.is_directed_acyclic_graph(g)
    # Every statement has a title in our words and a line in the file.
    assert all(s.title and s.line for s in fw.statements)


def test_a_cycle_in_a_copy_of_the_framework_is_rejected(tmp_path: Path) -> None:
    """The loader's DAG check really applies to the bundled data (a near-miss copy fails)."""
    fw = load_framework("england-ks3")
    src = Path(fw._source_file or "")
    text = src.read_text(encoding="utf-8")
    # KS3-N-01 is required (indirectly) by KS3-N-04; making N-01 require N-04 closes a loop.
    bad = re.sub(
        r"(  - code: KS3-N-01\n(?:    .*\n)*?)    requires: \[\]",
        r"\1    requires: [KS3-N-04]",
        text,
        count=1,
    )
    assert bad != text
    p = tmp_path / "cyclic.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError, match="cycle"):
        load_yaml_framework(str(p))


def test_ks3_codes_strands_and_stage() -> None:
    fw = load_framework("england-ks3")
    assert {s.stage for s in fw.statements} == {"KS3"}
    assert {s.strand for s in fw.statements} == set(STRAND_LETTER)
    for s in fw.statements:
        m = re.fullmatch(r"KS3-([A-Z])-(\d\d)", s.code)
        assert m, s.code
        assert m.group(1) == STRAND_LETTER[s.strand], s.code
    # Codes are numbered 01..n without gaps within each strand.
    for strand in STRAND_LETTER:
        nums = sorted(int(s.code[-2:]) for s in fw.statements if s.strand == strand)
        assert nums == list(range(1, len(nums) + 1)), strand
    # The issue's example: KS3-A-09 is the sequences statement.
    assert "sequence" in fw.by_code()["KS3-A-09"].title.lower()


def test_ks3_expert_links_the_issue_names() -> None:
    by = load_framework("england-ks3").by_code()
    g = _graph(load_framework("england-ks3"))
    solve = next(c for c, s in by.items() if "solve linear equations" in s.title.lower())
    simplify = next(c for c, s in by.items() if "simplifying" in s.title.lower())
    assert nx.has_path(g, simplify, solve)  # solving equations needs simplifying
    gradient = next(c for c, s in by.items() if "gradient" in s.title.lower())
    coords = next(c for c, s in by.items() if "four quadrants" in s.title.lower())
    rearrange = next(c for c, s in by.items() if "change their subject" in s.title.lower())
    assert coords in by[gradient].requires and rearrange in by[gradient].requires


def _oak_ks3() -> dict[str, list[str]]:
    """Oak's KS3 content descriptors (IRI tails) by sub-strand, from the programme structure."""
    if not OAK.is_dir():
        pytest.skip(f"Oak reference data not present at {OAK}")
    ps = (OAK / "mathematics-programme-structure.ttl").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for name, body in re.findall(
        r"natcurric:progression-mathematics-key-stage-3-(\S+)\n(.*?)\n\n", ps, re.S
    ):
        out[name] = re.findall(r"natcurric:(contentdescriptor-[\w-]+)", body)
    return out


def test_ks3_has_one_statement_per_oak_ks3_content_descriptor() -> None:
    oak = _oak_ks3()
    assert set(oak) == set(OAK_SUBSTRANDS)
    taxonomy = (OAK / "mathematics-knowledge-taxonomy.ttl").read_text(encoding="utf-8")
    declared = set(
        re.findall(r"^natcurric:(contentdescriptor-[\w-]+)\n\s+a skos:Concept, ", taxonomy, re.M)
    )
    descriptors = [d for ds in oak.values() for d in ds]
    assert len(descriptors) == len(set(descriptors)) == 83
    assert set(descriptors) <= declared  # each is a real descriptor of the taxonomy
    expected = Counter({})
    for substrand, ds in oak.items():
        expected[OAK_SUBSTRANDS[substrand]] += len(ds)
    fw = load_framework("england-ks3")
    assert Counter(s.strand for s in fw.statements) == expected


@pytest.mark.parametrize("fid", ["england-ks1", "england-ks2", "england-ks3", "england-ks4"])
def test_titles_are_our_own_words(fid: str) -> None:
    """No title shares a run of six consecutive words with any descriptor text."""
    if not OAK.is_dir():
        pytest.skip(f"Oak reference data not present at {OAK}")
    taxonomy = (OAK / "mathematics-knowledge-taxonomy.ttl").read_text(encoding="utf-8")
    labels = re.findall(r'skos:prefLabel """?(.*?)"""?@en', taxonomy, re.S)

    def words(s: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", s.lower())

    n = 6
    grams = {tuple(w[i : i + n]) for lab in labels for w in [words(lab)] for i in range(len(w))}
    for s in load_framework(fid).statements:
        w = words(s.title)
        runs = [tuple(w[i : i + n]) for i in range(len(w) - n + 1)]
        copied = [" ".join(r) for r in runs if r in grams]
        assert not copied, (s.code, copied)


def test_ready_to_progress_codes_stages_and_progression() -> None:
    fw = load_framework("england-ks2-ready-to-progress")
    by = fw.by_code()
    years = Counter()
    criteria = [s for s in fw.statements if s.file == fw._source_file]
    assert len(criteria) == 79
    for s in criteria:
        m = re.fullmatch(r"([1-6])(NPV|NF|AS|MD|F|G|AS/MD)-(\d)", s.code)
        assert m, s.code
        year = int(m.group(1))
        years[year] += 1
        assert s.stage == ("KS1" if year <= 2 else f"KS2-Y{year}"), s.code
        assert s.strand == RTP_STRANDS[m.group(2)], s.code
        for r in s.requires:  # criteria build on the same or earlier years
            earlier = by[r].year if by[r].year is not None else int(by[r].code[0])
            assert earlier <= year, (s.code, r)
    assert sorted(years) == [1, 2, 3, 4, 5, 6]
    # The codes the issue names exist.
    assert {"1NPV-1", "2AS-1", "3NF-1", "4F-2", "5NF-1", "6AS/MD-1"} <= set(by)
    # Year 6 is reachable from Year 1: the criteria form a progression, not islands.
    g = _graph(fw)
    assert any(nx.has_path(g, a, "6F-1") for a in by if a.startswith("1"))
