"""The seeded project: this project with a payload of markup in every free-text field of every
data file (staff records included) and every private thing it can hold, built once for the run.

Two files read it: test_injection (no payload is live markup in any output, or runs in a
browser) and test_public_edition (no private payload reaches build/public/).  It used to be
seeded and built cold twice, once for each, with the same seeder: made once here, the first
gets more private things to scan and the second more fields it must keep private.  The tests
only read it (tests/conftest.py `seeded_project`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from conftest import REPO, copy_project, run_handbook

SEEDER = "seeder.json"  # beside the project: which field each payload number went into


def _fill_unset_facts(root: Path) -> None:
    """Give every unset free-text fact of the setting (its internal contacts among them) a value,
    so that it is seeded too, and publish the drafts (so that everything public is published)."""
    setting = yaml.safe_load((root / "policy_data/setting.yaml").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schemas/setting.schema.json").read_text(encoding="utf-8"))

    def fill(data: dict, properties: dict, where: str) -> None:
        for name, prop in properties.items():
            branches = prop.get("anyOf", [prop])
            ref = next((b["$ref"] for b in branches if "$ref" in b), None)
            if ref:
                data[name] = data.get(name) or {}
                fill(data[name], schema["$defs"][ref.rsplit("/", 1)[1]]["properties"], f"{where}{name} ")
            elif data.get(name) is None and any(
                b.get("type") == "string" and not {"pattern", "format", "enum"} & set(b) for b in branches
            ):
                data[name] = f"unset {where}{name}"

    fill(setting, schema["properties"], "")
    setting["publish_drafts"] = True
    (root / "policy_data/setting.yaml").write_text(yaml.safe_dump(setting, sort_keys=False), encoding="utf-8")


def _add_staff_only_words(root: Path) -> None:
    """Staff-only statements (a section of them, and one among the parents' ones) and an
    editor's note on a public statement."""
    from test_public_edition import not_quoted_by_the_notice

    path = root / "policy_data/policies/confidentiality.yaml"
    policy = yaml.safe_load(path.read_text(encoding="utf-8"))
    policy["sections"][0]["statements"][0]["note"] = "An editor's note on a statement for parents."
    quoted = not_quoted_by_the_notice(root)
    next(st for section in policy["sections"] for st in section["statements"] if st["id"] == quoted)["audience"] = [
        "staff"
    ]
    policy["sections"].append(
        {
            "id": "for-staff",
            "title": "For staff alone",
            "statements": [
                {
                    "id": "CONF-STAFF-01",
                    "kind": "paragraph",
                    "text": "Words for the staff alone.",
                    "audience": ["staff"],
                    "roles": ["all-staff"],
                },
                {
                    "id": "CONF-STAFF-02",
                    "kind": "item",
                    "text": "More words for the staff alone.",
                    "audience": ["staff"],
                    "roles": ["all-staff"],
                },
            ],
        }
    )
    path.write_text(yaml.safe_dump(policy, sort_keys=False, allow_unicode=True), encoding="utf-8")


def make_seeded(root: Path) -> None:
    """This project with the staff records (their names and notes reach the private copies,
    build/private/), every private thing filled in, every free-text field of every data file
    seeded by test_injection's seeder (which walks the JSON Schemas of the models), built with
    the records: `handbook build --records records`."""
    from test_injection import PROJECT_FOLDERS, data_files, seed_project

    copy_project(root)
    shutil.copytree(REPO / "examples/records", root / "records")
    folders = {**PROJECT_FOLDERS, "records": "records"}
    _fill_unset_facts(root)
    _add_staff_only_words(root)
    # Signatures hold no text (ids, fingerprints, dates): they are set aside while the seeding
    # remakes the release they point at, then pointed at the new one.
    signatures = (root / "records/signatures.yaml").read_text(encoding="utf-8")
    (root / "records/signatures.yaml").unlink()
    old = yaml.safe_load(next((REPO / "policy_data/releases").glob("*.yaml")).read_text(encoding="utf-8"))
    seeder = seed_project(root, folders)
    new = yaml.safe_load(next((root / "policy_data/releases").glob("*.yaml")).read_text(encoding="utf-8"))
    for was, now in zip(old["policies"], new["policies"]):
        signatures = signatures.replace(was["fingerprint"], now["fingerprint"]).replace(
            was["fingerprint"][:12], now["fingerprint"][:12]
        )
    (root / "records/signatures.yaml").write_text(signatures, encoding="utf-8")
    assert seeder.count >= 100 and len(list(data_files({k: root / f for k, f in folders.items()}))) >= 15
    result = run_handbook("build", "-q", "--records", "records", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert list((root / "build/private").rglob("*.html")), "the private copies were not built"
    fields = [[n, rel, list(key)] for n, (rel, key) in seeder.fields.items()]
    (root.parent / SEEDER).write_text(json.dumps({"count": seeder.count, "fields": fields}), encoding="utf-8")


def seeder_of(root: Path):
    """The seeder that seeded the project at root, as make_seeded left it (which field each
    payload number went into), read back in whichever worker asks."""
    from test_injection import Seeder

    saved = json.loads((root.parent / SEEDER).read_text(encoding="utf-8"))
    seeder = Seeder({})
    seeder.count = saved["count"]
    seeder.fields = {n: (rel, tuple(key)) for n, rel, key in saved["fields"]}
    return seeder
