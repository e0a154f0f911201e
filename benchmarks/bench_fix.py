"""Pinning a 20-image Dockerfile with `ocilint fix`, next to 20 `skopeo inspect` calls in a row.

    python benchmarks/bench_fix.py [--runs 5] [--images 20]

Starts Debian's docker-registry on 127.0.0.1 (the test suite's fixture code), once without
auth and once with token auth (the test token issuer), pushes `--images` repositories (half
single-platform OCI images, half two-platform OCI indexes, built by umoci and pushed by
skopeo), writes a Dockerfile with one `FROM` per image, and times (cold processes, median of
`--runs`, the two interleaved):

- `ocilint fix --select OCL204` on that Dockerfile (restored before each run), and
- `skopeo inspect --format '{{.Digest}}'` on each image, one after another.

Requests are counted at the server (the registry's access log; token requests at the issuer)
and checked: every digest `fix` writes is the one skopeo reports. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    RegistryServer,
    build_fixture_layout,
    request_kind,
    start_registry,
)


def median_seconds(run: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(registry: RegistryServer, layout: Path, count: int, runs: int, temp: Path) -> None:
    references = []
    for number in range(count):
        name = "single" if number % 2 == 0 else "index"
        repository = f"bench/image-{number:02d}"
        registry.push(f"oci:{layout}:{name}", repository, "1.0", all_platforms=name == "index")
        references.append(f"{registry.address}/{repository}:1.0")
    dockerfile = temp / f"Dockerfile.{registry.auth}"
    original = "".join(f"FROM {reference} AS s{n}\n" for n, reference in enumerate(references))
    env = {**os.environ, "NO_COLOR": "1"}
    skopeo_auth: list[str] = []
    if registry.auth != "none":
        config = registry.docker_config(temp / f"login-{registry.auth}")
        env["DOCKER_CONFIG"] = str(config)
        skopeo_auth = ["--creds", registry.creds or ""]
    else:
        (temp / "empty").mkdir(exist_ok=True)
        env["DOCKER_CONFIG"] = str(temp / "empty")
    fix = [sys.executable, "-m", "ocilint", "fix", "--isolated", "--select", "OCL204"]

    def run_fix() -> None:
        dockerfile.write_text(original)
        done = subprocess.run([*fix, str(dockerfile)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"ocilint fix failed: {done.stderr}")

    def run_skopeo() -> list[str]:
        return [
            subprocess.run(
                ["skopeo", "inspect", "--tls-verify=false", *skopeo_auth, "--format",
                 "{{.Digest}}", f"docker://{reference}"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            for reference in references
        ]  # fmt: skip

    issuer = registry.issuer
    tokens_before = len(issuer.requests) if issuer else 0
    mark = registry.mark()
    run_fix()
    fix_requests = [(request_kind(r.path), r.method) for r in registry.requests_since(mark)]
    fix_tokens = (len(issuer.requests) - tokens_before) if issuer else 0
    written = dockerfile.read_text()
    tokens_before = len(issuer.requests) if issuer else 0
    mark = registry.mark()
    digests = run_skopeo()
    skopeo_requests = [(request_kind(r.path), r.method) for r in registry.requests_since(mark)]
    skopeo_tokens = (len(issuer.requests) - tokens_before) if issuer else 0
    expected = "".join(
        f"FROM {reference}@{digest} AS s{n}\n"
        for n, (reference, digest) in enumerate(zip(references, digests, strict=True))
    )
    assert written == expected, "ocilint wrote other digests than skopeo reports"

    def run_offline() -> None:  # the same process without the network: start-up and checks
        dockerfile.write_text(original)
        subprocess.run([*fix, "--offline", str(dockerfile)], env=env, capture_output=True)

    # Interleaved, so that load from other processes weighs on all alike.
    fix_times, skopeo_times, offline_times = [], [], []
    for _ in range(runs):
        fix_times.append(median_seconds(run_fix, 1))
        skopeo_times.append(median_seconds(run_skopeo, 1))
        offline_times.append(median_seconds(run_offline, 1))
    fix_time, skopeo_time = statistics.median(fix_times), statistics.median(skopeo_times)
    offline_time = statistics.median(offline_times)

    def describe(requests: list[tuple[str, str]], tokens: int) -> str:
        kinds = sorted(set(requests))
        text = ", ".join(f"{requests.count(k)} {k[1]} {k[0]}" for k in kinds)
        per = (len(requests) + tokens) / count
        token_text = f" + {tokens} token" if tokens else ""
        return f"{len(requests)}{token_text} requests ({per:.2f} per image: {text})"

    print(f"registry auth={registry.auth}, {count} images ({count // 2} indexes):")
    fix_text = describe(fix_requests, fix_tokens)
    print(f"  ocilint fix            {fix_time * 1000:8.1f} ms  {fix_text}")
    print(f"  ocilint fix --offline  {offline_time * 1000:8.1f} ms  (start-up and checks, no pins)")
    print(
        f"  skopeo inspect x{count}    {skopeo_time * 1000:8.1f} ms  "
        f"{describe(skopeo_requests, skopeo_tokens)}"
    )
    print(f"  digests agree: yes ({count} of {count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--images", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        temp = Path(directory)
        layout = build_fixture_layout(temp / "images")
        for auth in ("none", "token"):
            with start_registry(temp / f"registry-{auth}", auth) as registry:
                bench(registry, layout.path, args.images, args.runs, temp)


if __name__ == "__main__":
    main()
