"""Start the desk: uvicorn on 127.0.0.1 (by default) and the browser at the address with the token."""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser

from generator.core.project import Project

from .app import make_app
from .guard import TOKEN_PARAM, new_token

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def run(project: Project, port: int | None = None, open_browser: bool = True) -> int:
    import uvicorn

    if port is not None and not port_is_free(port):
        print(
            f"handbook desk: port {port} on {HOST} is in use (another desk, or another program); "
            "give another --port, or leave it out to use a free one",
            file=sys.stderr,
        )
        return 1
    port = port or free_port()
    token = new_token()
    address = f"http://{HOST}:{port}/todo?{TOKEN_PARAM}={token}"
    app = make_app(project, token=token, port=port)
    config = uvicorn.Config(
        app, host=HOST, port=port, log_level="warning", access_log=False, server_header=False, date_header=False
    )
    server = uvicorn.Server(config)
    print(
        f"The desk is open at {address}\n(keep that address to yourself: it is the key; press Ctrl+C to stop)",
        file=sys.stderr,
    )
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return 0
