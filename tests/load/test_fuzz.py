"""Property: any bytes given to any loader give a Scheme or a one-line InputError.

Random and mutated schemes, CSV and XLSX files; never another exception, never a hang.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coherence.errors import InputError
from coherence.graph import build_graph
from coherence.load import bundled_scheme_path, load_scheme

# Derandomized: CI sees the same examples on every run, so a pass or a failure is
# reproducible (a local hunt with 1,500 examples per test is how new cases are found).
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
YAML_SEED = Path(bundled_scheme_path("riverside-ks3.yaml")).read_bytes()[:6000]
CSV_SEED = Path(bundled_scheme_path("riverside-ks3.csv")).read_bytes()[:4000]
XLSX_SEED = Path(bundled_scheme_path("riverside-ks3.xlsx")).read_bytes()
TOKENS = [
    b":",
    b"-",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a",
    b"*a",
    b"\n",
    b"  ",
    b"id: x",
    b",",
    b";",
    b'"',
    b"'",
    b"year: 99",
    b"term: x",
    b"\xff",
    b"\x00",
    b"steps:",
    b"units:",
    b"!!python/object",
]


def outcome(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"s{suffix}"
        f.write_bytes(data)
        try:
            result = load_scheme(f)
        except InputError as e:
            text = str(e)
            assert "\n" not in text and text.startswith(str(f)), text
            return
        # A scheme that loads is usable: its graph builds with every step placed once.
        cg = build_graph(result)
        assert len(cg.order) == len(result.steps) == len({s.id for s in result.steps})


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["delete", "insert", "flip", "truncate"]))
        if action == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif action == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif action == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        else:
            del data[pos:]
    return bytes(data)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_yaml(data: bytes) -> None:
    outcome(data, ".yaml")


@SETTINGS
@given(mutated(YAML_SEED))
def test_mutated_yaml_scheme(data: bytes) -> None:
    outcome(data, ".yaml")


@SETTINGS
@given(mutated(CSV_SEED))
def test_mutated_csv_scheme(data: bytes) -> None:
    outcome(data, ".csv")


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list('ab7,;\n"prior Autumn1Year Term Unit Step'))))
def test_random_csv_text(text: str) -> None:
    outcome(("Year,Term,Unit,Step,Requires\n" + text).encode(), ".csv")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.data())
def test_mutated_xlsx_parts(data: st.DataObject) -> None:
    outcome(mutated_part(data, XLSX_SEED, lambda name: True), ".xlsx")


def mutated_part(data: st.DataObject, seed: bytes, victims: Callable[[str], bool]) -> bytes:
    """The zip ``seed`` with one of its parts (chosen among ``victims``) mutated."""
    src = zipfile.ZipFile(io.BytesIO(seed))
    names = src.namelist()
    victim = data.draw(st.sampled_from([n for n in names if victims(n)]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in names:
            content = src.read(name)
            if name == victim:
                content = data.draw(mutated(content[:3000]))
            out.writestr(name, content)
    return buf.getvalue()


@SETTINGS
@given(mutated(XLSX_SEED[:2000]))
def test_mutated_xlsx_bytes(data: bytes) -> None:
    outcome(data, ".xlsx")


def _docx_seed() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_heading("Year 7", 1)
    doc.add_heading("Autumn Term 1", 2)
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ("Unit", "Small steps", "Prior knowledge"), strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ("Place value", "1. Read numbers\n2. Compare", "Count"), strict=True
    ):
        cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.data())
def test_mutated_docx_parts(data: st.DataObject) -> None:
    outcome(mutated_part(data, _docx_seed(), lambda name: name.endswith(".xml")), ".docx")


@SETTINGS
@given(
    st.text(
        alphabet=st.sampled_from(list('ab7,;\n"•-1.) prior Autumn Term1 HT Year Unit Small steps'))
    )
)
def test_random_csv_layouts(text: str) -> None:
    outcome(text.encode(), ".csv")
