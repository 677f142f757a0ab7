"""Issue 27: translations a translator can do.  A notice's words go out as a gettext PO file
(Babel), a person translates them, they come back as policy_data/notices/<id>.<lang>.yaml;
the translation is marked stale when the English changes; right-to-left (Urdu) and Bengali
translations print in the right fonts and the right direction.

The translated words here are test words from the fixtures (tests/fixtures/notices), written
into the PO file by the test as a translator would: the tool never writes translated words."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import unicodedata
from dataclasses import asdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import AS_OF, check_shared_build, copy_built, edit_data, pdf_text, run_handbook

from generator.core.project import Project
from generator.features.notice.content import notice_fingerprint

NOTICE_ID = "fair-processing-notice"
NOTICE = f"policy_data/notices/{NOTICE_ID}.yaml"
PARENTS = "build/print/parents"

# Words from the fixtures (tests/fixtures/notices/*.yaml): "one two three" in each script.
WORDS = {"bn": "এক দুই তিন", "ur": "پہلا دوسرا تیسرا"}
LANGUAGE_NAMES = {"bn": "বাংলা", "ur": "اردو"}


def handbook(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_handbook(*args, cwd=project)


def findings(project: Path) -> str:
    """What `handbook check` prints (findings on stdout, the count on stderr)."""
    result = handbook(project, "check")
    return result.stdout + result.stderr


def load(project: Path):
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(project, project / "policy_data", as_of=dt.date.fromisoformat(AS_OF)))
    return hb


def export(project: Path, lang: str, name: str | Path | None = None, *more: str) -> Path:
    out = project / (name or f"{lang}.po")  # (a Path from elsewhere stays where it is)
    result = handbook(project, "translate", "export", NOTICE_ID, "--language", lang, "--out", str(out), *more)
    assert result.returncode == 0, result.stderr
    return out


def read(po: Path):
    return read_po(io.BytesIO(po.read_bytes()))


def write(po: Path, catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    po.write_bytes(out.getvalue())


def retranslate(po: Path, context: str, words) -> None:
    """The translator's words for one entry of the PO file: `words(the msgstr there)`."""
    catalog = read(po)
    for m in catalog:
        if m.context == context:
            m.string = words(m.string)
    write(po, catalog)


def translated(msgid: str, lang: str, n: int) -> str:
    """A translator's words for entry n: the fixture's words, numbered, keeping every {name}."""
    keep = " ".join(sorted(set(re.findall(r"\{[A-Za-z_]\w*\}", msgid))))
    return " ".join(p for p in (WORDS[lang], str(n), keep) if p) + "۔" * (lang == "ur")


def translate_all(po: Path, lang: str) -> dict[str, str]:
    """Fill every msgstr as a translator would; returns msgctxt -> the words given."""
    catalog = read(po)
    given = {}
    for n, message in enumerate(m for m in catalog if m.id):
        message.string = (
            LANGUAGE_NAMES[lang] if message.context == "translation.language_name" else translated(message.id, lang, n)
        )
        given[message.context] = message.string
    write(po, catalog)
    return given


def import_po(project: Path, po: Path, *more: str) -> subprocess.CompletedProcess:
    return handbook(project, "translate", "import", str(po), "--notice", NOTICE_ID, *more)


def at(data, context: str):
    """The value at a msgctxt (a YAML path such as purposes.items[1].purpose) of plain data."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", context)
    if parts[:2] == ["translation", "labels"] or parts[:2] == ["translation", "records"]:
        parts = parts[:2] + [context.split(".", 2)[2]]  # label keys may hold dots
    for part in parts:
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]
    return data


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in strings(v)] if isinstance(value, list) else []


BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def page_mark(html: str) -> list[tuple[str, str]]:
    """(lang, words) of the box a reader sees first (base.html.j2's page mark), if any."""
    box = re.search(r'<div class="page-mark" role="note">(.*?)</div>', html)
    return re.findall(r'<p lang="([^"]+)"[^>]*>([^<]+)</p>', box[1]) if box else []


def normal(text: str) -> str:
    """Text as compared: compatibility forms (Arabic presentation forms), no joiners or bidi
    controls (poppler adds them), no spaces (poppler splits some shaped words), and the lam-alef
    ligature's letters in one order (poppler gives them in visual order)."""
    text = unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS)
    return "".join(text.split()).replace("\u0644\u0627", "\u0627\u0644")


# --- export ----------------------------------------------------------------------------------


def test_export_walks_every_printed_text_field_with_context_and_comments(project):
    po = export(project, "bn")
    catalog = read(po)
    messages = {m.context: m for m in catalog if m.id}
    assert catalog.locale and str(catalog.locale) == "bn"
    # Every free-text field of the English notice the printed notice shows is an entry, found by
    # walking the model (not a hand list); ids, enums and statement ids are not.
    from generator.features.notice.content import notice_view
    from generator.features.notice.translation_files import _text_fields, shown

    hb = load(project)
    english = hb.notices[NOTICE_ID]
    printed = " ".join(strings(asdict(notice_view(hb, english))))
    fields = {shown(path): words for path, words in _text_fields(english)}
    assert len(fields) > 40
    for context, words in fields.items():
        if words in printed:
            assert messages[context].id == words, context
            assert messages[context].auto_comments, context
    assert "purposes.items[0].purpose" in messages and "title" in messages
    assert "purposes.items[4].lawful_basis_source" not in messages  # a note for staff, not printed
    assert not any(m.id.startswith("CONF-") or m.id in ("consent", "special-category") for m in messages.values())
    # The fixed words and the retention records' names are there too, and nothing is filled in.
    assert messages["translation.labels.tbc"].id == "To be completed"
    assert messages["translation.records.medication-log"].id == "Medication administration log"
    assert all(m.string == "" for m in messages.values())
    # An existing file is never overwritten without --force.
    before = po.read_bytes()
    result = handbook(project, "translate", "export", NOTICE_ID, "--language", "bn", "--out", str(po))
    assert (
        result.returncode == 1
        and "already exists and was not changed" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert po.read_bytes() == before


# --- the round trip ----------------------------------------------------------------------------


def test_round_trip_every_text_then_build_prints_it_and_export_prefills(scripts, built, tmp_path):
    """Every text exported, filled in and imported, then built: read from `scripts`, whose
    Bengali translation is made exactly so (export, translate_all, import: its exit code is
    checked there) and built, so this test does not build the same thing again."""
    project, given = scripts[0], scripts[1]["bn"]
    target = project / f"policy_data/notices/{NOTICE_ID}.bn.yaml"
    from generator.core.load import load_yaml

    data = load_yaml(target).data
    for context, words in given.items():  # every entry landed where its msgctxt says
        assert at(data, context) == words, context
    hb = load(project)
    tr = next(t for t in hb.translations if t.translation.language == "bn")
    assert tr.translation.source_fingerprint == notice_fingerprint(hb, hb.notices[NOTICE_ID])
    assert tr.translation.untranslated == []
    about = [line for line in findings(project).splitlines() if f"{NOTICE_ID}.bn.yaml" in line]
    assert any("warning: draft: notice/fair-processing-notice.bn is not approved" in line for line in about), about
    # Nothing stale, no statement without its translation, nothing left in English.
    assert not [line for line in about if re.search(r"stale translation|has no text for|still in English", line)], about

    # (built by `scripts`, whose exit code is checked there)
    text = normal(pdf_text(project / PARENTS / f"{NOTICE_ID}.bn.pdf"))
    # Words without vowel signs that poppler maps back badly: see test_bengali_prints below.
    assert normal(given["title"]) in text
    assert normal(given["controller.heading"]) in text
    assert "Privacy notice for parents and carers" not in text
    html = (project / PARENTS / f"{NOTICE_ID}.bn.html").read_text(encoding="utf-8")
    assert '<html lang="bn" dir="ltr">' in html
    assert page_mark(html) == []  # current and whole: nothing to say first

    # Exported again, the translator starts from the translation: filled in, nothing fuzzy.
    # (Into this test's own folder: `scripts` is shared.)
    again = {m.context: m for m in read(export(project, "bn", tmp_path / "again.po")) if m.id}
    assert {c: m.string for c, m in again.items()} == given
    assert not any(m.fuzzy for m in again.values())
    check_shared_build(built)


@pytest.mark.prebuilt
def test_stale_translation_is_warned_marked_on_every_page_and_exported_fuzzy(project):
    po = export(project, "bn")
    given = translate_all(po, "bn")
    assert import_po(project, po).returncode == 0
    edit_data(project, NOTICE, "title: Privacy notice for parents and carers", "title: Privacy notice for families")
    check = findings(project)
    assert re.search(rf"policy_data/notices/{NOTICE_ID}\.bn\.yaml:\d+:\d+: warning: stale translation \(bn\)", check), (
        check
    )
    built = handbook(project, "build")
    assert built.returncode == 0, built.stderr
    html = (project / PARENTS / f"{NOTICE_ID}.bn.html").read_text(encoding="utf-8")
    mark = "Translated from an earlier version of the English notice: ask us for the current one."
    label = next(w for c, w in given.items() if c == "translation.labels.translation_stale")
    # Before anything else, boxed: in English, and in the translator's words for it.
    assert page_mark(html) == [("en", mark), ("bn", label)]
    first_page = " ".join(pdf_text(project / PARENTS / f"{NOTICE_ID}.bn.pdf", "-f", "1", "-l", "1").split())
    assert mark in first_page and first_page.index(mark) < first_page.index("Homerton Early Years Centre")
    assert "Translated from an earlier" not in (project / PARENTS / f"{NOTICE_ID}.html").read_text(encoding="utf-8")

    # The translator gets every entry back marked fuzzy, the changed title's English new.
    stale = export(project, "bn", "stale.po")
    messages = {m.context: m for m in read(stale) if m.id}
    assert all(m.fuzzy for m in messages.values() if m.string)
    assert messages["title"].id == "Privacy notice for families"
    # ... and a fuzzy entry is refused, each named with its line, nothing written.
    target = project / f"policy_data/notices/{NOTICE_ID}.bn.yaml"
    before = target.read_bytes()
    refused = import_po(project, stale)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    line = next(m.lineno for m in read(stale) if m.context == "title")
    assert f"{stale}:{line}: title: marked fuzzy" in refused.stderr, refused.stderr
    assert "nothing was written" in refused.stderr and target.read_bytes() == before
    # Checked and unflagged by the translator, it imports, and the translation is current.
    catalog = read(stale)
    for m in catalog:
        m.flags.discard("fuzzy")
    write(stale, catalog)
    assert import_po(project, stale).returncode == 0
    assert "stale translation" not in findings(project)


def test_import_again_changes_only_the_words_and_keeps_comments(project):
    po = export(project, "bn")
    translate_all(po, "bn")
    assert import_po(project, po).returncode == 0
    target = project / f"policy_data/notices/{NOTICE_ID}.bn.yaml"
    note = "# Checked by a second Bengali speaker (a note the import must keep)"
    target.write_text(
        target.read_text(encoding="utf-8").replace("controller:\n", f"{note}\ncontroller:\n", 1), encoding="utf-8"
    )
    before = target.read_text(encoding="utf-8").splitlines()
    catalog = read(po)
    for m in catalog:
        if m.context == "controller.heading":
            m.string = "আমরা কারা?"  # the fixture's heading: a translator's better words
    write(po, catalog)
    assert import_po(project, po).returncode == 0
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1 and changed[0][1].strip() == "heading: আমরা কারা?", changed
    assert note in after


# --- refusals ---------------------------------------------------------------------------------


def test_dropped_placeholder_is_refused_naming_the_entry(project):
    # A notice text with a placeholder, written as policy words write the setting's name.
    edit_data(project, NOTICE, "heading: Who are we?", "heading: Who are we at {setting}?")
    po = export(project, "ur")
    messages = {m.context: m for m in read(po) if m.id}
    assert "python-brace-format" in messages["controller.heading"].flags
    assert any("{setting}" in c for c in messages["controller.heading"].auto_comments)
    translate_all(po, "ur")  # keeps {setting} everywhere ...
    catalog = read(po)
    for m in catalog:
        if m.context == "controller.heading":
            m.string = m.string.replace("{setting}", "").strip()  # ... but here the translator dropped it
    write(po, catalog)
    line = next(m.lineno for m in read(po) if m.context == "controller.heading")
    result = import_po(project, po)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{po}:{line}: controller.heading: the translation drops {{setting}}" in result.stderr, result.stderr
    assert not (project / f"policy_data/notices/{NOTICE_ID}.ur.yaml").exists()


def test_setting_in_the_notices_words_prints_the_name_and_a_brace_the_english_lacks_is_refused(project):
    """`{setting}` in the notice's own words is kept in the data and in the translator's file,
    and printed as the setting's name, in English and in the translation; a `{name}` a translator
    adds, which the English does not have, would print as typed, braces and all: refused."""
    from html import unescape

    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context
    from generator.pipeline.handbook import load_and_check

    edit_data(project, NOTICE, "heading: Who are we?", "heading: Who are we at {setting}?")
    po = export(project, "ur")
    translate_all(po, "ur")
    retranslate(po, "controller.heading", lambda words: words + " {dpo_email}")
    line = next(m.lineno for m in read(po) if m.context == "controller.heading")
    refused = import_po(project, po)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"{po}:{line}: controller.heading: the translation has {{dpo_email}}, which the English does not" in (
        refused.stderr
    )
    translate_all(po, "ur")
    assert import_po(project, po).returncode == 0
    hb, _ = load_and_check(Project.at(project, as_of=dt.date.fromisoformat(AS_OF)))
    name = hb.setting.name
    english = unescape(notice_html(hb, context(hb), hb.notices[NOTICE_ID]))
    assert f"Who are we at {name}?" in english and "{setting}" not in english
    (urdu,) = [n for n in hb.translations if n.translation and n.translation.language == "ur"]
    heading = next(m.string for m in read(po) if m.context == "controller.heading")
    page = unescape(notice_html(hb, context(hb), urdu))
    assert heading.replace("{setting}", name) in page and "{setting}" not in page


@pytest.mark.prebuilt
def test_untranslated_entries_are_refused_or_kept_english_and_said_with_partial(project):
    po = export(project, "bn")
    translate_all(po, "bn")
    catalog = read(po)
    for m in catalog:
        if m.context in ("controller.text", "translation.labels.tbc"):
            m.string = ""
    write(po, catalog)
    lines = {m.context: m.lineno for m in read(po) if m.id}
    refused = import_po(project, po)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    for context in ("controller.text", "translation.labels.tbc"):
        assert f"{po}:{lines[context]}: {context}: not translated" in refused.stderr
    assert "--partial" in refused.stderr
    target = project / f"policy_data/notices/{NOTICE_ID}.bn.yaml"
    assert not target.exists()

    # With --partial the English stays, listed; the check and every printed page say so.
    assert import_po(project, po, "--partial").returncode == 0
    hb = load(project)
    tr = next(t for t in hb.translations if t.translation.language == "bn")
    assert tr.translation.untranslated == ["controller.text", "translation.labels.tbc"]
    assert tr.controller.text == hb.notices[NOTICE_ID].controller.text
    assert re.search(
        rf"{NOTICE_ID}\.bn\.yaml:\d+:\d+: warning: translation \(bn\) has 2 entries still in English", findings(project)
    )
    assert handbook(project, "build").returncode == 0
    html = (project / PARENTS / f"{NOTICE_ID}.bn.html").read_text(encoding="utf-8")
    untranslated_label = next(m.string for m in read(po) if m.context == "translation.labels.translation_untranslated")
    assert page_mark(html) == [
        ("en", "Some parts of this translation are still in English."),
        ("bn", untranslated_label),
    ]
    # Exported again, the English-kept entries are empty for the translator, not "translated".
    again = {m.context: m for m in read(export(project, "bn", "again.po")) if m.id}
    assert again["controller.text"].string == "" and again["controller.heading"].string


def test_retention_periods_are_offered_to_the_translator_and_one_not_translated_is_said(project):
    """A translation's table of how long records are kept printed each period in English, and
    nothing said so: each period is offered to the translator and printed in the translation,
    and one the translation gives no words for (made before periods were offered, or set since)
    is printed in English under the boxed "still in English" note."""
    from html import unescape

    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    english = "Until the child is 25 years old"
    edit_data(
        project,
        "policy_data/retention.yaml",
        "      (CONF-STR-01).\n    period: null",
        f"      (CONF-STR-01).\n    period: {english}",
    )
    po = export(project, "ur")
    offered = {m.context: m.id for m in read(po) if m.id}
    assert offered["translation.periods.child-protection-records"] == english
    given = translate_all(po, "ur")
    assert import_po(project, po).returncode == 0

    def urdu_page() -> str:
        hb = load(project)
        (urdu,) = [t for t in hb.translations if t.translation.language == "ur"]
        return notice_html(hb, context(hb), urdu)

    page = urdu_page()
    assert given["translation.periods.child-protection-records"] in unescape(page) and english not in page
    assert page_mark(page) == []
    # The period changed since: the true one is printed, in English and said to be, never the
    # translation of the one no longer kept to.
    edit_data(project, "policy_data/retention.yaml", f"period: {english}", "period: Until the child is 26 years old")
    page = urdu_page()
    assert "Until the child is 26 years old" in page
    assert given["translation.periods.child-protection-records"] not in unescape(page)
    assert ("en", "Some parts of this translation are still in English.") in page_mark(page)
    edit_data(project, "policy_data/retention.yaml", "period: Until the child is 26 years old", f"period: {english}")
    translation = project / f"policy_data/notices/{NOTICE_ID}.ur.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(re.sub(r"\n  periods:\n(?:    .*\n)+", "\n", text), encoding="utf-8")
    page = urdu_page()
    assert english in page
    assert page_mark(page)[0] == ("en", "Some parts of this translation are still in English.")


def test_a_po_file_into_english_or_no_known_language_is_refused(project):
    """Export refuses English; import took a PO file whose header says English and wrote a
    "translation" of the notice into English, and called an unknown language missing."""
    po = export(project, "bn")
    translate_all(po, "bn")
    text = po.read_text(encoding="utf-8")
    for header, why in (
        ("Language: en", "the PO header's Language is en, English: a translation is into another language"),
        ("Language: zz_QQ", "the PO header's Language is missing, or is no language the Unicode CLDR data knows"),
    ):
        po.write_text(text.replace("Language: bn", header, 1), encoding="utf-8")
        refused = import_po(project, po)
        assert refused.returncode == 1 and f"{po}:1: {why}" in refused.stderr, refused.stderr
    assert not list((project / "policy_data/notices").glob(f"{NOTICE_ID}.*.yaml"))


def test_a_fact_that_prints_the_same_in_any_language_does_not_make_a_translation_stale(project):
    """A new phone number in setting.yaml made every translation "Translated from an earlier
    version of the English notice", on paper to parents, and marked every entry fuzzy: only a
    change to the English words a translator was given does; one made before those were
    recorded is still measured by the whole English notice."""
    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    po = export(project, "ur")
    translate_all(po, "ur")
    assert import_po(project, po).returncode == 0
    stale = "Translated from an earlier version of the English notice"

    def said() -> tuple[str, str]:
        hb = load(project)
        (urdu,) = [t for t in hb.translations if t.translation.language == "ur"]
        return findings(project), notice_html(hb, context(hb), urdu)

    edit_data(project, "policy_data/setting.yaml", "phone: null", 'phone: "01223 000000"')
    checked, page = said()
    assert "stale translation (ur)" not in checked and stale not in page and "01223 000000" in page
    again = handbook(project, "translate", "export", NOTICE_ID, "--language", "ur", "--out", str(po), "--force")
    assert again.returncode == 0 and not [m for m in read(po) if m.id and m.fuzzy]
    edit_data(project, NOTICE, "heading: Who are we?", "heading: Who runs this nursery?")
    checked, page = said()
    assert "stale translation (ur)" in checked and stale in page
    # A translation file from before source_words: any change to the English makes it stale.
    translation = project / f"policy_data/notices/{NOTICE_ID}.ur.yaml"
    translation.write_text(
        re.sub(r"(?m)^  source_words: .*\n", "", translation.read_text(encoding="utf-8")), encoding="utf-8"
    )
    edit_data(project, NOTICE, "heading: Who runs this nursery?", "heading: Who are we?")
    assert "stale translation (ur)" in said()[0]


def test_a_translation_prints_its_dates_as_its_readers_write_them(project):
    """The issue date under the title and the printed date at the foot of every page were in
    English ("28 November 2026") on an Urdu notice: they are written from the Unicode CLDR data
    for the notice's language; the English notice's are unchanged."""
    from generator.core.pdf import PdfRenderer
    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    def pdf_text_of(hb, notice, pdf: Path) -> str:
        pdf.write_bytes(PdfRenderer().render(notice_html(hb, context(hb), notice)))
        return pdf_text(pdf, "-f", "1", "-l", "1")

    edit_data(project, NOTICE, "version: null", "version: 1")
    edit_data(project, NOTICE, "issued: null", "issued: 2026-11-20")
    po = export(project, "ur")
    translate_all(po, "ur")
    assert import_po(project, po).returncode == 0
    hb = load(project)
    (urdu,) = [t for t in hb.translations if t.translation.language == "ur"]
    pdf = project / "ur.pdf"
    pdf.write_bytes(PdfRenderer().render(notice_html(hb, context(hb), urdu)))
    first = pdf_text(pdf, "-f", "1", "-l", "1")
    assert "نومبر" in first and "November" not in first, first[-900:]  # (poppler gives the words in visual order)
    english = pdf_text_of(hb, hb.notices[NOTICE_ID], project / "en.pdf")
    assert "printed 28 November 2026" in english


def test_a_translators_words_for_a_right_are_printed_with_their_own_capitals(project):
    """The full notice's list of rights for each lawful basis lower-cased the first letter of
    each right but the first, a translator's words too ("Auskunft" became "auskunft"): a
    translation's are printed as written, and the translator is told where they appear."""
    from html import unescape

    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    edit_data(project, NOTICE, "lawful_basis: null", "lawful_basis: legal-obligation")
    po = export(project, "ur")
    offered = {m.context: m for m in read(po) if m.id}
    assert any("inside a sentence" in c for c in offered["translation.labels.right.rectification"].auto_comments)
    translate_all(po, "ur")
    retranslate(po, "translation.labels.right.rectification", lambda _: "Berichtigung Ihrer Daten")
    assert import_po(project, po).returncode == 0
    hb = load(project)
    (urdu,) = [t for t in hb.translations if t.translation.language == "ur"]
    page = unescape(notice_html(hb, context(hb), urdu))
    assert "Berichtigung Ihrer Daten" in page and "berichtigung" not in page


def test_two_records_kept_for_the_same_period_keep_the_one_translation_given(project):
    """Periods are kept by their English words, which two records may share: the one a
    translator left untranslated removed the translation given for the other."""
    period = "3 years after the last entry"
    text = (project / "policy_data/retention.yaml").read_text(encoding="utf-8")
    for record in ("medication-log", "first-aid-log"):
        start = text.index(f"  - id: {record}\n")
        at = text.index("    period: null", start)
        text = text[:at] + f"    period: {period}" + text[at + len("    period: null") :]
    (project / "policy_data/retention.yaml").write_text(text, encoding="utf-8")
    po = export(project, "ur")
    given = translate_all(po, "ur")
    retranslate(po, "translation.periods.first-aid-log", lambda _: "")
    assert import_po(project, po, "--partial").returncode == 0
    hb = load(project)
    (urdu,) = [t for t in hb.translations if t.translation.language == "ur"]
    assert urdu.translation.periods == {period: given["translation.periods.medication-log"]}


def test_setting_in_the_notices_title_is_the_name_on_the_staff_site_too(project):
    """The title's {setting} was read in for print only: the staff site's page and menu said
    "{setting}: Privacy notice" as typed."""
    from generator.features.notice.render import notice_section
    from generator.pipeline.features import context

    edit_data(project, NOTICE, "title: Privacy notice for parents and carers", "title: '{setting}: privacy notice'")
    hb = load(project)
    section = notice_section(hb, context(hb))
    assert section is not None
    (title, _, page), *_ = section.pages
    assert title == f"{hb.setting.name}: privacy notice" and "{setting}" not in page and "\\{setting" not in page


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda text: text.replace('msgstr "এক দুই তিন 1"', 'msgstr "এক দুই তিন 1'), "not a PO line"),
        (lambda text: text.replace('msgctxt "introduction"', "msgctxt introduction"), "not a PO line"),
        (lambda text: text.replace('msgctxt "introduction"', 'msgctext "introduction"'), "not a PO line"),
    ],
    ids=["unterminated string", "unquoted", "misspelt keyword"],
)
def test_bad_po_line_is_refused_with_file_and_line(project, damage, why):
    po = export(project, "bn")
    translate_all(po, "bn")
    text = po.read_text(encoding="utf-8")
    damaged = damage(text)
    assert damaged != text, "fixture drift"
    po.write_text(damaged, encoding="utf-8")
    line = next(n for n, (a, b) in enumerate(zip(text.splitlines(), damaged.splitlines()), 1) if a != b)
    result = import_po(project, po)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [said] = result.stderr.splitlines()  # one line: where, what, and that nothing was written
    assert said.startswith(f"{po}:{line}: {why}") and said.endswith("nothing was written"), result.stderr
    assert not (project / f"policy_data/notices/{NOTICE_ID}.bn.yaml").exists()


def test_po_not_saved_as_utf8_is_refused_with_its_line(project):
    po = export(project, "bn")
    damaged = po.read_bytes() + b'\nmsgctxt "title"\nmsgid "\xff"\nmsgstr ""\n'
    po.write_bytes(damaged)
    line = damaged[: damaged.index(b"\xff")].count(b"\n") + 1
    result = import_po(project, po)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"{po}:{line}: not UTF-8 text (save the PO file as UTF-8); nothing was written\n", (
        result.stderr
    )
    assert not (project / f"policy_data/notices/{NOTICE_ID}.bn.yaml").exists()


# --- printing right to left and Bengali --------------------------------------------------------


def ink_rows(png: Path) -> list[tuple[int, int]]:
    """(leftmost, rightmost) dark pixel column of every line of text on the page image."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(height):
        dark = [x for x in range(width) if pixels[x, y] < 128]
        rows.append((min(dark), max(dark)) if dark else None)
    lines, current = [], []
    for row in rows + [None]:
        if row:
            current.append(row)
        elif current:
            lines.append((min(r[0] for r in current), max(r[1] for r in current)))
            current = []
    return lines


def first_page_png(pdf: Path, folder: Path, dpi: int = 50) -> Path:
    prefix = folder / f"{pdf.stem}-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)], check=True
    )
    return prefix.with_name(prefix.name + ".png")


@pytest.fixture(scope="module")
def scripts(built: Path, tmp_path_factory) -> tuple[Path, dict[str, dict[str, str]]]:
    """A copy of the session's build with an Urdu and a Bengali translation, each exported,
    filled in as a translator would and imported, then built once for both; and the words
    given, by language (read only: the round trip and the scripts' tests read it)."""
    project = copy_built(built, tmp_path_factory.mktemp("scripts") / "project")
    given = {}
    for lang in ("ur", "bn"):
        po = export(project, lang)
        given[lang] = translate_all(po, lang)
        assert import_po(project, po).returncode == 0
    result = handbook(project, "build")
    assert result.returncode == 0, result.stderr
    return project, given


@pytest.mark.parametrize(
    "lang, font, direction", [("ur", "Noto-Nastaliq-Urdu", "rtl"), ("bn", "Noto-Sans-Bengali", "ltr")]
)
def test_translation_prints_in_its_script_and_direction(scripts, built, tmp_path, lang, font, direction):
    project, given = scripts[0], scripts[1][lang]
    pdf = project / PARENTS / f"{NOTICE_ID}.{lang}.pdf"
    # (a) a real Noto font for the script, embedded
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines() if font in line]
    assert rows and all(" yes yes yes " in line for line in rows), fonts
    # (b) the translated words come back from the PDF (compared normalized), where the English was
    text = normal(pdf_text(pdf))
    printed_texts = [c for c in given if not c.startswith("translation.")]
    assert text.count(normal(WORDS[lang])) >= len(printed_texts), (text.count(normal(WORDS[lang])), len(printed_texts))
    for english in ("Privacy notice for parents and carers", "Who are we?", "What are your rights?", "To be completed"):
        assert normal(english) not in text
    # (c) the HTML names the language and its direction
    html = (project / PARENTS / f"{NOTICE_ID}.{lang}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{direction}">' in html
    # (d) on the page image, the lines of text start at the margin the script starts from
    from PIL import Image

    png = first_page_png(pdf, tmp_path)
    width = Image.open(png).size[0]
    margin = 20 / 25.4 * 50  # 20 mm at 50 dpi
    lines = [l for l in ink_rows(png)]
    assert len(lines) >= 10
    start = (lambda l: width - l[1]) if direction == "rtl" else (lambda l: l[0])  # ink to the margin it starts at
    end = (lambda l: l[0]) if direction == "rtl" else (lambda l: width - l[1])  # ... and to the other
    flush = [l for l in lines if start(l) <= margin + 6]
    # Short lines (headings, list items) hug the margin the script starts from, not the other.
    ragged = [l for l in flush if end(l) > width / 3]
    wrong_side = [l for l in lines if end(l) <= margin + 6 and start(l) > width / 3]
    assert len(flush) >= 0.7 * len(lines), (direction, lines)
    assert len(ragged) >= 5 and not wrong_side, (direction, lines)
    check_shared_build(built)
