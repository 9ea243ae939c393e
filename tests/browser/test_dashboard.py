"""The dashboard end to end in a real browser (Playwright + Debian chromium).

Each test opens its own browser session on one shared `streamlit run app.py` server, checks
what a reader sees and saves a screenshot in test-artifacts/ (look at them after a change).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
PlaywrightTimeout = playwright.TimeoutError

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.browser

XSS_SCRIPT = ("<script>alert(1)</script> Analysts said DeepSeek could be cheaper, "
              "and Nvidia shares fell 13% on Monday.\n")
XSS_IMG = ("<img src=x onerror=alert(1)> China clearly leads the AI race, critics say, "
           "and Nvidia shares fell 17% on Monday.\n")


def shot(page, name: str) -> Path:
    """A full-page screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def settle(page, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has finished running the script: the 'Running…' status widget has
    come (if the run was not already over) and gone, and no element is still a skeleton."""
    with contextlib.suppress(PlaywrightTimeout):  # the run may be over before we looked
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="attached", timeout=1500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"], "
        "[data-testid=\"stSkeleton\"]')", timeout=timeout_ms)
    page.wait_for_timeout(300)


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def open_app(page, server, path: str = "") -> None:
    page.goto(f"{server.url}/{path}")
    page.get_by_role("heading").first.wait_for()
    settle(page)


def nav(page, title: str) -> None:
    """Go to a page through the sidebar navigation (keeps the session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for()
    settle(page)


def test_browser_overview_is_interactive_on_the_seeds(page, server):
    page.goto(server.url)
    page.get_by_text("Headline findings").wait_for()
    page.locator('[data-testid="stMetric"]').first.wait_for()
    (ARTIFACTS / "startup_seconds.txt").write_text(
        f"{time.perf_counter() - server.started:.1f}\n")  # first visit after `streamlit run`
    settle(page)
    no_exception(page)
    assert page.get_by_text("Media framing dashboard").is_visible()
    assert page.get_by_text("Small samples.").is_visible()
    shot(page, "01_overview")


@pytest.mark.parametrize("title,slug", [
    ("Compare outlets", "compare"), ("Article", "article"), ("Side by side", "side_by_side"),
    ("Lexicons", "lexicons"), ("Score new articles", "score")])
def test_browser_every_page_renders(page, server, title, slug):
    open_app(page, server)
    nav(page, title)
    no_exception(page)
    assert page.get_by_role("heading", name=title).first.is_visible()
    shot(page, f"02_{slug}")


def test_browser_article_highlighting_is_visible(page, server):
    open_app(page, server)
    nav(page, "Article")
    marks = page.locator("mark.fr-hl")
    assert marks.count() > 10
    first = marks.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    colour = first.evaluate("e => getComputedStyle(e).backgroundColor + getComputedStyle(e)"
                            ".backgroundImage")
    assert colour not in ("rgba(0, 0, 0, 0)none", "transparentnone"), colour
    assert page.locator(".fr-legend").get_by_text("Hedge").is_visible()
    assert page.locator(".fr-tone-cell").count() > 5
    shot(page, "03_article_highlighted")


def test_browser_xss_article_stays_inert(page, server):
    open_app(page, server)
    nav(page, "Score new articles")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
        {"name": "xss_script.txt", "mimeType": "text/plain", "buffer": XSS_SCRIPT.encode()},
        {"name": "xss_img.txt", "mimeType": "text/plain", "buffer": XSS_IMG.encode()},
    ])
    page.get_by_role("button", name="Score", exact=True).click()
    page.get_by_text("Scores: 2 articles").wait_for()
    settle(page)
    page.get_by_role("button", name="Explore these articles in the dashboard").click()
    page.get_by_text("2 uploaded articles").first.wait_for()
    settle(page)
    nav(page, "Side by side")
    texts = page.locator(".fr-text")
    assert texts.count() == 2
    body = " ".join(texts.all_inner_texts())
    assert "<script>alert(1)</script>" in body          # shown as text ...
    assert "<img src=x onerror=alert(1)>" in body
    assert page.locator('.fr-text img, .fr-text script').count() == 0  # ... never as markup
    page.wait_for_timeout(500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "04_xss_side_by_side")
    nav(page, "Article")
    assert "<" in page.locator(".fr-text").inner_text()
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "05_xss_article")


def test_browser_downloads_work(page, server):
    open_app(page, server)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download scores CSV").click()
    path = ARTIFACTS / "download_scores.csv"
    info.value.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("doc_id,outlet,date,title,n_words")
    assert len(lines) == 6  # header + the 5 seeds
    nav(page, "Compare outlets")
    page.get_by_role("img").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="PNG").first.click()
    png = ARTIFACTS / "download_frame_prevalence.png"
    info.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as info:
        page.get_by_role("button", name="SVG").first.click()
    svg = ARTIFACTS / "download_frame_prevalence.svg"
    info.value.save_as(svg)
    assert b"<svg" in svg.read_bytes()[:2000]
