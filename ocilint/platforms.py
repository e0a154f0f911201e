"""Build platforms as BuildKit spells and normalises them (containerd's `platforms` package).

`--platform` takes what `docker buildx build --platform` takes: `os/arch[/variant]` items in a
comma-separated list, repeatable. Each becomes the values of BuildKit's automatic platform
arguments (`TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, `TARGETVARIANT`, and the `BUILD*` ones
for the machine that builds).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ocilint.model import Finding

# Go's GOARCH for what Python's platform.machine() reports.
_MACHINE_TO_GOARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armv7l": "arm",
    "armv6l": "arm",
    "i386": "386",
    "i686": "386",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
}


_SPECIFIER_PART = re.compile(r"[A-Za-z0-9_.-]+\Z")
# Go's known GOOS and GOARCH values (containerd accepts a lone OS or architecture).
_KNOWN_OS = frozenset({
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
    "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
})  # fmt: skip
_KNOWN_ARCH = frozenset({
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
    "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
    "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
})  # fmt: skip


class PlatformError(ValueError):
    """A `--platform` value that is not os/arch[/variant]."""


@dataclass(frozen=True, slots=True)
class Platform:
    os: str
    arch: str
    variant: str = ""

    def __str__(self) -> str:
        return "/".join(part for part in (self.os, self.arch, self.variant) if part)

    def build_args(self, prefix: str) -> dict[str, str]:
        """`TARGETPLATFORM`, `TARGETOS`, … (or `BUILD…`) for this platform."""
        return {
            f"{prefix}PLATFORM": str(self),
            f"{prefix}OS": self.os,
            f"{prefix}ARCH": self.arch,
            f"{prefix}VARIANT": self.variant,
        }


def normalize(os_name: str, arch: str, variant: str = "") -> Platform:
    """containerd's platforms.Normalize: canonical architecture and variant names."""
    os_name, arch, variant = os_name.lower(), arch.lower(), variant.lower()
    if os_name == "macos":
        os_name = "darwin"
    if arch in ("i386",):
        arch = "386"
    elif arch in ("x86_64", "x86-64", "amd64"):
        arch = "amd64"
        if variant == "v1":
            variant = ""
    elif arch in ("aarch64", "arm64"):
        arch = "arm64"
        if variant in ("8", "v8", "v8.0"):
            variant = ""
        elif variant in ("9", "9.0", "v9.0"):
            variant = "v9"
    elif arch == "armhf":
        arch, variant = "arm", "v7"
    elif arch == "armel":
        arch, variant = "arm", "v6"
    elif arch == "arm":
        if variant in ("", "7"):
            variant = "v7"
        elif variant in ("5", "6", "8"):
            variant = "v" + variant
    return Platform(os_name, arch, variant)


def parse_platform(text: str) -> Platform:
    """containerd's platforms.Parse: `linux/arm64/v8` → linux/arm64, `arm64` → linux/arm64,
    `linux` → linux on the host's architecture; `local` → the host's platform."""
    spec = text.strip()
    if spec == "local":
        return host_platform()
    parts = spec.split("/")
    if len(parts) > 3 or not all(_SPECIFIER_PART.match(part) for part in parts):
        raise PlatformError(
            f"invalid platform `{text}`: expected os/arch[/variant], e.g. linux/amd64 or "
            "linux/arm64/v8"
        )
    if len(parts) > 1:
        return normalize(*parts)
    word = parts[0].lower()
    if word in _KNOWN_OS or word == "macos":
        host = host_platform()
        return normalize(word, host.arch, host.variant)
    platform = normalize("linux", word)
    if platform.arch not in _KNOWN_ARCH:
        raise PlatformError(f"invalid platform `{text}`: unknown operating system or architecture")
    return platform


def parse_platforms(values: Iterable[str]) -> tuple[Platform, ...]:
    """Repeatable, comma-separated `--platform` values, as buildx takes them; duplicates once."""
    found: dict[str, Platform] = {}
    for value in values:
        for item in value.split(","):
            if item.strip():
                platform = parse_platform(item)
                found.setdefault(str(platform), platform)
    return tuple(found.values())


def host_platform() -> Platform:
    """The machine's platform, with Go's architecture names (x86_64 → amd64)."""
    if hasattr(os, "uname"):
        machine = os.uname().machine.lower()  # what `platform.machine()` asks, without its import
    else:
        import platform

        machine = platform.machine().lower()
    arch = _MACHINE_TO_GOARCH.get(machine, machine or "amd64")
    variant = "v7" if machine == "armv7l" else "v6" if machine == "armv6l" else ""
    return normalize("linux", arch, variant)


def automatic_args(target: Platform, build: Platform | None = None) -> Mapping[str, str]:
    """BuildKit's automatic platform ARGs for one target platform built on `build` (the host)."""
    return {**target.build_args("TARGET"), **(build or host_platform()).build_args("BUILD")}


def merge_findings(results: Sequence[tuple[Sequence[str], Sequence[Finding]]]) -> list[Finding]:
    """Findings of one Dockerfile checked once per distinct platform build.

    A finding every build has is reported once; one that only some builds have says which
    platforms, e.g. `… (when building for linux/arm64)`.
    """
    if len(results) < 2:
        return [finding for _, findings in results for finding in findings]
    presence = Counter(finding for _, findings in results for finding in set(findings))
    merged: list[Finding] = []
    seen: set[Finding] = set()
    for platforms, findings in results:
        for finding in findings:
            if presence[finding] == len(results):
                if finding not in seen:
                    seen.add(finding)
                    merged.append(finding)
                continue
            where = ", ".join(platforms)
            merged.append(
                replace(finding, message=f"{finding.message} (when building for {where})")
            )
    merged.sort(key=Finding.sort_key)
    return merged
