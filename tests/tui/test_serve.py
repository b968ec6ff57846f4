"""``coherence serve``: the explorer in a real headless Chromium (Debian's chromium and
chromium-driver), a page that loads nothing from outside the machine, and the warning
for a non-local address."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coherence.load import bundled_scheme_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# Records what the app sends to the page: xterm.js draws on a canvas, so the
# screen's text is read from the stream it is drawn from.
RECORD = """
window.__screen = [];
const Native = window.WebSocket;
class Recording extends Native {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (ev) => {
      const d = ev.data;
      if (typeof d === 'string') window.__screen.push(d);
      else if (d instanceof ArrayBuffer) window.__screen.push(new TextDecoder().decode(d));
      else if (d instanceof Blob) d.text().then((t) => window.__screen.push(t));
    });
  }
}
window.WebSocket = Recording;
"""


def plain(stream: str) -> str:
    """The text of a terminal stream, without its escape sequences."""
    return re.sub(r"\x1b(\[[0-9;?$]*[A-Za-z]|\][^\x07]*\x07)", "", stream)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[str], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listening on port {port} after {seconds} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    scheme = tmp_path / "riverside.yaml"
    shutil.copy(bundled_scheme_path(), scheme)
    port = free_port()
    argv = [sys.executable, "-m", "coherence", "serve", str(scheme), "--port", str(port)]
    proc = subprocess.Popen(
        [*argv, "--font-size", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, proc)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
def test_the_scheme_tree_appears_in_headless_chromium(
    served: tuple[int, subprocess.Popen[str]], tmp_path: Path
) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    port, _ = served
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}",
        "--window-size=1280,800",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})
        driver.get(f"http://127.0.0.1:{port}/")
        assert "fontsize=20" in driver.current_url  # --font-size: large text for a projector
        screen = ""
        for _ in range(120):
            screen = driver.execute_script("return window.__screen.join('')")
            if "Year 9" in screen and "Describe and continue sequences" in screen:
                break
            time.sleep(0.25)
        # The tree (years, half-terms, the first unit) and the step detail are on screen.
        for text in ("Year 7", "Autumn 1", "Sequences", "Year 9", "Builds on", "palette"):
            assert text in screen, text
        # Edit in the browser: move the first unit; the notice says what changed.
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        def shows(text: str, tries: int = 120) -> bool:
            """Wait (a loaded machine draws slowly) until the page shows ``text``."""
            for _ in range(tries):
                if text in plain(driver.execute_script("return window.__screen.join('')")):
                    return True
                time.sleep(0.25)
            return False

        keys = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        keys.send_keys("M")
        assert shows("Move unit")
        keys.send_keys("Y7 Spring 1 at the end")
        assert shows("Spring 1 at the end")
        time.sleep(0.5)
        keys.send_keys(Keys.ENTER)
        for _ in range(80):
            screen = plain(driver.execute_script("return window.__screen.join('')"))
            if "Moved unit" in screen:
                break
            time.sleep(0.25)
        assert "Changed" in screen and "Moved unit" in screen
        time.sleep(1)  # let the canvas paint before the picture
        shot = Path(os.environ.get("COHERENCE_SCREENSHOT", tmp_path / "serve.png"))
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
        # Nothing was fetched from outside the machine.
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert fetched and all(u.startswith(f"http://127.0.0.1:{port}/") for u in fetched)
        assert "googleapis" not in driver.page_source
    finally:
        driver.quit()


def test_another_host_prints_a_plain_warning() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coherence", "serve", "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, proc)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "anyone on the network" in err and "edit and save" in err


def test_bad_input_exits_2_before_serving(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nunits: [\n")
    done = subprocess.run(
        [sys.executable, "-m", "coherence", "serve", str(bad), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.yaml:" in done.stderr
