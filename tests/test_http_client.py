"""The HTTP client's own rules, in-process against the loopback fault server: the request
budget, the deadline shared by requests, and how proxies are chosen from the environment."""

from __future__ import annotations

import pytest

from ocilint.sources.http import Deadline, HttpClient, HttpError, proxy_for
from tests.servers import FaultServer, Hang, Serve


def test_the_request_budget_counts_every_request(fault_server: FaultServer) -> None:
    fault_server.route("/a", Serve(b"{}"))
    client = HttpClient(5, max_requests=2)
    for _ in range(2):
        assert client.request("GET", f"{fault_server.url}/a").status == 200
    with pytest.raises(
        HttpError,
        match=r"^more than 2 HTTP requests for one image "
        r"\(raise `limits\.requests` in the configuration\)$",
    ):
        client.request("GET", f"{fault_server.url}/a")
    assert fault_server.count("/a") == 2


def test_one_deadline_covers_every_request_of_a_client(fault_server: FaultServer) -> None:
    # 2 s, not less: on a loaded machine the first request must reach the server in time.
    fault_server.route("/slow", Hang(seconds=10))
    client = HttpClient(30, deadline=Deadline(2))
    with pytest.raises(HttpError, match=r"^timed out after 2s$"):
        client.request("GET", f"{fault_server.url}/slow")
    with pytest.raises(HttpError, match=r"^timed out after 2s$"):  # nothing left for more
        client.request("GET", f"{fault_server.url}/slow")
    assert fault_server.count("/slow") == 1


@pytest.mark.parametrize(
    ("host", "port", "no_proxy", "expected"),
    [
        ("registry.example", 443, "", "http://proxy:3128"),
        ("127.0.0.1", 5000, "", None),  # loopback: never proxied
        ("localhost", 5000, "", None),
        ("::1", 5000, "", None),
        ("registry.example", 443, "example", None),  # a domain covers its subdomains
        ("registry.example", 443, ".example", None),
        ("registry.example", 443, "*.example", None),
        ("registry.example", 443, "stry.example", "http://proxy:3128"),  # not a suffix match
        ("registry.example", 443, "registry.example:5000", "http://proxy:3128"),
        ("registry.example", 5000, "registry.example:5000", None),
        ("10.1.2.3", 443, "10.0.0.0/8", None),
        ("10.1.2.3", 443, "192.168.0.0/16, 10.1.2.4", "http://proxy:3128"),
        ("registry.example", 443, "*", None),
        ("registry.example", 443, "  ,  ", "http://proxy:3128"),
    ],
)
def test_proxy_choice(
    host: str, port: int, no_proxy: str, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "proxy:3128")  # no scheme: http://, as in Go
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert proxy_for("https", host, port) == expected
