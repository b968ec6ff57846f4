"""Atomic writes keep permissions and never leave temp files behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coherence.io import write_atomic


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_existing_file_keeps_its_mode_and_is_replaced(tmp_path: Path) -> None:
    f = tmp_path / "b.txt"
    f.write_text("old")
    f.chmod(0o600)
    write_atomic(f, b"new")
    assert f.read_bytes() == b"new"
    assert stat.S_IMODE(f.stat().st_mode) == 0o600


def test_failed_write_leaves_old_content_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "c.txt"
    f.write_text("keep me")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(f, "lost")
    assert f.read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["c.txt"]
