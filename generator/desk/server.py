"""Start the desk: uvicorn on 127.0.0.1 (by default) and the browser at the address with the token;
with --office, on every address of the computer, behind a password (office.py)."""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser

from generator.core.project import Project

from .app import make_app
from .guard import TOKEN_PARAM, csrf_for, new_token
from .office import Office

HOST = "127.0.0.1"
OFFICE_HOST = "0.0.0.0"  # every IPv4 address of the computer: the office network's included


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def run(
    project: Project,
    port: int | None = None,
    open_browser: bool = True,
    office_names: list[str] | None = None,
    password: str | None = None,
) -> int:
    """Serve the desk until Ctrl+C.  With `office_names` (and the password, which the command
    has read), to the office network at those names."""
    import uvicorn

    host = OFFICE_HOST if office_names else HOST
    if port is not None and not port_is_free(port, host):
        print(
            f"handbook desk: port {port} on {host} is in use (another desk, or another program); "
            "give another --port, or leave it out to use a free one",
            file=sys.stderr,
        )
        return 1
    port = port or free_port(host)
    token = new_token()
    office = None
    if office_names:
        assert password is not None  # the command refuses --office without one
        office = Office.make(password, office_names, port, csrf_for(token))
        address = f"http://{office_names[0]}:{port}/login"
        words = (
            f"The desk is open to the office network at {address}"
            + "".join(f"\n  or http://{name}:{port}/login" for name in office_names[1:])
            + "\n(with the password; the network does not encrypt it: use only on the setting's own network. "
            "Press Ctrl+C to stop)"
        )
    else:
        address = f"http://{HOST}:{port}/todo?{TOKEN_PARAM}={token}"
        words = f"The desk is open at {address}\n(keep that address to yourself: it is the key; press Ctrl+C to stop)"
    app = make_app(project, token=token, port=port, office=office)
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, server_header=False, date_header=False
    )
    server = uvicorn.Server(config)
    print(words, file=sys.stderr)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return 0
