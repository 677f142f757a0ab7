"""Synthesise a large data set from the bundled one, for the benchmark.

A local authority or trust builds handbooks for many settings: this makes N policies of M
statements (reusing the real confidentiality text, renumbered), R roles and S staff records,
so the figures measure the real code paths on realistic text.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _dump(data, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def synthesise(dest: Path, policies: int = 200, statements: int = 40, roles: int = 30, staff: int = 500) -> dict:
    """Write a project folder at dest; return the sizes used."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("docs", "checklists"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "generator").symlink_to(REPO / "generator")
    if (REPO / "node_modules").exists():
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    data = dest / "policy_data"
    shutil.copytree(REPO / "policy_data", data, ignore=shutil.ignore_patterns("policies", "releases", "training"))
    (data / "policies").mkdir()

    source = yaml.safe_load((REPO / "policy_data/policies/confidentiality.yaml").read_text(encoding="utf-8"))
    texts = [st["text"] for s in source["sections"] for st in s["statements"]]
    role_list = [{"id": "all-staff", "name": "All staff"}] + [
        {"id": f"role-{i:02d}", "name": f"Role {i}", "part_of": ["all-staff"]} for i in range(1, roles)
    ]
    register = yaml.safe_load((data / "register.yaml").read_text(encoding="utf-8"))
    for p in range(policies):
        pid = f"policy-{p:03d}"
        code = f"P{p:03d}"
        sections, per_section = [], 10
        for s in range(0, statements, per_section):
            sections.append(
                {
                    "id": f"section-{s // per_section + 1}",
                    "title": f"Section {s // per_section + 1}",
                    "statements": [
                        {
                            "id": f"{code}-S{s // per_section + 1}-{n:02d}",
                            "kind": "item",
                            "text": texts[(p + n) % len(texts)],
                            "audience": ["staff", "parents"] if n % 3 == 0 else ["staff"],
                            "roles": [role_list[(p + n) % roles]["id"]],
                        }
                        for n in range(1, min(per_section, statements - s) + 1)
                    ],
                }
            )
        _dump({"id": pid, "title": f"Policy {p}", "sections": sections}, data / "policies" / f"{pid}.yaml")
        register["documents"].append(
            {"id": pid, "title": f"Policy {p}", "kind": "policy", "status": "in-handbook",
             "next_review": (dt.date(2027, 1, 1) + dt.timedelta(days=p)).isoformat()}
        )
    register["documents"] = [d for d in register["documents"] if d["id"] != "confidentiality"]
    for d in register["documents"]:
        for key in [k for k, v in d.items() if v is None]:
            del d[key]
    _dump(register, data / "register.yaml")
    _dump({"roles": role_list}, data / "roles.yaml")

    records = dest / "records"
    _dump(
        {"staff": [{"id": f"person-{i:03d}", "name": f"Person {i}", "roles": [role_list[i % roles]["id"]],
                    "start_date": "2020-01-01"} for i in range(staff)]},
        records / "staff.yaml",
    )
    return {"policies": policies, "statements": policies * statements, "roles": roles, "staff": staff}
