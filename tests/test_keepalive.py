"""Keep-alive: the requests for one image share one connection per registry (issue 14)."""

from __future__ import annotations

from tests import servers
from tests.conftest import run_ocilint


def _through_proxy(registry: servers.RegistryServer, name: str) -> tuple[str, int, str]:
    """Output, and how many connections carried requests (a connection opened ahead for the
    plain-HTTP fallback carries none if it was not ready in time)."""
    image = registry.images[name]
    path = image.reference.partition("/")[2]
    with servers.DelayingProxy((registry.host, registry.port), round_trip=0.0) as proxy:
        result = run_ocilint("check", "image-ref", "--isolated", f"127.0.0.1:{proxy.port}/{path}")
        return result.stdout + result.stderr, proxy.used, image.digest


def test_manifest_and_config_share_one_connection(registry: servers.RegistryServer) -> None:
    output, connections, digest = _through_proxy(registry, "single")
    assert digest in output
    assert "plain HTTP (2 HTTP requests)" in output
    # One for the refused TLS attempt (a loopback registry is tried with TLS first), one for
    # both requests.
    assert connections == 2


def test_a_multi_platform_image_needs_fewer_connections_than_requests(
    registry: servers.RegistryServer,
) -> None:
    output, connections, digest = _through_proxy(registry, "index")
    assert digest in output
    requests = int(output.split(" HTTP requests")[0].rsplit("(", 1)[1])
    assert requests >= 5  # the index, two manifests, two configs
    assert connections < requests + 1
