"""Digests for pinning, from the registries: one manifest request per distinct reference.

References are resolved concurrently (threads; one `Registry` per host, so credentials are
looked up and tokens fetched once per host and repository). The digest is that of what the tag
names now: the index for a multi-platform tag. Failures are kept per reference, so one missing
tag stops only the files that need it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ocilint.budgets import DEFAULT_BUDGETS, Budgets
from ocilint.errors import InputError

MAX_WORKERS = 8


@dataclass
class Resolver:
    timeout: float = 30.0
    insecure_registries: tuple[str, ...] = ()
    cert_dir: str | None = None
    budgets: Budgets = DEFAULT_BUDGETS  # the configured limits (requests, document bytes)
    digests: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)  # domain -> why
    _registries: dict[str, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def resolve(self, references: Iterable[str]) -> None:
        """Resolve what is not known yet; results land in `digests` or `errors`."""
        wanted = sorted({r for r in references if r not in self.digests and r not in self.errors})
        # First one reference per registry, so each learns its scheme (HTTPS, or plain HTTP
        # where allowed) and loads its credentials once; then all the others at once.
        first: dict[str, str] = {}
        for text in wanted:
            first.setdefault(_domain(text), text)
        for number, batch in enumerate(
            (list(first.values()), [t for t in wanted if t not in first.values()])
        ):
            if number == 1:
                self._prefetch_tokens(batch)
            if len(batch) == 1:
                self._one(batch[0])
            elif batch:
                with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(batch))) as pool:
                    list(pool.map(self._one, batch))

    def _prefetch_tokens(self, batch: list[str]) -> None:
        """One token request per registry that asked for tokens, for all its repositories."""
        from ocilint.reference import InvalidReference, parse_normalized
        from ocilint.sources.registry import Registry, prefetch_tokens

        repositories: dict[str, list[str]] = {}
        for text in batch:
            try:
                reference = parse_normalized(text)
            except InvalidReference:
                continue
            repositories.setdefault(reference.domain or "", []).append(reference.path)
        for domain, names in repositories.items():
            registry = self._registries.get(domain)
            if isinstance(registry, Registry):
                # On an error each reference meets it again itself, with its name.
                with contextlib.suppress(InputError):
                    prefetch_tokens(registry, names)

    def _registry(self, domain: str) -> object:
        from ocilint.sources.registry import CERTS_DIR, Registry, RegistryOptions

        with self._lock:
            if domain not in self._registries:
                options = RegistryOptions(
                    timeout=self.timeout,
                    insecure_registries=self.insecure_registries,
                    certs_dir=self.cert_dir or CERTS_DIR,
                    budgets=self.budgets,
                )
                self._registries[domain] = Registry(domain, options)
            return self._registries[domain]

    def _one(self, text: str) -> None:
        from ocilint.reference import InvalidReference, parse_normalized
        from ocilint.sources.registry import Registry, resolve_digest

        registry = None
        try:
            reference = parse_normalized(text)
            if reference.domain is None:
                raise InputError("the reference names no registry", text)
            unreachable = self.unreachable.get(reference.domain)
            if unreachable is not None:
                raise InputError(unreachable, text)
            registry = self._registry(reference.domain)
            assert isinstance(registry, Registry)
            digest = resolve_digest(reference, text, registry)
        except InvalidReference as error:
            self.errors[text] = f"{text}: {error}"
        except InputError as error:
            self.errors[text] = str(error)
            if isinstance(registry, Registry) and registry.scheme is None:
                # The host never answered (no name, refused, TLS, timeout): the other
                # references to it fail the same way, without asking again.
                self.unreachable.setdefault(registry.domain, error.message)
        else:
            self.digests[text] = digest

    def request_count(self) -> int:
        from ocilint.sources.registry import Registry

        return sum(
            len(r.client.log.entries) for r in self._registries.values() if isinstance(r, Registry)
        )


def _domain(text: str) -> str:
    from ocilint.reference import InvalidReference, parse_normalized

    try:
        return parse_normalized(text).domain or ""
    except InvalidReference:
        return ""
