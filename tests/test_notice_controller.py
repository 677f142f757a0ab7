"""UK GDPR Art. 13(1)(a): the notice gives the identity of the controller.  A private nursery's
(the kinds table's `controller: {who: provider}`) is the company, charity, committee or person
that runs it, whose legal name setting.yaml gives as run_by: (with company_number: or
charity_number:); unset, the notice says "To be completed" and `check` says where.  A
childminder is the controller in her own name: she is not asked for it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import pdf_text, run_handbook
from test_notice import flat, load

NAME = "Little Acorns Day Nursery"
SENTENCE = (
    "Little Acorns Day Nursery is run by Little Acorns Ltd (company number 01234567). In law, Little Acorns Ltd is "
    'the "data controller": responsible for the information we hold about you and your child.'
)
UNSET = (
    "To be completed: the name of the company, charity, committee or person that runs Little Acorns Day Nursery "
    '(the "data controller"), with its company or charity number'
)


def _new(tmp_path: Path, kind: str, name: str = NAME) -> Path:
    made = run_handbook("new", str(tmp_path / kind), "--name", name, "--kind", kind, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / kind


def _run_by_acorns(root: Path) -> None:
    setting = root / "policy_data/setting.yaml"
    setting.write_text(
        setting.read_text(encoding="utf-8")
        .replace("run_by: null", "run_by: Little Acorns Ltd")
        .replace("company_number: null", 'company_number: "01234567"'),
        encoding="utf-8",
    )


def _notice(monkeypatch, root: Path) -> tuple[str, list[str]]:
    """The notice's HTML as text (no PDF made), and every finding of the check."""
    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    hb, report = load(monkeypatch, root)
    page = notice_html(hb, context(hb), hb.notices["fair-processing-notice"])
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return text, [str(f) for f in report.sorted()]


def _line_of(path: Path, key: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(key))


def test_a_private_nurserys_notice_asks_who_runs_it_until_setting_yaml_says(tmp_path: Path, monkeypatch):
    root = _new(tmp_path, "pvi-nursery")
    setting = root / "policy_data/setting.yaml"
    assert "run_by: null" in setting.read_text(encoding="utf-8")  # the starter lists it, unset
    text, found = _notice(monkeypatch, root)
    assert UNSET in text
    assert "Who we are Little Acorns Day Nursery. Run by: To be completed" in text  # the first page
    line = _line_of(setting, "run_by:")
    told = [f for f in found if f.startswith(f"policy_data/setting.yaml:{line}:1: warning: to be completed: element 1")]
    assert told and "run_by:" in told[0] and "company_number:" in told[0], found
    # the command line says the same, with its file, line and column
    checked = run_handbook("check", cwd=root)
    assert f"policy_data/setting.yaml:{line}:1: warning: to be completed: element 1" in checked.stdout


def test_a_private_nurserys_notice_names_who_runs_it_with_its_number(tmp_path: Path, monkeypatch):
    root = _new(tmp_path, "pvi-nursery")
    setting = root / "policy_data/setting.yaml"
    words = setting.read_text(encoding="utf-8")
    setting.write_text(
        words.replace("run_by: null", "run_by: Little Acorns Ltd").replace(
            "company_number: null", 'company_number: "01234567"'
        ),
        encoding="utf-8",
    )
    text, found = _notice(monkeypatch, root)
    assert SENTENCE in text and "To be completed: the name of the company" not in text
    assert "Who we are Little Acorns Day Nursery is run by Little Acorns Ltd." in text  # the first page, short
    assert "makes us the" not in text
    assert not [f for f in found if "run_by" in f], found
    # the setting's website names the company too, under its contact details (a company's
    # website shows its registered name and number)
    from generator.features.public.content import public_edition
    from generator.features.public.render import pages

    hb, _ = load(monkeypatch, root)
    front = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", pages(public_edition(hb, []), "7 December 2026")["index.html"])).split()
    )
    assert f"{NAME} is run by Little Acorns Ltd (company number 01234567)." in front
    # a charity: its registered number; both when a charitable company gives both
    setting.write_text(
        setting.read_text(encoding="utf-8").replace("charity_number: null", 'charity_number: "1123456"'),
        encoding="utf-8",
    )
    text, _ = _notice(monkeypatch, root)
    assert "run by Little Acorns Ltd (company number 01234567, registered charity number 1123456). In law" in text
    # the part's own words, where the setting wrote some, follow the sentence: never dropped
    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace(
            "controller:               # element 1\n  heading: Who are we?\n  text: null",
            "controller:               # element 1\n  heading: Who are we?\n  text: Our Ofsted number is EY123456.",
        ),
        encoding="utf-8",
    )
    text, _ = _notice(monkeypatch, root)
    assert "responsible for the information we hold about you and your child. Our Ofsted number is EY123456." in text


@pytest.mark.slow
def test_the_printed_notice_names_who_runs_the_nursery(tmp_path: Path):
    root = _new(tmp_path, "pvi-nursery")
    _run_by_acorns(root)
    made = run_handbook("build", cwd=root)
    assert made.returncode == 0, made.stderr
    printed = flat(pdf_text(root / "build/print/parents/fair-processing-notice.pdf"))
    assert SENTENCE in printed
    assert "Little Acorns Day Nursery is run by Little Acorns Ltd." in printed


def test_a_childminder_is_the_controller_in_her_own_name(tmp_path: Path, monkeypatch):
    root = _new(tmp_path, "childminder", "Kit Smith Childminding")
    text, found = _notice(monkeypatch, root)
    assert "run by" not in text.lower() and "company" not in text
    assert not [f for f in found if "run_by" in f], found


def test_a_childminder_who_gives_run_by_is_named_in_her_own_voice(tmp_path: Path, monkeypatch):
    root = _new(tmp_path, "childminder", "Kit Smith Childminding")
    setting = root / "policy_data/setting.yaml"
    setting.write_text(
        setting.read_text(encoding="utf-8").replace("run_by: null", "run_by: Kit Smith"), encoding="utf-8"
    )
    text, _ = _notice(monkeypatch, root)
    assert (
        'Kit Smith Childminding is run by Kit Smith. In law, Kit Smith is the "data controller": responsible for '
        "the information I hold about you and your child." in text
    )


# --- translated: who runs the setting is the translator's to translate ------------------------

RUN_BY = (
    '{setting} is run by {run_by}. In law, {name} is the "data controller": responsible for the information we '
    "hold about you and your child."
)


def _translated(monkeypatch, root: Path, lang: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """The translation's HTML as text, every finding of the check, and its page mark."""
    from test_translations import page_mark

    from generator.features.notice.render import notice_html
    from generator.pipeline.features import context

    hb, report = load(monkeypatch, root)
    tr = next(t for t in hb.translations if t.translation.language == lang)
    page = notice_html(hb, context(hb), tr)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return text, [str(f) for f in report.sorted()], page_mark(page)


def _acorns_in_bengali(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A private nursery run by a company, its notice exported, translated whole and imported."""
    from test_translations import export, import_po, translate_all

    root = _new(tmp_path, "pvi-nursery")
    _run_by_acorns(root)
    po = export(root, "bn")
    given = translate_all(po, "bn")
    assert import_po(root, po).returncode == 0
    return root, po, given


STILL_ENGLISH = ("en", "Some parts of this translation are still in English.")


def test_a_private_nurserys_run_by_words_are_offered_to_the_translator(tmp_path: Path):
    """The run-by sentences are kept out of the notice's LABELS (a maintained school's notice and
    its document reference are as ever) but offered to the translator when the notice prints them."""
    from test_translations import export, read

    root = _new(tmp_path, "pvi-nursery")
    _run_by_acorns(root)
    offered = {m.context: m.id for m in read(export(root, "bn")) if m.id}
    assert offered["translation.labels.controller.provider"] == RUN_BY  # in the setting's voice
    assert offered["translation.labels.controller.company_number"] == "company number"
    assert offered["translation.labels.glance.run_by"] == "{setting} is run by {run_by}."
    # only what the notice prints: no charity number is given, and who runs it is
    assert "translation.labels.controller.charity_number" not in offered
    assert "translation.labels.controller.provider_unset" not in offered


def test_a_private_nurserys_translation_prints_who_runs_it_translated(tmp_path: Path, monkeypatch):
    root, _, given = _acorns_in_bengali(tmp_path)
    text, found, mark = _translated(monkeypatch, root, "bn")
    number = f"Little Acorns Ltd ({given['translation.labels.controller.company_number']} 01234567)"
    said = given["translation.labels.controller.provider"]
    said = said.replace("{setting}", NAME).replace("{run_by}", number).replace("{name}", "Little Acorns Ltd")
    assert said in text  # the translator's words, with the setting's
    short = given["translation.labels.glance.run_by"].replace("{setting}", NAME)
    assert short.replace("{run_by}", "Little Acorns Ltd") in text  # the first page's
    assert "is run by" not in text and "company number" not in text
    assert mark == [] and not [f for f in found if "still in English" in f], found


def test_a_private_nurserys_translation_without_the_run_by_words_says_it_is_partly_english(tmp_path: Path, monkeypatch):
    """A translation that lacks them (made before they were offered) prints them in English and
    says so first; the check lists them.  Imported untranslated with --partial, the same."""
    from test_translations import import_po, read, write

    root, po, _ = _acorns_in_bengali(tmp_path)
    target = root / "policy_data/notices/fair-processing-notice.bn.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text(
        "".join(line for line in lines if not re.match(r"\s+(controller\.provider|glance\.run_by)\b", line)),
        encoding="utf-8",
    )
    text, found, mark = _translated(monkeypatch, root, "bn")
    assert f"{NAME} is run by Little Acorns Ltd (" in text and "In law, Little Acorns Ltd is the" in text  # English
    assert mark and mark[0] == STILL_ENGLISH
    told = [f for f in found if "still in English" in f]
    assert told and "translation.labels.controller.provider" in told[0] and "2 entries" in told[0], found

    catalog = read(po)
    for m in catalog:
        if m.context == "translation.labels.controller.provider":
            m.string = ""
    write(po, catalog)
    assert import_po(root, po).returncode == 1
    assert import_po(root, po, "--partial").returncode == 0
    text, found, mark = _translated(monkeypatch, root, "bn")
    assert "In law, Little Acorns Ltd is the" in text and mark and mark[0] == STILL_ENGLISH
    assert [f for f in found if "1 entries still in English (translation.labels.controller.provider)" in f], found


def test_a_council_centres_translation_translates_the_councils_sentence(tmp_path: Path, monkeypatch):
    from test_translations import export, import_po, read, translate_all

    root = _new(tmp_path, "la-childrens-centre", "Willow Court Children's Centre")
    po = export(root, "bn")
    offered = {m.context: m.id for m in read(po) if m.id}
    assert offered["translation.labels.controller.council"].startswith("{setting} is run by the council named below.")
    assert offered["translation.labels.controller.run_by"] == "Name of the council"
    assert not [c for c in offered if c.startswith("translation.labels.glance.run_by")]  # not printed
    translate_all(po, "bn")
    assert import_po(root, po).returncode == 0
    text, found, mark = _translated(monkeypatch, root, "bn")
    assert "is run by the council" not in text and "Name of the council" not in text
    assert mark == [] and not [f for f in found if "still in English" in f], found


def test_a_maintained_schools_translation_is_offered_no_run_by_words(tmp_path: Path):
    from test_translations import export, read

    root = _new(tmp_path, "maintained-nursery-school", "Homerton Nursery School")
    offered = [m.context for m in read(export(root, "bn")) if m.id]
    assert not [c for c in offered if ".controller." in c or ".glance.run_by" in c], offered


def test_the_notices_own_words_naming_the_controller_again_are_warned(tmp_path: Path, monkeypatch):
    """A model's or another setting's words ("In law, this makes us the data controller")
    printed after the sentence naming the company make the notice name two controllers: check
    says where, until they are taken out; a nursery school's own words say it once, unwarned."""
    root = _new(tmp_path, "pvi-nursery")
    _run_by_acorns(root)
    notice = root / "policy_data/notices/fair-processing-notice.yaml"
    ours = 'We are responsible for the information we hold. In law, this makes us the "data controller".'
    notice.write_text(
        notice.read_text(encoding="utf-8").replace(
            "  heading: Who are we?\n  text: null", f"  heading: Who are we?\n  text: '{ours}'"
        ),
        encoding="utf-8",
    )
    text, findings = _notice(monkeypatch, root)
    assert SENTENCE in text and ours in text
    line = _line_of(notice, "  text: 'We are responsible")
    twice = [f for f in findings if "these words, printed after it, say so again" in f]
    assert twice and twice[0].startswith(f"policy_data/notices/fair-processing-notice.yaml:{line}:"), findings
    school = _new(tmp_path, "maintained-nursery-school", "Larch Road Nursery School")
    school_notice = school / "policy_data/notices/fair-processing-notice.yaml"
    school_notice.write_text(
        school_notice.read_text(encoding="utf-8").replace(
            "  heading: Who are we?\n  text: null", f"  heading: Who are we?\n  text: '{ours}'"
        ),
        encoding="utf-8",
    )
    assert not [f for f in _notice(monkeypatch, school)[1] if "say so again" in f]
    # a named third party's "controller" is no second controller of the setting's
    third = "The council is a separate controller for the funding claims it receives."
    notice.write_text(notice.read_text(encoding="utf-8").replace(ours, third), encoding="utf-8")
    assert not [f for f in _notice(monkeypatch, root)[1] if "say so again" in f]
    notice.write_text(notice.read_text(encoding="utf-8").replace(third, ours), encoding="utf-8")
    # half taken out, the words still say the setting is responsible: still warned
    half = "We are responsible for the information we hold about you and your child."
    notice.write_text(notice.read_text(encoding="utf-8").replace(ours, half), encoding="utf-8")
    assert [
        f for f in _notice(monkeypatch, root)[1] if "say so again, as if Little Acorns Day Nursery itself were" in f
    ]
