"""Property-based tests: whatever text an editor saves, the loader and the model answer with
findings (DataError) or plain data, never another exception; statement text reaches the page
as the same text, escaped."""

from __future__ import annotations

import datetime as dt
import html.parser

import markdown
from conftest import AS_OF, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.findings import DataError
from generator.core.load import load_yaml
from generator.core.sources import validate
from generator.features.policies.model import Policy, RolesFile, Setting
from generator.site.pages import site_pages

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_ish = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,? \n\t\\0123456789<>x\u00e9\u202e")), max_size=200
)


@FAST
@given(text=st.one_of(st.text(max_size=300), yaml_ish), raw=st.binary(max_size=200))
def test_any_file_gives_data_or_a_located_finding(tmp_path, text, raw):
    for content in (text.encode("utf-8", "surrogatepass"), raw):
        path = tmp_path / "any.yaml"
        path.write_bytes(content)
        try:
            loaded = load_yaml(path, "any.yaml")
        except DataError as exc:
            assert exc.findings and all(str(f).startswith("any.yaml:") for f in exc.findings)
            continue
        for model in (Setting, RolesFile, Policy):
            node, findings = validate(loaded, model)  # never raises
            assert (node is None) == bool(findings)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@FAST
@given(data=json_like)
def test_the_model_turns_any_data_into_findings(tmp_path, data):
    from generator.core.load import LoadedFile

    loaded = LoadedFile(path=tmp_path / "x.yaml", name="x.yaml", data=data, positions={})
    for model in (Setting, RolesFile, Policy):
        node, findings = validate(loaded, model)
        assert all(str(f).startswith("x.yaml:") for f in findings)


class _Text(html.parser.HTMLParser):
    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted, self.depth, self.parts = wanted, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.wanted:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


statement_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip())


@settings(max_examples=100, deadline=None)
@given(text=statement_text)
def test_statement_text_reaches_the_page_as_text(text):
    data = {
        "id": "p",
        "title": "P",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "statements": [{"id": "P-S-01", "kind": "item", "text": text, "audience": ["staff"], "roles": ["r"]}],
            }
        ],
    }
    policy = Policy.model_validate(data)
    from generator.core.project import Project
    from generator.features.policies.model import Role
    from generator.features.policies.model import Setting as SettingModel
    from generator.pipeline.handbook import Handbook

    hb = Handbook(
        project=Project.at(REPO, as_of=dt.date.fromisoformat(AS_OF)),
        setting=SettingModel(id="c", name="C"),
        roles={"r": Role(id="r", name="R")},
        register={},
        policies={"p": policy},
    )
    page = site_pages(hb)["policies/p.md"]
    rendered = markdown.markdown(page, extensions=["attr_list", "tables", "toc", "admonition", "pymdownx.keys", "meta"])
    parser = _Text("P-S-01")
    parser.feed(rendered)
    shown = " ".join("".join(parser.parts).split())
    expected = " ".join(policy.statements()[0].text.split())
    assert shown.startswith(expected + " P-S-01") or shown == expected + " P-S-01", (shown, expected)
    assert "<script" not in rendered.lower() or "<script" not in text.lower()
