"""The manual's reference pages, generated when the manual is built (mkdocs.yml `hooks:`), so
they cannot go stale: every command and option from the `handbook` argument parser, every
data file's fields from the JSON Schemas `handbook schema` writes, and the features in the
order the code runs them.  Nothing here is kept in the repository."""

from __future__ import annotations

import argparse
import json

from mkdocs.structure.files import File, Files

REFERENCE = "reference"


def on_files(files: Files, config) -> Files:
    for name, content in pages().items():
        files.append(File.generated(config, f"{REFERENCE}/{name}", content=content))
    return files


def pages() -> dict[str, str]:
    return {
        "commands.md": commands_page(),
        "data-files.md": data_files_page(),
        "features.md": features_page(),
        "codes.md": codes_page(),
    }


# --- commands, from generator.cli.parser() -------------------------------------------------


def _cell(text: object) -> str:
    """Text for a Markdown table cell: one line, pipes and markup shown as typed."""
    out = " ".join(str(text).split())
    for ch in "\\|`*_[]<>":
        out = out.replace(ch, "\\" + ch)
    return out


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """(name, help, parser) of each sub-command, in the parser's order."""
    found = []
    for action in parser._actions:  # argparse has no public walk of its sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found.append((name, helps.get(name) or "", sub))
    return found


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            shown = ", ".join(action.option_strings)
            if action.nargs != 0:
                shown += " " + (action.metavar or action.dest.upper())
        else:
            shown = action.metavar or action.dest.upper()
        facts = []
        if action.required and action.option_strings:
            facts.append("required")
        if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
            facts.append("one of " + ", ".join(map(str, action.choices)))
        help_text = (action.help or "") % {"default": action.default, "prog": parser.prog} if action.help else ""
        rows.append(f"| `{shown}` | {_cell(help_text)}{' (' + _cell('; '.join(facts)) + ')' if facts else ''} |")
    return rows


def _command_section(name: str, help_text: str, parser: argparse.ArgumentParser, level: int) -> list[str]:
    out = [f"{'#' * level} handbook {name}", ""]
    if help_text:
        out += [_cell(help_text)[0].upper() + _cell(help_text)[1:] + ".", ""]
    out += ["```text", parser.format_usage().strip(), "```", ""]
    rows = _option_rows(parser)
    if rows:
        out += ["| argument | what it does |", "|---|---|", *rows, ""]
    for sub_name, sub_help, sub in _subcommands(parser):
        out += _command_section(f"{name} {sub_name}", sub_help, sub, level + 1)
    return out


def commands_page() -> str:
    from generator.cli import parser

    top = parser()
    out = [
        "# Commands",
        "",
        "Generated from the `handbook` command's argument parser (`generator.cli.parser()`) when",
        "this manual was built: `handbook COMMAND --help` prints the same.",
        "",
        "```text",
        top.format_help().strip(),
        "```",
        "",
    ]
    for name, help_text, sub in _subcommands(top):
        out += _command_section(name, help_text, sub, 2)
    return "\n".join(out) + "\n"


# --- data files, from the JSON Schemas ------------------------------------------------------


def _type(prop: dict) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + (" or null" if any(p.get("type") == "null" for p in prop["anyOf"]) else "")
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type", "any")
    if kind == "array":
        return "list of " + _type(prop.get("items", {}))
    if kind == "object" and "additionalProperties" in prop and isinstance(prop["additionalProperties"], dict):
        return "mapping to " + _type(prop["additionalProperties"])
    if prop.get("format"):
        return f"{kind} ({prop['format']})"
    return kind


def _limits(prop: dict) -> str:
    inner = next((p for p in prop.get("anyOf", []) if p.get("type") != "null"), prop)
    facts = []
    if "pattern" in inner:
        facts.append(f"matches `{inner['pattern']}`")
    if "maxLength" in inner:
        facts.append(f"at most {inner['maxLength']} characters")
    if "minItems" in inner:
        facts.append(f"at least {inner['minItems']} item{'s' if inner['minItems'] != 1 else ''}")
    if "default" in prop and prop["default"] not in (None, [], {}):
        facts.append(f"default `{json.dumps(prop['default'])}`")
    return "; ".join(facts)


def _object_table(schema: dict) -> list[str]:
    props = schema.get("properties", {})
    if not props:
        return []
    required = set(schema.get("required", []))
    out = ["| field | type | required | limits |", "|---|---|---|---|"]
    for name, prop in props.items():
        out.append(f"| `{name}` | {_type(prop)} | {'yes' if name in required else ''} | {_limits(prop)} |")
    return out


def _description(schema: dict) -> list[str]:
    text = schema.get("description")
    return [" ".join(text.split()), ""] if text else []


def data_files_page() -> str:
    from generator.commands.schema import kinds
    from generator.core.schema import json_schema, schema_file

    out = [
        "# Data files",
        "",
        "Generated from the data files' JSON Schemas (the ones `handbook schema` writes into",
        "`schemas/`, made from the models the loader checks with) when this manual was built.",
        "A field marked required must be given; every other field may be left out.",
        "",
    ]
    for kind in kinds():
        schema = json.loads(json_schema(kind.model, kind.schema))
        where = {
            "data": "the data folder",
            "checklists": "the checklists folder",
            "records": "the staff records folder",
        }
        out += [
            f"## {kind.schema}",
            "",
            f"Files `{kind.pattern}` in {where.get(kind.folder, kind.folder)}; schema `schemas/{schema_file(kind.schema)}`"
            f"{'' if kind.required else ' (optional)'}.",
            "",
            *_description(schema),
            *_object_table(schema),
            "",
        ]
        for name, definition in schema.get("$defs", {}).items():
            out += [f"### {name}", "", *_description(definition), *_object_table(definition), ""]
    return "\n".join(out) + "\n"


# --- features, from generator.pipeline.features.FEATURES -----------------------------------


def _names(functions) -> str:
    return ", ".join(f"`{f.__module__.removeprefix('generator.')}.{f.__name__}`" for f in functions) or ""


def _where(kind) -> str:
    """A data file's pattern as a person finds it: checklists and staff records have folders of their own."""
    return kind.pattern if kind.folder == "data" else f"{kind.folder}/{kind.pattern}"


def _navigation():
    from generator.pipeline.features import in_navigation_order

    return in_navigation_order()


def features_page() -> str:
    from generator.pipeline.features import FEATURES

    out = [
        "# Features, in order",
        "",
        "Generated from `FEATURES` in `generator/pipeline/features.py` when this manual was built:",
        "the order the data files are loaded, the checks run and the build stages run. The staff",
        "handbook's navigation shows the pages in the order `NAVIGATION` there states: "
        + ", ".join(f"{number} {feature.name}" for number, feature in enumerate(_navigation(), 1))
        + ".",
        "",
        "| # | feature | data files | checks | build stage | pages | documents |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, feature in enumerate(FEATURES, 1):
        sources = ", ".join(f"`{_where(k)}`" for k in (*feature.sources, *feature.records))
        checks = _names((*feature.checks, *feature.print_checks))
        stage = f"{feature.stage[0]}: {_names([feature.stage[1]])}" if feature.stage else ""
        pages = _names([feature.pages]) if feature.pages else ""
        documents = _names([feature.documents]) if feature.documents else ""
        out.append(f"| {number} | {feature.name} | {sources} | {checks} | {stage} | {pages} | {documents} |")
    return "\n".join(out) + "\n"


# --- finding codes, from each feature's codes.py -------------------------------------------


def codes_page() -> str:
    from generator.pipeline.codes import all_codes

    out = [
        "# Finding codes",
        "",
        "Every finding `handbook check` prints has a code, declared with its level and meaning in",
        "the `codes.py` of the part of the code that makes it. A code keeps its meaning when the",
        "message is reworded: match codes, never message text (`handbook check --format json` gives",
        "each finding's code). Generated from `generator.pipeline.codes.all_codes()` when this",
        "manual was built.",
        "",
        "| code | level | what it means |",
        "|---|---|---|",
    ]
    out += [f"| `{code}` | {level} | {_cell(description)} |" for code, level, description in all_codes()]
    return "\n".join(out) + "\n"
