"""`handbook ARGS` (or plain `mkdocs ARGS`) run inside the test process, as faithfully as a new
process would run it.

A new Python process for every command costs the interpreter's start and the imports (pydantic,
MkDocs, WeasyPrint ...): most of a `handbook check`.  Called here instead, `generator.cli.main`
sees what a new process would: the working folder, the environment, an empty stdin, Python's
default warning filters and logging as an unconfigured interpreter has them, and output written
to stdout and stderr, decoded as `subprocess.run(..., text=True)` decodes it, including what the
PDF worker processes write to the file descriptors.  Whatever a command changes in the process
(os.environ, the working folder, the warning filters, the loggers) is put back afterwards, so
one command cannot leak into the next test.

What only a new process can show (a signal, LD_PRELOAD, a private copy of the generator) is
left to one: see `can_run_in_process`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import locale
import logging
import os
import subprocess
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Variables a command reads while it runs (so setting them in os.environ is the same as in a new
# process); PYTHONPATH only when it names this checkout, whose generator is the one imported here.
READ_WHILE_RUNNING = {"HANDBOOK_DATE", "SOURCE_DATE_EPOCH", "HANDBOOK_JOBS"}


def _generator_is_this_checkout() -> bool:
    import generator

    return Path(generator.__file__).resolve().parent == (REPO / "generator").resolve()


def can_run_in_process(args: tuple[str, ...], cwd: Path, env: dict[str, str]) -> bool:
    if "serve" in args[:1]:
        return False  # runs until stopped
    for name, value in env.items():
        if name == "PYTHONPATH" and value == str(REPO):
            continue
        if name not in READ_WHILE_RUNNING:
            return False  # read at start-up (LD_PRELOAD, PYTHONHASHSEED, ...)
    # `python -m generator.cli` imports the generator in the working folder first: a project
    # with its own (edited) copy must run that copy, in a process of its own.
    local = cwd / "generator"
    if (local.exists() or local.is_symlink()) and local.resolve() != (REPO / "generator").resolve():
        return False
    return _generator_is_this_checkout()


# A new interpreter's warning filters (no -W, no dev mode): see the `warnings` module's docs.
DEFAULT_FILTERS = [
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, None),
    ("ignore", PendingDeprecationWarning, None),
    ("ignore", ImportWarning, None),
    ("ignore", ResourceWarning, None),
]


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def _fresh_warnings():
    with warnings.catch_warnings():
        warnings.resetwarnings()
        for action, category, module in reversed(DEFAULT_FILTERS):
            if module is None:
                warnings.simplefilter(action, category)
            else:
                warnings.filterwarnings(action, category=category, module=module)
        # pytest records warnings instead of printing them; a new process prints them on stderr
        warnings.showwarning = _show_warning
        yield


@contextlib.contextmanager
def _fresh_logging():
    """Loggers as a new process has them: the root logger with no handler (so a warning
    reaches stderr through logging's last resort, not pytest's capture) and the `mkdocs`
    logger as MkDocs leaves it before `handbook build` sets it up."""
    names = [None, "mkdocs"]
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.handlers[:], logger.level, logger.propagate, logger.disabled))
    root = logging.getLogger()
    root.handlers[:] = []
    root.setLevel(logging.WARNING)
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.handlers[:] = []
    mkdocs.setLevel(logging.NOTSET)
    mkdocs.propagate = True
    try:
        yield
    finally:
        for logger, handlers, level, propagate, disabled in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled


@contextlib.contextmanager
def _environment(env: dict[str, str]):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _working_folder(cwd: Path):
    saved = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _file_descriptors():
    """Descriptors 1 and 2 into temporary files, for what bypasses sys.stdout and sys.stderr
    (worker processes, C libraries); yields the two files."""
    files = {fd: tempfile.TemporaryFile() for fd in (1, 2)}
    saved = {}
    for fd, file in files.items():
        saved[fd] = os.dup(fd)
        os.dup2(file.fileno(), fd)
    try:
        yield files
    finally:
        for fd in files:
            os.dup2(saved[fd], fd)
            os.close(saved[fd])


@contextlib.contextmanager
def _stopped_after(seconds: float, stderr_fd: int):
    """A command that hangs ends this worker with every thread's traceback, as a subprocess
    would have been stopped by its timeout (the test then fails, it does not hang the run)."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=stderr_fd)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def _decoded(data: bytes) -> str:
    """As `subprocess.run(text=True)` reads a pipe: the locale's encoding, universal newlines."""
    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _stream(like) -> io.TextIOWrapper:
    """A stream that encodes as a new process's stdout/stderr would to a pipe (same encoding
    and error handler: a character the real stream cannot write fails here too)."""
    return io.TextIOWrapper(io.BytesIO(), encoding=like.encoding, errors=like.errors, write_through=True)


def _exit_code(exc: SystemExit, stderr) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=stderr)
    return 1


def _handbook(args: list[str]):
    from generator import cli

    return cli.main(args)


def _mkdocs(args: list[str]):
    """Plain `mkdocs ARGS`: MkDocs' own command line (click, standalone: it exits with the
    command's code), as `python -m mkdocs` calls it."""
    from mkdocs.__main__ import cli

    return cli.main(args=args, prog_name="mkdocs")


PROGRAMS = {"handbook": (_handbook, ["-m", "generator.cli"]), "mkdocs": (_mkdocs, ["-m", "mkdocs"])}


def run_in_process(
    args: tuple[str, ...], cwd: Path, env: dict[str, str], timeout: float, program: str = "handbook"
) -> subprocess.CompletedProcess:
    main, module = PROGRAMS[program]
    out, err = _stream(sys.__stdout__), _stream(sys.__stderr__)
    original_stderr = os.dup(2)
    try:
        with (
            _environment(env),
            _working_folder(cwd),
            _fresh_warnings(),
            _fresh_logging(),
            _file_descriptors() as fds,
            _stopped_after(timeout, original_stderr),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _stdin_at_end_of_file(),
        ):
            try:
                code = main(list(args))
                code = 0 if code is None else code
            except SystemExit as exc:
                code = _exit_code(exc, err)
            except Exception:  # a new process would print the traceback and exit 1
                traceback.print_exc(file=err)
                code = 1
            out.flush()
            err.flush()
            streams = {1: out, 2: err}
            texts = {}
            for fd, file in fds.items():
                file.seek(0)
                texts[fd] = _decoded(streams[fd].buffer.getvalue() + file.read())
    finally:
        os.close(original_stderr)
    return subprocess.CompletedProcess([sys.executable, *module, *args], code, texts[1], texts[2])


@contextlib.contextmanager
def _stdin_at_end_of_file():
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin = saved
