"""Search in staff and parent words, typed into the handbook in Chromium: each everyday query
lands on the statement that answers it, over HTTP and opened from a shared drive (file://)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import files_only_context
from test_search_browser import type_query, watch_search

pytestmark = pytest.mark.browser

POLICY = "policies/confidentiality.html"

# (what a member of staff or a parent types, the statement(s) that answer it).  The policy's
# own words are in brackets where they differ.
QUERIES = [
    ("photos", ["CONF-STR-12"]),  # Photographs
    ("pictures of children on the internet", ["CONF-STR-12"]),
    ("consent for photos", ["CONF-STR-12"]),  # permission
    ("DSL", ["CONF-STR-04"]),  # designated child protection staff
    ("deputy DSL", ["CONF-STR-04"]),
    ("designated safeguarding lead", ["CONF-STR-04"]),
    ("medicine", ["CONF-STR-03"]),  # medication
    ("accident book", ["CONF-STR-03"]),  # First Aid logs
    ("SEND", ["CONF-STR-02"]),  # Special Educational Needs (not the verb "send")
    ("SENCo", ["CONF-STR-02"]),
    ("EHCP", ["CONF-STR-02"]),
    ("speech therapist", ["CONF-STR-02"]),  # speech therapy
    ("allergies", ["CONF-STR-11", "CONF-STR-02"]),  # medical needs, medical conditions
    ("phone numbers", ["CONF-LIA-06"]),  # telephone numbers
    ("my phone number", ["CONF-LIA-06"]),
    ("home address", ["CONF-LIA-06"]),  # addresses
    ("passing on addresses", ["CONF-LIA-06"]),  # pass on
    ("moving to primary school", ["CONF-LIA-05"]),  # the receiving school when they move on
    ("big school", ["CONF-LIA-05"]),
    ("new school", ["CONF-LIA-05"]),
    ("LADO", ["CONF-STR-07"]),  # a member of staff accused of inappropriate conduct
    ("allegation against staff", ["CONF-STR-07"]),
    ("safeguarding training", ["CONF-STR-05", "CONF-STR-04", "CONF-STR-06"]),  # child protection training
    ("CP training", ["CONF-STR-05", "CONF-STR-04", "CONF-STR-06"]),
    ("social worker", ["CONF-STR-01", "CONF-STR-02"]),  # social care
    ("parental rights", ["CONF-LIA-03"]),  # parental responsibility
    ("SAR", ["CONF-LIA-03"]),  # right of access
    ("disclosure", ["CONF-LIA-09"]),
    ("whistleblowing", ["CONF-INT-02"]),  # Whistle Blowing
    # misspellings staff commonly make
    ("medecine", ["CONF-STR-03"]),
    ("photoes", ["CONF-STR-12"]),
    ("recieving school", ["CONF-LIA-05", "CONF-LIA-06"]),
    ("safegaurding training", ["CONF-STR-05", "CONF-STR-04", "CONF-STR-06"]),
    ("acident book", ["CONF-STR-03"]),
    ("alegation", ["CONF-STR-07"]),
    # statement ids, as written and as typed in a hurry
    ("CONF-STR-12", ["CONF-STR-12"]),
    ("conf lia 06", ["CONF-LIA-06"]),
]

# The sample typed into the handbook opened from a shared drive.
FILE_SAMPLE = [
    "photos",
    "DSL",
    "medicine",
    "moving to primary school",
    "phone numbers",
    "recieving school",
    "CONF-STR-12",
]

FIRST = 4  # "among the first results": the first four links of the list, as shown


def result_links(page, query: str) -> list[str]:
    """Type a query into the search box and return the result links as shown, in order
    (a page, then its best statements; statements folded under "more" are not shown)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")  # Material's shortcut opens the search box
        box.wait_for(state="visible")
    # Material asks its worker on each key released (keyup), not as the value changes: the
    # query but its last letter is filled in silently and that letter typed, so the worker is
    # asked the whole query alone.  The list shown is the answer to the value the box holds,
    # whatever came before it (a query's answer depends on the query and the index only);
    # typing every key, a query for each prefix, was nine tenths of this file's searching.
    # (Key-by-key typing, the list following the keys, is test_search_browser's and
    # test_accessibility's test_search_by_keyboard_alone.)
    box.fill(query[:-1])
    # Wait for the worker's answer to the whole query, never a list still showing an
    # earlier query's results.
    type_query(page, box, query, typed=query[-1])
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__list > li')]
                 .flatMap(li => [...li.querySelectorAll(':scope > a.md-search-result__link')])
                 .map(a => a.href)"""
    )


def statement_of(href: str) -> str | None:
    """The statement id a result link lands on, if it is a statement of the policy page."""
    url = urlsplit(href)
    return url.fragment if url.path.endswith("/" + POLICY) and url.fragment else None


def misses(page, queries) -> list[str]:
    wanted = dict(QUERIES)
    failed = []
    for query in queries:
        links = result_links(page, query)
        found = [statement_of(link) for link in links[:FIRST]]
        if not set(found) & set(wanted[query]):
            failed.append(
                f"{query!r}: wanted {wanted[query]} among the first {FIRST}, got {[link.split('/')[-1] for link in links[:FIRST]]}"
            )
    return failed


def test_everyday_words_land_on_the_statement_over_http(browser, site_url):
    assert len(QUERIES) >= 25
    page = browser.new_page()
    watch_search(page)
    page.goto(f"{site_url}/index.html")
    failed = misses(page, [q for q, _ in QUERIES])
    page.close()
    assert not failed, "\n".join(failed)


def test_everyday_words_land_on_the_statement_from_a_shared_drive(browser, built):
    context, blocked = files_only_context(browser)
    page = context.new_page()
    watch_search(page)
    page.goto((built / "build/site/index.html").as_uri())
    failed = misses(page, FILE_SAMPLE)
    # Following a result opens the policy at the statement.
    link = page.locator(".md-search-result__list a[href*='#CONF-STR-12']").first
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith("file:") and page.url.endswith("#CONF-STR-12")
    assert "Photographs of children" in page.locator("#CONF-STR-12").inner_text()
    context.close()
    assert not failed, "\n".join(failed)
    assert blocked == [], f"the handbook tried to reach the network: {blocked}"


def test_a_statement_result_says_where_it_is_and_comes_before_pages_that_mention_the_word(browser, site_url):
    page = browser.new_page()
    watch_search(page)
    page.goto(f"{site_url}/index.html")
    links = result_links(page, "phone numbers")
    places = [statement_of(link) or urlsplit(link).path.rsplit("/", 1)[-1] for link in links]
    assert "CONF-LIA-06" in places
    if "fair-processing-notice.html" in places:  # the parent notice mentions phone numbers too
        assert places.index("CONF-LIA-06") < places.index("fair-processing-notice.html"), places
    result = page.locator(".md-search-result__link[href*='#CONF-LIA-06'] article")
    assert result.locator("h2").inner_text() == "CONF-LIA-06"
    shown = result.inner_text()
    assert "telephone numbers" in shown
    assert (
        "Confidentiality Procedure & Guidelines" in shown
        and "Procedures for Liaison with Parents and Other Agencies" in shown
    )
    # An id finds its statement first.
    assert statement_of(result_links(page, "CONF-AIM-07")[1]) == "CONF-AIM-07"
    page.close()
