"""No module-level state, no environment written behind the user's back, and no third-party
internals patched except in the one module per library that says why, checked against the
installed library so an upgrade that changes them fails here, not in a user's preview."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import gzip
import importlib
import inspect
import re
from pathlib import Path

from conftest import AS_OF, REPO

GENERATOR = REPO / "generator"


@functools.cache
def sources() -> dict[Path, ast.Module]:
    """Every module of the package, parsed: once, when a test first asks (not as every worker
    collects this file)."""
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(GENERATOR.rglob("*.py"))}


# The only modules that set attributes of a third-party library, and the library each one patches.
PATCHES = {
    GENERATOR / "site/mkdocs_internals.py": "mkdocs",  # serve: how changes are heard of (see its docstring)
    GENERATOR / "core/pdf.py": "pydyf",  # page references kept until a page is added (speed only)
}
MUTATING = {"append", "extend", "add", "update", "setdefault", "pop", "popitem", "clear", "remove", "discard", "insert"}


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def test_no_global_statement_and_no_module_level_container_filled_at_run_time():
    """A module's dicts, lists and sets are constants: what a run gathers lives in an object
    it is given (or a bounded functools cache), not in a module global that grows."""
    found = []
    for path, tree in sources().items():
        containers = set()
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict")
            ):
                containers |= {t.id for t in targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{_rel(path)}:{node.lineno}: global {', '.join(node.names)}")
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in containers
                    and node.func.attr in MUTATING
                ):
                    found.append(f"{_rel(path)}:{node.lineno}: {node.func.value.id}.{node.func.attr}()")
                targets = (
                    node.targets
                    if isinstance(node, (ast.Assign, ast.Delete))
                    else ([node.target] if isinstance(node, ast.AugAssign) else [])
                )
                for target in targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in containers
                    ):
                        found.append(f"{_rel(path)}:{node.lineno}: {target.value.id}[...] set")
    assert not found, "module-level state changed at run time:\n" + "\n".join(found)


def _is_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def test_nothing_writes_the_environment():
    """The date (--as-of) and the project reach every stage through Project, never through
    os.environ: a value written there leaks into every later command of the same process."""
    found = []
    for path, tree in sources().items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else []
            if any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets):
                found.append(f"{_rel(path)}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and (
                    (_is_environ(node.func.value) and node.func.attr in MUTATING)
                    or (
                        isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "os"
                        and node.func.attr in ("putenv", "unsetenv")
                    )
                )
            ):
                found.append(f"{_rel(path)}:{node.lineno}")
    assert not found, "the environment is written at:\n" + "\n".join(found)


def _third_party_names(tree: ast.Module) -> dict[str, str]:
    """Names a module binds to a third-party module or class: name -> its top-level package."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = node.module.split(".")[0]
    import sys

    return {
        name: top
        for name, top in names.items()
        if top != "generator" and top not in sys.stdlib_module_names and top != "__future__"
    }


def test_third_party_attributes_are_set_only_in_the_patch_modules():
    found = []
    for path, tree in sources().items():
        third_party = _third_party_names(tree)
        for node in ast.walk(tree):
            for target in node.targets if isinstance(node, ast.Assign) else []:
                root = target
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(target, ast.Attribute) and isinstance(root, ast.Name) and root.id in third_party:
                    if PATCHES.get(path) != third_party[root.id]:
                        found.append(f"{_rel(path)}:{node.lineno}: sets {ast.unparse(target)}")
    assert not found, "third-party attributes set outside their patch module:\n" + "\n".join(found)


def test_what_serve_relies_on_is_still_in_the_installed_mkdocs():
    """Every MkDocs internal site/mkdocs_internals.py names, checked against the installed MkDocs."""
    from mkdocs.commands import build, serve
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import File

    from generator.site import mkdocs_internals
    from generator.site.watching import Watcher

    for module, name, _ in mkdocs_internals.RELIED_ON:
        found = importlib.import_module(module)
        for part in name.split("."):
            assert hasattr(found, part), f"{module}.{name} is gone from the installed MkDocs"
            found = getattr(found, part)
    # A dirty build asks page.file.is_modified() before rendering a page again.
    for step in (build._build_page, build._populate_page):
        assert re.search(r"if dirty and not page\.file\.is_modified\(\)", inspect.getsource(step)), step.__name__
    assert list(inspect.signature(File.is_modified).parameters) == ["self"]
    assert re.search(r"\bcls\(", inspect.getsource(File.generated))  # makes the class it is called on
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as between plugin events (File.generated reads it)
    made = mkdocs_internals.UnchangedFile.generated(config, "unchanged.md", content="# Unchanged")
    assert isinstance(made, mkdocs_internals.UnchangedFile) and made.is_modified() is False
    assert File.generated(config, "changed.md", content="# Changed").is_modified() is True
    # serve() makes its server through the module's LiveReloadServer name, with polling_interval;
    # the server keeps its observer and build_delay as attributes, and uses them as they are.
    assert "LiveReloadServer(" in inspect.getsource(serve.serve)
    assert inspect.signature(LiveReloadServer).parameters["polling_interval"].default == 0.5
    made = inspect.getsource(LiveReloadServer.__init__)
    assert "self.observer = watchdog.observers.polling.PollingObserver(timeout=polling_interval)" in made
    assert "self.build_delay = " in made
    assert "self.observer.schedule(handler, path, recursive=recursive)" in inspect.getsource(LiveReloadServer.watch)
    assert "self.observer.unschedule(" in inspect.getsource(LiveReloadServer.unwatch)
    assert "self.observer.start()" in inspect.getsource(LiveReloadServer.serve)
    assert "self.observer.stop()" in inspect.getsource(LiveReloadServer.shutdown)
    assert "self.observer.join()" in inspect.getsource(LiveReloadServer.shutdown)
    assert "self._rebuild_cond.wait(timeout=self.build_delay)" in inspect.getsource(LiveReloadServer._build_loop)
    with mkdocs_internals.watching_closely():
        server = serve.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
        try:
            assert isinstance(server.observer, Watcher)
            assert server.observer.polling.timeout == mkdocs_internals.POLLING_INTERVAL
            assert server.build_delay == mkdocs_internals.BUILD_DELAY
        finally:
            server.shutdown()
    assert serve.LiveReloadServer is LiveReloadServer  # put back after `serve`
    # Material's offline plugin writes search_index.js last, and not at all when not enabled then.
    from material.plugins.offline.plugin import OfflinePlugin

    assert OfflinePlugin.on_post_build.mkdocs_priority == -100  # after the handbook plugin's (-50)
    assert re.search(
        r"def on_post_build\(self, \*, config\):\s*if not self\.config\.enabled:\s*return\n",
        inspect.getsource(OfflinePlugin.on_post_build),
    )
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config.plugins["material/offline"].config.enabled is True
    mkdocs_internals.no_offline_search_index(config)
    assert config.plugins["material/offline"].config.enabled is False
    # MkDocs keeps plugins with on_startup across loads, in the schema's plugins option: a one-off
    # build forgets them, so nothing of a `dirty` build before it comes along (Material's search
    # plugin would merge its last dirty index into the next).
    kept = load_config(str(REPO / "mkdocs.yml")).plugins["material/search"]
    assert load_config(str(REPO / "mkdocs.yml")).plugins["material/search"] is kept
    mkdocs_internals.forget_kept_plugins()
    assert load_config(str(REPO / "mkdocs.yml")).plugins["material/search"] is not kept


def test_the_pydyf_speed_up_still_has_a_property_to_replace():
    """core/pdf.py keeps pydyf's page references until a page is added; it leaves pydyf alone
    when the property is gone, which would make tagged PDFs slow again without a word."""
    import pydyf

    from generator.core.pdf import PdfRenderer

    assert isinstance(pydyf.PDF.__dict__.get("page_references"), property)
    PdfRenderer()
    assert getattr(pydyf.PDF.__dict__["page_references"].fget, "remembered", False)


def test_the_site_is_dated_by_the_project_not_the_clock_or_the_environment(built: Path):
    """sitemap.xml.gz's header (and sitemap.xml's dates, listed when mkdocs.yml has a site_url)
    carry the build's date (--as-of, here HANDBOOK_DATE), though nothing writes
    SOURCE_DATE_EPOCH for MkDocs to read: the same data gives the same bytes on any day."""
    site = built / "build" / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates <= {AS_OF}, dates
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    midnight = dt.datetime.combine(dt.date.fromisoformat(AS_OF), dt.time(), tzinfo=dt.UTC)
    assert int.from_bytes(header[4:8], "little") == int(midnight.timestamp())
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
