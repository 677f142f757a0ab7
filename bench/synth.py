"""Synthesise a large data set from the bundled one, for the benchmark.

A local authority or trust builds handbooks for many settings: this keeps the bundled data
(the real policy, notice, checklists and training pack) and adds N policies of M statements
(reusing the real confidentiality sentences, renumbered), extra roles, S staff records and T
notice translations, so the figures measure the real code paths on realistic text.  The
translations are mechanical copies of the English notice marked as translations: they
exercise one PDF per language, not any real language.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from generator.core.project import Project

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = [
    ("tr", "ltr"),
    ("pl", "ltr"),
    ("es", "ltr"),
    ("fr", "ltr"),
    ("yi", "rtl"),
    ("bn", "ltr"),
    ("pt", "ltr"),
    ("gu", "ltr"),
    ("ur", "rtl"),
    ("so", "ltr"),
]


def _dump(data, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _project_shell(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("docs", "checklists", "policy_data"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "generator").symlink_to(REPO / "generator")
    if (REPO / "node_modules").exists():
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest / "policy_data"


def _add_translations(root: Path, count: int) -> None:
    """Copies of the English notice, each carrying the English fingerprint, so none is stale."""
    import os
    import sys

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("HANDBOOK_DATE", "2026-11-28")
    from generator.features.notice.content import notice_fingerprint
    from generator.pipeline.handbook import load_handbook

    hb, _ = load_handbook(Project.at(root, root / "policy_data"))
    english_path = root / "policy_data/notices/fair-processing-notice.yaml"
    english = _load(english_path)
    fingerprint = notice_fingerprint(hb, hb.notices["fair-processing-notice"])
    for code, direction in LANGUAGES[:count]:
        translated = dict(english)
        translated["translation"] = {
            "of": english["id"],
            "language": code,
            "language_name": f"bench {code}",
            "direction": direction,
            "source_fingerprint": fingerprint,
        }
        _dump(translated, english_path.with_name(f"fair-processing-notice.{code}.yaml"))


def synthesise(
    dest: Path, policies: int = 200, statements: int = 40, roles: int = 30, staff: int = 500, translations: int = 10
) -> dict:
    """Write a project folder at dest; return the sizes used.  `policies` counts the bundled one."""
    data = _project_shell(dest)
    source = _load(data / "policies/confidentiality.yaml")
    texts = [st["text"] for s in source["sections"] for st in s["statements"]]

    role_file = _load(data / "roles.yaml")
    extra_roles = [
        {"id": f"role-{i:02d}", "name": f"Role {i}", "part_of": ["all-staff"]}
        for i in range(1, roles - len(role_file["roles"]) + 1)
    ]
    role_file["roles"] += extra_roles
    _dump(role_file, data / "roles.yaml")
    role_ids = [r["id"] for r in role_file["roles"]]

    register = _load(data / "register.yaml")
    per_section = 10
    for p in range(1, policies):
        pid, code = f"policy-{p:03d}", f"P{p:03d}"
        sections = []
        for s in range(0, statements, per_section):
            number = s // per_section + 1
            sections.append(
                {
                    "id": f"section-{number}",
                    "title": f"Section {number}",
                    "statements": [
                        {
                            "id": f"{code}-S{number}-{n:02d}",
                            "kind": "item",
                            "text": texts[(p + n) % len(texts)],
                            "audience": ["staff", "parents"] if n % 3 == 0 else ["staff"],
                            "roles": [role_ids[(p + n) % len(role_ids)]],
                        }
                        for n in range(1, min(per_section, statements - s) + 1)
                    ],
                }
            )
        _dump({"id": pid, "title": f"Policy {p}", "sections": sections}, data / "policies" / f"{pid}.yaml")
        register["documents"].append(
            {
                "id": pid,
                "title": f"Policy {p}",
                "kind": "policy",
                "status": "in-handbook",
                "next_review": (dt.date(2027, 1, 1) + dt.timedelta(days=p)).isoformat(),
            }
        )
    _dump(register, data / "register.yaml")
    for role in extra_roles:
        _dump({"role": role["id"]}, dest / "checklists" / f"{role['id']}.yaml")

    # A group of roles (say, the child protection leads) is nobody's own role.
    held = [r["id"] for r in role_file["roles"] if not r.get("group")]
    _dump(
        {
            "staff": [
                {
                    "id": f"person-{i:03d}",
                    "name": f"Person {i}",
                    "roles": [held[i % len(held)]],
                    "start_date": "2020-01-01",
                }
                for i in range(staff)
            ]
        },
        dest / "records/staff.yaml",
    )
    _add_translations(dest, translations)
    return {
        "policies": policies,
        "statements": (policies - 1) * statements + len(texts),
        "roles": len(role_ids),
        "staff": staff,
        "translations": translations,
    }
