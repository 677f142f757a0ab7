"""Search, as a member of staff uses it: in a real browser, typing into the search box."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def search(page, phrase: str):
    page.keyboard.press("/")  # Material's shortcut opens the search box
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(phrase, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    # Results update as each key arrives; wait until the list stops changing.
    page.wait_for_function(
        """() => new Promise(ok => { const a = document.querySelector('.md-search-result__list').innerHTML;
                 setTimeout(() => ok(a === document.querySelector('.md-search-result__list').innerHTML), 400) })""",
        polling=500,
    )
    return results


def test_search_finds_the_confidentiality_policy(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/index.html")
    results = search(page, "need to know")
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    print(links)
    assert "policies/confidentiality.html" in links[0], links
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "Confidentiality Procedure" in page.title()
    page.close()
