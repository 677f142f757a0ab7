"""The theme's environment the handbook plugin hands MkDocs (site/theme_env.py): the same theme,
whose listing skips the hidden files MkDocs would drop (Material's 14,000 icons) and whose
templates are compiled once a process."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO


def _config(tmp_path: Path, custom: Path):
    from mkdocs.config import load_config

    return load_config(
        str(REPO / "mkdocs.yml"),
        theme={"name": "material", "custom_dir": str(custom), "palette": {"primary": "teal"}},
        site_dir=str(tmp_path / "site"),
    )


def test_the_theme_adds_the_files_mkdocs_finds_without_listing_hidden_ones(tmp_path: Path):
    """The same theme in everything; the files a build adds are those MkDocs' own environment
    finds (a page of the site's own still taking a theme file's place, a file added to a theme
    folder found by the next build, a hidden one never), and the hidden files still load."""
    from mkdocs.structure.files import File, Files

    from generator.site.theme_env import visible_files_theme

    custom = tmp_path / "overrides"
    (custom / "assets").mkdir(parents=True)
    config = _config(tmp_path, custom)
    theme = config.theme
    ours = visible_files_theme(theme)
    assert ours is not theme and isinstance(ours, type(theme))
    assert (ours.name, ours.custom_dir, ours.dirs, ours.static_templates, ours.locale) == (
        theme.name,
        theme.custom_dir,
        theme.dirs,
        theme.static_templates,
        theme.locale,
    )
    assert dict(ours) == dict(theme) and ours["palette"] == {"primary": "teal"}
    assert visible_files_theme(ours) is ours  # an earlier build's

    listed = ours.get_env().list_templates()
    assert not [name for name in listed if name.startswith(".") or "/." in name]
    assert len(listed) < len(theme.get_env().list_templates()) / 20  # Material's icons are not walked

    def added(env, shadowed: str | None = None) -> list[tuple[str, str | None]]:
        files = Files([])
        if shadowed:  # a page of the site's own at a theme file's place
            files.append(File(shadowed, str(tmp_path), str(tmp_path / "site"), False))
        files.add_files_from_theme(env, config)
        return [(f.src_uri, f.src_dir) for f in files]

    plain = added(ours.get_env())
    assert len(plain) > 10 and plain == added(theme.get_env())
    shadow = plain[0][0]
    assert added(ours.get_env(), shadow) == added(theme.get_env(), shadow) == [(shadow, str(tmp_path)), *plain[1:]]
    (custom / "assets/extra.css").write_text("body {}", encoding="utf-8")
    (custom / "assets/.draft.css").write_text("body {}", encoding="utf-8")
    (custom / ".cache").mkdir()
    (custom / ".cache/kept.css").write_text("body {}", encoding="utf-8")
    now = added(ours.get_env())
    assert now == added(theme.get_env()) and ("assets/extra.css", str(custom)) in now
    assert len(now) == len(plain) + 1

    icon = ".icons/material/check.svg"  # included by Material's templates
    assert ours.get_env().get_template(icon).render() == theme.get_env().get_template(icon).render()
    assert "<svg" in ours.get_env().get_template(icon).render()


def test_the_plugin_hands_its_theme_over_before_the_search_plugin_makes_an_environment(tmp_path: Path):
    """Material's search plugin makes the theme's environment in its on_config: the handbook
    plugin's theme is in place before it (and before MkDocs lists the theme's files)."""
    from material.plugins.search.plugin import SearchPlugin

    from generator.site.plugin import HandbookPlugin

    config = _config(tmp_path, tmp_path)
    owners = [type(getattr(event, "__self__", None)) for event in config.plugins.events["config"]]
    assert owners.index(HandbookPlugin) < owners.index(SearchPlugin)
    first = config.plugins.events["config"][owners.index(HandbookPlugin)]
    assert first(config).theme.visible_files


def test_a_second_build_in_a_process_compiles_and_reads_no_theme_template_again(tmp_path: Path, monkeypatch):
    """A process that builds many sites (the desk, `serve`, the tests) compiles each of the
    theme's templates once, and reads none from the folder of compiled templates again: not
    the pages' (MkDocs' environment) and not the language's (the search plugin's own)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.core.templating import compiled_templates
    from generator.site.theme_env import visible_files_theme

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs/index.md").write_text("# Hello\n\nStaff.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n", encoding="utf-8"
    )
    compiled = compiled_templates()
    assert compiled is not None
    dumped: list[str] = []  # a template compiled
    loaded: list[str] = []  # a template's compiled code found
    dump, load = compiled.dump_bytecode, compiled.load_bytecode
    monkeypatch.setattr(compiled, "dump_bytecode", lambda bucket: (dumped.append(bucket.key), dump(bucket)))
    monkeypatch.setattr(
        compiled, "load_bytecode", lambda bucket: (load(bucket), bucket.code is not None and loaded.append(bucket.key))
    )

    def build_site(number: int) -> str:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / f"site{number}"))
        config.theme = visible_files_theme(config.theme)  # as the handbook plugin does first
        build(config)
        return (tmp_path / f"site{number}/index.html").read_text(encoding="utf-8")

    first = build_site(1)  # compiled now, or kept from an earlier build of this process
    # No compiled file to be read any more: what the next build needs comes from memory.
    monkeypatch.setattr(compiled, "directory", str(tmp_path / "no-compiled-files"))
    dumped.clear()
    assert build_site(2) == first
    assert dumped == []  # nothing compiled again
    material = Path(load_config(str(project / "mkdocs.yml")).theme.dirs[0])
    for name in ("main.html", "base.html", "partials/language.html"):  # the page's, the language's
        assert compiled.get_cache_key(name, str(material / name)) in loaded, name
    assert not (tmp_path / "no-compiled-files").exists()
