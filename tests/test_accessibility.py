"""WCAG 2.2 AA: axe-core on search with its results showing, and the keyboard checks a person
would make (axe-core on every page is test_every_page's, in the visit it shares)."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from test_search_browser import queries_asked, search, wait_for_answer, watch_search

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}


def with_axe(page_or_context) -> None:
    """Have axe-core in every page this page (or context) opens from now on: the browser
    compiles it as each page starts, where adding it to a loaded page costs more (axe_violations
    adds it to a page that does not have it)."""
    page_or_context.add_init_script(path=str(AXE))


def axe_violations(page) -> list[str]:
    """Run axe-core in the page, once it has loaded (its styles too: a page checked while they
    load shows touch targets too small); one line per failing node: rule id, impact, node target."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.add_script_tag(path=str(AXE))
    # Only the violations' fields read here come back: axe-core's whole result (the rules
    # passed and not applicable too) was several times their size to pass to this process
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                  .then(result => result.violations.map(({id, impact, help, nodes}) =>
                        ({id, impact, help, nodes: nodes.map(({target}) => ({target}))})))""",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}: {violation['help']}"
        for violation in violations
        for node in violation["nodes"]
    ]


def test_axe_is_the_pinned_version():
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "axe-core must be pinned to an exact version"
    assert lock["packages"]["node_modules/axe-core"]["version"] == pinned
    assert f"axe v{pinned}" in AXE.read_text(encoding="utf-8")[:200], (
        "node_modules is not what package-lock.json pins: run npm ci"
    )


def pages_at_rest(context, addresses: list[str], ahead: int = 4) -> Iterator[tuple[str, object]]:
    """Each address opened in a page of `context`, given once the page has loaded and its
    network has been idle for half a second (Playwright's "networkidle"), in order.  A few pages
    load ahead of the one given, so their quiet half-seconds pass while the caller works on an
    earlier page instead of one after another.  When the caller moves on, its page goes on to the
    next address: a page opened anew starts a renderer process of its own, which cost about a
    third of the scan's CPU (a navigation within the site keeps its page's process)."""
    addresses_left = iter(addresses)
    loading: deque = deque()

    def open_next(page=None) -> None:
        address = next(addresses_left, None)
        if address is None:
            if page is not None:
                page.close()
            return
        page = page or context.new_page()
        page.goto(address, wait_until="commit")
        loading.append((address, page))

    for _ in range(ahead):
        open_next()
    while loading:
        address, page = loading.popleft()
        page.wait_for_load_state("networkidle")
        yield address, page
        open_next(page)


def test_search_with_results_showing_has_no_wcag_violations(browser, site_url: str):
    page = browser.new_page(viewport=DESKTOP)
    watch_search(page)
    with_axe(page)
    page.goto(f"{site_url}/index.html")
    search(page, "need to know")
    still(page)  # the search box opens with an animation: axe checks the colours it ends with
    found = axe_violations(page)
    page.close()
    assert found == [], "axe-core found WCAG A/AA violations in search:\n" + "\n".join(found)


def focused(page) -> dict:
    """What has the keyboard focus, where it is, and how its focus is drawn."""
    return page.evaluate(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
                   return {tag: e.tagName, cls: String(e.className), text: (e.innerText || e.getAttribute('aria-label') || '').trim(),
                           label: e.getAttribute('aria-label'), href: e.getAttribute('href'),
                           width: r.width, height: r.height, top: r.top, left: r.left,
                           onTopOf: String(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.className),
                           onTop: e.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)),
                           outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)} }"""
    )


def still(page) -> None:
    """Wait until nothing on the page moves: no CSS transition or animation running (those a
    focus or a click has just started included: asking for them brings the styles up to date)
    and the focused element where it was for three frames running (a scroll has ended)."""
    page.wait_for_function(
        """() => new Promise(done => {
               const place = () => JSON.stringify(document.activeElement?.getBoundingClientRect());
               let last = place(), calm = 0;
               const look = () => {
                   const now = place();
                   const moving = document.getAnimations().some(a => a.playState === "running" || a.pending);
                   calm = moving || now !== last ? 0 : calm + 1;
                   last = now;
                   if (calm >= 3) done(true); else requestAnimationFrame(look);
               };
               requestAnimationFrame(look);
           })""",
        timeout=10_000,
    )


def test_first_tab_reaches_a_working_skip_link(browser, site_url: str):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{site_url}/policies/confidentiality.html")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to content" and "md-skip" in first["cls"], first
    still(page)  # Material slides the link into view
    box = page.locator("a.md-skip").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, box
    page.keyboard.press("Enter")
    assert page.url.endswith("#confidentiality-procedure-guidelines")
    page.close()


def test_every_tab_stop_shows_a_visible_focus_outline(browser, site_url: str):
    """Tab through the header, search box and menu: each stop is on screen and outlined."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{site_url}/policies/confidentiality.html")
    page.wait_for_load_state("networkidle")
    problems, seen = [], []
    for _ in range(25):
        page.keyboard.press("Tab")
        stop = focused(page)
        seen.append(stop["text"][:30] or stop["cls"])
        if stop["width"] < 1 or stop["height"] < 1:
            problems.append(f"focus on an invisible element: {stop}")
        if stop["outline"] in ("none", "hidden") or stop["outlineWidth"] < 2:
            problems.append(f"no visible focus outline: {stop}")
    page.close()
    assert "Search" in seen and "Policy register" in seen, seen
    assert problems == [], "\n".join(problems)


def test_search_by_keyboard_alone(browser, site_url: str):
    """Tab to the search box, type, press Enter: the best result opens."""
    page = browser.new_page(viewport=DESKTOP)
    watch_search(page)
    page.goto(f"{site_url}/how-to-use.html")
    page.wait_for_load_state("networkidle")
    for _ in range(6):
        page.keyboard.press("Tab")
        if "md-search__input" in focused(page)["cls"]:
            break
    else:
        pytest.fail("the search box is not among the first Tab stops")
    asked = queries_asked(page)
    page.keyboard.type("need to know")  # key by key, as Material searches as each key arrives
    wait_for_answer(page, "need to know", asked)  # Enter goes to the best result of this list
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/policies/confidentiality\.html.*"), timeout=10_000)
    assert "Confidentiality Procedure" in page.title()
    page.close()


def test_accessibility_statement_names_what_was_tested(built: Path):
    """The statement follows the GOV.UK model and names the tool versions actually pinned."""
    text = (built / "build/site/accessibility.html").read_text(encoding="utf-8")
    axe_version = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    for heading in (
        "Accessibility statement",
        "How accessible this handbook is",
        "Other formats and feedback",
        "Reporting accessibility problems with this handbook",
        "Enforcement procedure",
        "Technical information about this handbook",
        "Compliance status",
        "How we tested this handbook",
        "Preparation of this accessibility statement",
    ):
        assert heading in text, heading
    assert f"axe-core {axe_version}" in text
    # setting.yaml gives no email or phone: no invented contact (never "the centre office"), and
    # only the formats really made (notice/formats.py).
    assert 'ask us: <span class="tbc">To be completed: who to ask, and how</span>' in text
    assert "centre office" not in text and "read aloud" not in text
    assert "mailto:" not in text and "@" not in re.sub(
        r"<[^>]+>", "", text.split("<article", 1)[1].split("</article>", 1)[0]
    )


def test_on_a_phone_the_focus_stays_on_screen_and_the_menu_opens_by_keyboard(browser, site_url: str):
    """Small screens: the closed menu is no tab stop; Enter on the menu button opens it."""
    width = 400
    # reduced_motion: Material then draws its transitions at once (its one rule for it); the
    # checks wait for the page to be still all the same, and see the states the slides end in,
    # without the frames in between (half a second of CPU over the 18 waits)
    phone = {"viewport": {"width": width, "height": 800}, "reduced_motion": "reduce"}
    page = browser.new_page(**phone)
    page.goto(f"{site_url}/policies/confidentiality.html")
    page.wait_for_load_state("networkidle")
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        still(page)  # the search box opens with an animation
        stops.append(focused(page))
    off_screen = [s for s in stops if s["width"] < 1 or s["height"] < 1 or s["left"] < 0 or s["left"] >= width]
    assert off_screen == [], off_screen
    menu = next((i for i, s in enumerate(stops) if s["label"] == "Navigation"), None)
    assert menu is not None, [s["text"] or s["cls"] for s in stops]

    # The page loaded again, a new document with the focus back at its start: the same page,
    # as a new one would start a renderer process of its own (its address has not changed,
    # and Material keeps nothing a Tab sets)
    assert page.url == f"{site_url}/policies/confidentiality.html"
    with_axe(page)
    page.goto(f"{site_url}/policies/confidentiality.html")
    page.wait_for_load_state("networkidle")
    for _ in range(menu + 1):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    still(page)  # the drawer slides in
    assert page.locator("#__drawer").is_checked()
    hidden = []
    for _ in range(12):
        page.keyboard.press("Tab")
        still(page)  # the menu scrolls the link into view
        stop = focused(page)
        if stop["tag"] == "A" and not stop["onTop"]:
            hidden.append(stop)  # focus under something else (WCAG 2.4.11)
        if stop["text"] == "Policy register":
            break
    else:
        pytest.fail("the menu's links are not reachable by Tab once it is open")
    assert hidden == [], "\n".join(map(str, hidden))
    assert 0 <= stop["left"] < width and stop["width"] > 0, stop
    assert axe_violations(page) == []  # the open menu too
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/register\.html$"))
    page.close()
