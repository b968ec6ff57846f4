"""Input paths that are not regular files: refused at once, without reading them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hostile.runner import assert_refused, permissions_apply, run

COMMANDS = [["check"], ["audit"], ["render", "--format", "dot", "-o", os.devnull]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0])
def test_named_pipe_does_not_hang(cmd: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "scheme.yaml"
    os.mkfifo(fifo)  # no writer: reading it would wait for ever
    assert_refused(run([*cmd, str(fifo)], timeout=30), str(fifo), "named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_unread(device: str) -> None:
    assert_refused(run(["check", device], timeout=30), device, "device")


def test_directory(tmp_path: Path) -> None:
    assert_refused(run(["check", str(tmp_path)]), str(tmp_path), "directory")


def test_name_too_long(tmp_path: Path) -> None:
    name = str(tmp_path / ("s" * 300 + ".yaml"))
    assert_refused(run(["check", name]), name, "name is too long")


def test_path_through_a_file(tiny: Path) -> None:
    bad = f"{tiny}/inner.yaml"
    assert_refused(run(["check", bad]), bad, "not a folder")


def test_missing_file(tmp_path: Path) -> None:
    name = str(tmp_path / "nope.yaml")
    assert_refused(run(["check", name]), name, "no such file")


def test_compare_with_a_pipe(tiny: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "b.yaml"
    os.mkfifo(fifo)
    assert_refused(run(["compare", str(tiny), str(fifo)], timeout=30), str(fifo))


def test_framework_that_is_a_device(tiny: Path) -> None:
    assert_refused(run(["check", str(tiny), "--framework", "/dev/zero"], timeout=30), "/dev/zero")


@pytest.mark.skipif(not permissions_apply(), reason="cannot drop root's file powers here")
def test_unsearchable_folder(tiny: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    shutil.copy(tiny, folder / "s.yaml")
    folder.chmod(0o000)
    try:
        r = run(["check", str(folder / "s.yaml")], drop_root=True)
    finally:
        folder.chmod(0o755)
    assert_refused(r, "s.yaml", "permission denied")


@pytest.mark.skipif(not permissions_apply(), reason="cannot drop root's file powers here")
def test_unreadable_file(tiny: Path) -> None:
    tiny.chmod(0o000)
    try:
        r = run(["check", str(tiny)], drop_root=True)
    finally:
        tiny.chmod(0o644)
    assert_refused(r, str(tiny), "permission denied")
