"""The explorer says once what was read loosely, and shows a step's prior knowledge as written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.load import gallery
from tui.app import CoherenceApp


async def test_load_notes_are_notified_once_and_prior_knowledge_is_shown(tmp_path: Path) -> None:
    path = gallery.write_xlsx_steps_in_cell(tmp_path)
    app = CoherenceApp(str(path), export_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = [n for n in app._notifications if n.title == "Read loosely from the file"]
        assert len(notes) == 1
        assert "• sheet 'KS3': 5 Step cell(s) held several lines" in notes[0].message
        app.goto("y8-negative-numbers-1")
        await pilot.pause()
        head = str(app.query_one("#head", Static).render())
        assert "Unit: Prior knowledge (as written)" in head
        assert "• Times tables to 12 x 12" in head
