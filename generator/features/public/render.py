"""Stage: build/public/, the public edition, from a PublicEdition (content.py) alone.

Plain HTML pages from our own templates (templates/public/), every link relative, so the
folder works uploaded under any path of any web host, copied into a school's website, or
opened from a disk.  No font, script or style from anywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.clock import long_date
from generator.core.output import Output
from generator.core.templating import TEMPLATES, render
from generator.features.notice.render import PARENTS_DIR

from .content import PublicEdition, public_edition
from .search import NOTICES_DIR, index_script, policy_page

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook

PUBLIC = "public"
ASSETS = ("public.css", "search.js")  # ours, copied as they are


def pages(edition: PublicEdition, made_on: str) -> dict[str, str]:
    """Every page, by its path inside build/public/."""
    nav = [("index.html", "Home"), ("privacy-notice.html", "Privacy notice"), ("policies/index.html", "Policies")]
    if edition.scheme is not None:
        nav.append(("publication-scheme.html", "Publication scheme"))
    nav.append(("accessibility.html", "Accessibility"))

    def page(template: str, path: str, title: str, **context) -> str:
        root = "../" * path.count("/")
        return render(
            f"public/{template}",
            e=edition,
            root=root,
            path=path,
            title=title,
            nav=nav,
            made_on=made_on,
            policy_page=policy_page,
            notices_dir=NOTICES_DIR,
            **context,
        )

    out = {
        "index.html": page("index.html.j2", "index.html", edition.setting_name),
        "privacy-notice.html": page("privacy-notice.html.j2", "privacy-notice.html", "Privacy notice"),
        "policies/index.html": page("policies.html.j2", "policies/index.html", "Policies"),
        "accessibility.html": page("accessibility.html.j2", "accessibility.html", "Accessibility statement"),
    }
    for policy in edition.policies:
        path = policy_page(policy.id)
        out[path] = page("policy.html.j2", path, policy.title, policy=policy)
    if edition.scheme is not None:
        out["publication-scheme.html"] = page(
            "publication-scheme.html.j2", "publication-scheme.html", edition.scheme.title
        )
    return out


def summary(edition: PublicEdition) -> str:
    """One line for the build's progress: what was published, and what not and why."""
    parts = [
        f"{len(edition.policies)} polic{'y' if len(edition.policies) == 1 else 'ies'}",
        f"{len(edition.notices)} notice{'s' * (len(edition.notices) != 1)}",
    ]
    if edition.scheme is not None:
        parts.append("the publication scheme")
    line = f"public edition: {', '.join(parts)}"
    if edition.not_published:
        line += "; not published: " + "; ".join(f"{n.document} ({n.why})" for n in edition.not_published)
    return line


def build_public(hb: Handbook, output: Output) -> None:
    """Stage (after the parent notices, whose files it copies): build/public/."""
    folder = output.path(PUBLIC)
    edition = public_edition(hb, output.made_under(output.path(PARENTS_DIR)))
    for rel, html in pages(edition, long_date(hb.as_of) or "").items():
        output.text(output.path(PUBLIC, *rel.split("/")), html)
    output.text(folder / "search-index.js", index_script(edition))
    for name in ASSETS:
        output.text(folder / name, (TEMPLATES / "public" / name).read_text(encoding="utf-8"))
    for notice in edition.notices:
        for f in notice.files:
            output.copy_when_finished(f.made, output.path(PUBLIC, NOTICES_DIR, f.name))
    output.say(summary(edition))
