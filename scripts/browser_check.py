"""Open the built docs in a headless Chromium and fail on console errors or missing fields.

Usage: ``python3 scripts/browser_check.py SITE_DIR``

Serves ``SITE_DIR`` (the output of ``mkdocs build``) on a local port, opens the home page and
the reference pages of the main models with Playwright driving the system's Chromium (the
Debian package ``chromium``; Playwright's own browser download is not needed), and checks:

* no console error and no uncaught page error on any page;
* every field of the models on a reference page has its own visible entry there (the
  anchor mkdocstrings gives it), so the reference shows each field with its type.

Without Playwright or Chromium it says so and exits 0 (skipped), so a machine that cannot
install a browser still runs the rest of CI; with them, any problem exits 1.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel

import balg_planner as bp

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error

PAGES: Final[dict[str, tuple[type[BaseModel], ...]]] = {
    "": (),
    "reference/athlete/": (bp.Athlete, bp.Goal, bp.RaceResult),
    "reference/plans/": (bp.Plan, bp.Week, bp.Adaptation),
    "reference/workout/": (bp.Session, bp.Step),
}
"""Pages to open, and the models whose every field each must show."""

CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep CI's log for problems."""


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def check(site: Path) -> list[str]:
    """Problems found in the built site (empty when all is well)."""
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    assert chromium is not None
    problems: list[str] = []
    server, base = _serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            for page_path, models in PAGES.items():
                page = browser.new_page()
                errors: list[str] = []

                def on_console(message: ConsoleMessage, errors: list[str] = errors) -> None:
                    if message.type == "error":
                        errors.append(message.text)

                def on_error(error: Error, errors: list[str] = errors) -> None:
                    errors.append(str(error))

                page.on("console", on_console)
                page.on("pageerror", on_error)
                response = page.goto(base + page_path, wait_until="networkidle")
                if response is None or not response.ok:
                    problems.append(f"/{page_path}: could not be opened")
                    continue
                problems += [f"/{page_path}: console error: {text}" for text in errors]
                for model in models:
                    missing = [
                        name
                        for name in model.model_fields
                        if page.locator(f'[id="{model.__module__}.{model.__qualname__}.{name}"]')
                        .filter(visible=True)
                        .count()
                        == 0
                    ]
                    if missing:
                        problems.append(f"/{page_path}: {model.__name__} lacks {missing}")
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return problems


def main(argv: list[str]) -> int:
    """Check the site in ``argv[0]``; 0 when all is well or no browser is at hand, else 1."""
    if len(argv) != 1 or not Path(argv[0], "index.html").is_file():
        print("usage: browser_check.py SITE_DIR (a built mkdocs site)", file=sys.stderr)
        return 2
    try:
        import playwright.sync_api  # noqa: F401 - only to know it is there
    except ModuleNotFoundError:
        print("browser check skipped: Playwright is not installed (pip install playwright)")
        return 0
    if _chromium() is None:
        print("browser check skipped: no Chromium (install the Debian package 'chromium')")
        return 0
    problems = check(Path(argv[0]))
    for problem in problems:
        print(f"browser check: {problem}", file=sys.stderr)
    if not problems:
        print(f"browser check: {len(PAGES)} pages opened in Chromium, no errors, fields shown")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
