"""Output targets: a full disk, a missing or unwritable folder, a closed or full stdout,
a name too long, and devices or pipes that must be written to, never renamed over."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.hostile.runner import assert_refused, permissions_apply, run

WRITERS = [
    ["audit", "--fail-on", "never", "-o"],
    ["audit", "--format", "json", "--fail-on", "never", "-o"],
    ["report", "--no-maps", "-o"],
    ["render", "--format", "dot", "-o"],
]
LONG = "x" * 300 + ".txt"


@pytest.mark.parametrize("cmd", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_full_device_is_one_line(cmd: list[str], tiny: Path) -> None:
    # /dev/full: every write fails with "no space left on device".
    r = run([*cmd, "/dev/full", str(tiny)])
    assert_refused(r, "/dev/full", "disk is full")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize(
    "args",
    [["audit", "--fail-on", "never"], ["audit", "--format", "json"], ["check"], ["rules"]],
    ids=lambda a: " ".join(a),
)
def test_stdout_to_dev_full(args: list[str], tiny: Path) -> None:
    with open("/dev/full", "wb") as full:
        r = run([*args, *([str(tiny)] if args[0] != "rules" else [])], stdout=full.fileno())
    assert_refused(r, "standard output", "disk is full")


@pytest.mark.parametrize("args", [["check"], ["audit"], ["schema"]])
def test_closed_stdout(args: list[str], tiny: Path) -> None:
    r = run([*args, *([str(tiny)] if args[0] != "schema" else [])], close_stdout=True)
    assert_refused(r, "standard output is closed")


@pytest.mark.parametrize("cmd", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_missing_folder(cmd: list[str], tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "out.txt"
    r = run([*cmd, str(out), str(tiny)])
    assert_refused(r, str(out), "does not exist")


@pytest.mark.parametrize("cmd", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_name_too_long(cmd: list[str], tiny: Path, tmp_path: Path) -> None:
    r = run([*cmd, str(tmp_path / LONG), str(tiny)])
    assert_refused(r, LONG, "name is too long")


def test_output_is_a_folder(tiny: Path, tmp_path: Path) -> None:
    assert_refused(run(["report", "--no-maps", "-o", str(tmp_path), str(tiny)]), "is a folder")


@pytest.mark.skipif(not permissions_apply(), reason="cannot drop root's file powers here")
@pytest.mark.parametrize("cmd", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_unwritable_folder(cmd: list[str], tiny: Path, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    try:
        r = run([*cmd, str(folder / "out.txt"), str(tiny)], drop_root=True)
    finally:
        folder.chmod(0o755)
    assert_refused(r, "out.txt", "permission denied")
    assert list(folder.iterdir()) == []  # no temp file left behind


def test_full_filesystem_keeps_old_file(tiny: Path, tmp_path: Path) -> None:
    """A real full file system (a 64 KB tmpfs) when mounting is allowed."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)]
    if not shutil.which("mount") or subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (not root)")
    try:
        old = mnt / "audit.txt"
        old.write_text("the previous audit\n")
        fd = os.open(mnt / "fill", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        r = run(["audit", "--fail-on", "never", "-o", str(old)])
        assert_refused(r, str(old), "disk is full")
        assert old.read_text() == "the previous audit\n"
        assert sorted(p.name for p in mnt.iterdir()) == ["audit.txt", "fill"]
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_character_device_is_written_not_replaced(tiny: Path, tmp_path: Path) -> None:
    """``-o /dev/null`` as root once replaced the device with a regular file."""
    if os.geteuid() == 0:
        node = tmp_path / "null"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
        target = str(node)
    else:
        target = "/dev/null"
    for cmd in WRITERS:
        r = run([*cmd, target, str(tiny)])
        assert r.code == 0, r.stderr
        assert stat.S_ISCHR(os.stat(target).st_mode), cmd
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_named_pipe_is_written_not_replaced(tiny: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run(["audit", "--format", "json", "--fail-on", "never", "-o", str(fifo), str(tiny)])
    reader.join(timeout=30)
    assert r.code == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b'"findings"' in got[0]


def test_symlink_to_file_keeps_the_link(tiny: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(["audit", "--fail-on", "never", "-o", str(link), str(tiny)]).code == 0
    assert link.is_symlink()
    assert "Tiny" in real.read_text()


def test_broken_pipe_is_quiet(example: str) -> None:
    import sys

    proc = subprocess.run(
        f"{sys.executable} -m coherence audit --fail-on never {example} | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ""
