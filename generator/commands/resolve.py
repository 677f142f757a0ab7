"""`handbook resolve --setting ID STATEMENT-ID (--keep-ours | --take-model | --text TEXT) | --adopt`:
the options checked, then the setting's decision recorded (commands/settings.py)."""

from __future__ import annotations

import argparse

from generator.core.project import Project

from .common import usage
from .settings import resolve


def run(args: argparse.Namespace, project: Project) -> int:
    if not project.setting:
        return usage("resolve: say which setting with --setting ID")
    if args.adopt == bool(args.statement):
        return usage("resolve: give a STATEMENT-ID with --keep-ours, --take-model or --text; or --adopt alone")
    return resolve(project, args.statement, args.keep_ours, args.take_model, args.text, args.after, args.adopt)
