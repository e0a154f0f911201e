"""The servers of the hostile and network-path suites listen on 127.0.0.1 only, do what they
claim, and stop by themselves, leaving no thread or process behind."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from pathlib import Path

from tests.images import require_tools
from tests.servers import (
    LOOPBACK,
    DripServer,
    TlsTerminator,
    issue_certificate,
    listening_sockets,
    make_ca,
    pid_alive,
    start_tinyproxy,
)


def test_drip_server_drips_and_stops(tmp_path: Path) -> None:
    before = threading.active_count()
    with DripServer(b"abc", interval=0.05) as drip:
        with socket.create_connection((LOOPBACK, drip.port), timeout=5) as client:
            received = b""
            while len(received) < 3:
                received += client.recv(3)
        assert received == b"abc"
    assert drip.connections == 1
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before


def test_tls_terminator_requires_a_client_certificate_and_stops(tmp_path: Path) -> None:
    require_tools("openssl")
    ca = make_ca(tmp_path, "ca")
    server = issue_certificate(ca, tmp_path, "server", san="IP:127.0.0.1")
    client = issue_certificate(ca, tmp_path, "client", client=True)
    upstream_path = tmp_path / "upstream.sock"
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    upstream.bind(str(upstream_path))
    upstream.listen()

    def echo() -> None:
        connection, _ = upstream.accept()
        with connection:
            connection.sendall(connection.recv(100).upper())

    echoing = threading.Thread(target=echo, daemon=True)
    echoing.start()
    context = ssl.create_default_context(cafile=str(ca.cert))
    with TlsTerminator(upstream_path, server, ca.cert) as terminator:
        context.load_cert_chain(client.cert, client.key)
        with (
            socket.create_connection((LOOPBACK, terminator.port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=LOOPBACK) as secure,
        ):
            secure.sendall(b"ping")
            assert secure.recv(100) == b"PING"
    echoing.join(5)
    upstream.close()
    assert terminator.handshakes_failed == 0
    assert not any(thread.is_alive() for thread in terminator._threads)


def test_tinyproxy_listens_on_loopback_and_stops(tmp_path: Path) -> None:
    with start_tinyproxy(tmp_path) as proxy:
        assert listening_sockets([proxy.process.pid]) == [f"{LOOPBACK}:{proxy.port}"]
        pid = proxy.process.pid
    assert not pid_alive(pid)
