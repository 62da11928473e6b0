"""Regenerate the README's workbench screenshots (SVG, Textual's own export)
from the demo project: python docs/screenshots/make_screenshots.py"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from vos_coder.demo import build_demo
from vos_coder.store import Project
from vos_coder.tui.app import VosApp

HERE = Path(__file__).resolve().parent
SIZE = (120, 32)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def shoot(db: Path, name: str, steps) -> None:
    app = VosApp(Project.open(db), "amira", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))


async def memos(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("M")


async def filtering(pilot) -> None:
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("f", *"--group survivor --where town_type=rural", "enter")


async def search(pilot) -> None:
    await pilot.press("slash")
    await settle(pilot)
    await pilot.press(*"school", "enter")
    await settle(pilot)
    await pilot.press("down", "down", "space", "space", "w", "c")
    await settle(pilot)
    await pilot.press(*"rights")


async def coding(pilot) -> None:
    from vos_coder.tui.messages import OpenSource

    pilot.app.post_message(OpenSource(pilot.app.project.source("VoS-AL-03").id))
    await settle(pilot)
    await pilot.press("n", "n", "n", "n", "left")  # to a passage with two themes, then off it


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        build_demo(db).close()
        with Project.open(db) as p:
            eid = p.query(themes=["Culture of silence"])[0].excerpt_id
            p.add_memo("excerpt", eid, "Silence as a house rule: compare with VoS-AL-03's school story", "amira")
            p.add_memo("theme", p.theme("Culture of silence").id, "Split into family and school?", "blerta")
            p.add_memo("project", None, "Second coding round starts Monday", "amira")
            p.set_quick_key("amira", 1, "Culture of silence")
            p.set_quick_key("amira", 2, "Fear of how others respond")
            p.set_quick_key("amira", 3, "Confidentiality breaches by police or media")
        await shoot(db, "coding-screen", coding)
        await shoot(db, "memos-panel", memos)
        await shoot(db, "filtering", filtering)
        await shoot(db, "coding-from-search", search)


if __name__ == "__main__":
    asyncio.run(main())
