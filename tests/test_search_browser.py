"""Search, as a member of staff uses it: in a real browser, typing into the search box."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Material's search asks its worker (a Web Worker over HTTP, the iframe-worker shim from a
# shared drive) once for each value the box takes as the keys arrive, and the worker answers
# each query in turn; the list shown is the last answer's.  So the list answers what was typed
# once the worker has answered every query asked and the last one asked is what was typed.
# Added to a page before it loads, this counts the queries asked and answered (Material 9's
# SearchMessageType: QUERY is 2, RESULT is 3), wrapping whichever Worker the page ends up with:
# the shim replaces window.Worker when the page is opened from a file.
WATCH_SEARCH = """
(() => {
  if (window.top !== window) return;  // the shim's own frame
  const seen = window.__searchWorker = { asked: [], answered: 0 };
  const watched = Worker => Worker && class extends Worker {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => { if (event.data && event.data.type === 3) seen.answered += 1; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) seen.asked.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
  let current = watched(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: () => current,
    set: Worker => { current = watched(Worker); },
  });
})();
"""


def watch_search(page_or_context) -> None:
    """Count the search worker's queries in the pages this page (or context) opens from now on."""
    page_or_context.add_init_script(WATCH_SEARCH)


def is_watched(page) -> bool:
    return page.evaluate("() => window.__searchWorker !== undefined")


def queries_asked(page) -> int:
    assert is_watched(page), "the page's search is not watched: call watch_search before it loads"
    return page.evaluate("() => window.__searchWorker.asked.length")


def wait_for_answer(page, phrase: str, asked_before: int) -> None:
    """Wait until the search worker has answered `phrase`, asked after `asked_before` queries,
    and every query before it: the result list then shows the answer to `phrase` and can no
    longer be an earlier query's."""
    page.wait_for_function(
        """([phrase, before]) => { const seen = window.__searchWorker;
               return seen.asked.length > before && seen.asked[seen.asked.length - 1] === phrase
                      && seen.answered === seen.asked.length }""",
        arg=[phrase, asked_before],
        timeout=15_000,
    )


def type_query(page, box, phrase: str, typed: str | None = None) -> None:
    """Type `phrase` into the search box key by key (as a person does, so Material searches as
    each key arrives) and wait for the worker's answer to it.  With `typed`, the end of
    `phrase` the box lacks: only those keys are typed."""
    before = queries_asked(page)
    box.press_sequentially(phrase if typed is None else typed)
    wait_for_answer(page, phrase, before)


def search(page, phrase: str):
    """Open the search box with its shortcut and type `phrase`; the results shown for it."""
    page.keyboard.press("/")  # Material's shortcut opens the search box
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    if is_watched(page):
        type_query(page, box, phrase)
    else:
        # A page opened without watch_search: type slowly and wait until the list has not
        # changed for 400 ms (slower, and it cannot tell a slow answer from the last one).
        box.press_sequentially(phrase, delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_function(
            """() => new Promise(ok => { const a = document.querySelector('.md-search-result__list').innerHTML;
                     setTimeout(() => ok(a === document.querySelector('.md-search-result__list').innerHTML), 400) })""",
            polling=500,
        )
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return results


def test_search_finds_the_confidentiality_policy(browser, site_url):
    page = browser.new_page()
    watch_search(page)
    page.goto(f"{site_url}/index.html")
    results = search(page, "need to know")
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    print(links)
    assert "policies/confidentiality.html" in links[0], links
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "Confidentiality Procedure" in page.title()
    page.close()
