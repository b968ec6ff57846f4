"""The front of the pipeline: file -> Scheme -> CurriculumGraph (with its framework)."""

from __future__ import annotations

from coherence.graph import CurriculumGraph, build_graph
from coherence.load import bundled_scheme_path, load_framework, load_scheme


def load_graph(path: str | None, framework: str | None = None) -> CurriculumGraph:
    """Load a scheme and its framework, and build its graph.

    Parameters
    ----------
    path : str or None
        The scheme file; None means the bundled example.
    framework : str, optional
        A bundled framework id or file; wins over the scheme's own ``framework``
        (which is resolved relative to the scheme file).

    Returns
    -------
    CurriculumGraph

    Examples
    --------
    >>> load_graph(None).scheme.name
    'Riverside Academy KS3 Mathematics'
    """
    path = path or bundled_scheme_path()
    scheme = load_scheme(path)
    ref = framework or scheme.framework
    fw = load_framework(ref, relative_to=None if framework else path) if ref else None
    return build_graph(scheme, fw)
