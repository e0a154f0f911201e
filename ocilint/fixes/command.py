"""`ocilint fix PATH ...`: make the edits the findings carry, recheck, repeat; then report.

Per file: read; check; take the edits of the findings left after pragmas and the selection
(pinning edits only online, their digests resolved concurrently first); splice them in from the
end backwards; check again, until nothing changes (at most `MAX_ROUNDS` rounds). A file that
cannot be read or parsed, that has Dockerfile syntax errors, or whose pins cannot all be
resolved is not written. Files are replaced atomically (a temporary file in the same directory,
then `os.replace`), keeping their mode. `--diff` prints what would change and writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ocilint import exit_codes
from ocilint.errors import InputError, UsageError
from ocilint.fixes.apply import apply, splices, unified_diff
from ocilint.fixes.pinning import Resolver
from ocilint.model import DIGEST_PLACEHOLDER, Edit, Finding, Location

MAX_ROUNDS = 10


@dataclass
class Outcome:
    text: str
    edits: int = 0
    notes: list[str] = field(default_factory=list)
    checked: tuple[str, list[Finding]] | None = None  # the last text checked, its findings


def fix(args: argparse.Namespace) -> int:
    from ocilint.cli import parse_build_args, read_input
    from ocilint.commands import Run, searched_paths
    from ocilint.loading import LoadContext

    run = Run(args)
    context = LoadContext(
        build_args={**run.config.build_args, **parse_build_args(args.build_arg)},
        target=args.target or run.config.target,
        budgets=run.config.limits,
    )
    resolver = Resolver(
        timeout=args.timeout or run.config.timeout,
        insecure_registries=(*run.config.insecure_registries, *args.insecure_registry),
        cert_dir=args.cert_dir,
        budgets=run.config.limits,
    )
    changed_files = 0
    edit_count = 0
    diffs: list[str] = []
    paths = list(searched_paths(run, args.paths or ["."]))
    if not args.offline and len(paths) > 1:
        _resolve_ahead(run, paths, context, resolver, args)
    for path in paths:
        try:
            if path == "-":
                raise InputError("`fix` rewrites files: name them (standard input is not fixed)")
            data = read_input(path, context.budgets)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                run.manager.hook.ocilint_load_file(path=path, data=data, context=context)
                raise InputError("not fixed: the file is not valid UTF-8", path) from None
            outcome = _fix_text(run, path, text, context, resolver, args)
            for note in outcome.notes:
                print(f"ocilint: {note}", file=sys.stderr)
            if outcome.text != text:
                changed_files += 1
                edit_count += outcome.edits
                if args.diff:
                    diffs.append(unified_diff(path, text, outcome.text))
                else:
                    _write_atomically(path, outcome.text.encode("utf-8"))
            final = outcome.text if not args.diff else text
            if outcome.checked is not None and outcome.checked[0] == final:
                found = outcome.checked[1]  # the last round checked this very text
                run.findings.extend(found)
            else:
                found = run.check(_load(run, path, final, context))
            _explain_unfixed(path, found, offline=args.offline)
        except InputError as error:
            run.failed_input(error)
            continue
        run.checked.append(path)
    if not run.checked and not run.errors:
        raise UsageError(f"no Dockerfiles found in {', '.join(args.paths or ['.'])}")
    if args.diff:
        sys.stdout.write("".join(diffs))
        sys.stdout.flush()
        if run.errors:
            return exit_codes.ERROR
        return exit_codes.FINDINGS if changed_files else exit_codes.OK
    print(
        f"ocilint: fixed {edit_count} {'problem' if edit_count == 1 else 'problems'} in "
        f"{changed_files} {'file' if changed_files == 1 else 'files'}"
        + (f" ({resolver.request_count()} registry requests)" if resolver.digests else ""),
        file=sys.stderr,
    )
    return run.report()


def _resolve_ahead(
    run: Any, paths: list[str], context: Any, resolver: Resolver, args: argparse.Namespace
) -> None:
    """Resolve the pins of all the files at once (concurrently), before fixing them one by
    one; a file that cannot be read is left to the main loop to report."""
    from ocilint.cli import read_input
    from ocilint.engine import check_subject

    wanted: set[str] = set()
    for path in paths:
        if path == "-":
            continue
        try:
            text = read_input(path, context.budgets).decode("utf-8")
            subjects = _load(run, path, text, context)
        except (InputError, UnicodeDecodeError):
            continue
        for subject in subjects:
            for finding in check_subject(subject, run.policy):
                if finding.autofix is not None:
                    wanted.update(e.resolve for e in finding.autofix.edits if e.resolve)
            if args.update_pins and getattr(subject, "kind", None) == "dockerfile":
                wanted.update(e.resolve for e in _update_pin_edits(subject) if e.resolve)
    resolver.resolve(wanted)


def _load(run: Any, path: str, text: str, context: Any) -> list[Any]:
    subjects = run.manager.hook.ocilint_load_file(
        path=path, data=text.encode("utf-8"), context=context
    )
    if subjects is None:
        raise InputError("no loader recognises this file", path)
    return list(subjects)


def _fix_text(
    run: Any, path: str, text: str, context: Any, resolver: Resolver, args: argparse.Namespace
) -> Outcome:
    from ocilint.engine import _suppressions_for, check_subject

    last: list[tuple[str, list[Finding]]] = []  # each text checked, with its findings

    def edits_of(current: str) -> list[Edit] | str:
        subjects = _load(run, path, current, context)  # a parse failure: nothing written
        dockerfiles = [s for s in subjects if getattr(s, "kind", None) == "dockerfile"]
        if not dockerfiles:
            return ""  # image documents are not fixed
        if any(s.dockerfile.problems for s in dockerfiles):
            return "Docker cannot build it (syntax errors)"
        findings = [f for s in subjects for f in check_subject(s, run.policy)]
        last.append((current, findings))
        hidden = _suppressions_for(dockerfiles[0])
        edits = [
            edit
            for finding in findings
            if finding.autofix is not None
            for edit in finding.autofix.edits
            if not (args.offline and edit.resolve is not None)
            # An edit elsewhere than its finding (a pin in an ARG default) is not made
            # where a pragma ignores the rule either.
            and not hidden.suppresses(replace(finding, location=Location(path, edit.line)))
        ]
        if args.update_pins and not args.offline:
            edits += [e for s in dockerfiles for e in _update_pin_edits(s)]
        return edits

    outcome = fix_text(path, text, edits_of, resolver)
    outcome.checked = last[-1] if last else None
    return outcome


def fix_text(
    path: str, text: str, edits_of: Callable[[str], list[Edit] | str], resolver: Resolver | None
) -> Outcome:
    """Fix `text` round by round: `edits_of` gives the edits the findings of a text carry (or
    why the text is not fixed, when it is a string), `resolver` the digests of pinning edits
    (None: offline). Raises InputError when a pin cannot be resolved."""
    outcome = Outcome(text)
    for _ in range(MAX_ROUNDS):
        edits = edits_of(outcome.text)
        if isinstance(edits, str):
            if edits:
                outcome.notes.append(f"{path}: not fixed: {edits}")
            return Outcome(text, 0, outcome.notes)
        # Offline edits first, until none is left: pins are then resolved for the names
        # as fixed (a lower-cased or moved reference), never for a name about to change.
        chosen = splices(outcome.text, [e for e in edits if e.resolve is None], {})
        pins = [edit for edit in edits if edit.resolve is not None]
        if not chosen and pins and resolver is not None:
            wanted = {edit.resolve for edit in pins if edit.resolve is not None}
            resolver.resolve(wanted)
            failed = sorted(resolver.errors[r] for r in wanted if r in resolver.errors)
            if failed:
                raise InputError(f"not fixed: cannot pin {'; '.join(failed)}", path)
            chosen = splices(outcome.text, pins, resolver.digests)
        if not chosen:
            return outcome
        outcome.text = apply(outcome.text, chosen)
        outcome.edits += len(chosen)
    outcome.notes.append(f"{path}: fixes still change the file after {MAX_ROUNDS} rounds")
    return outcome


def _update_pin_edits(subject: Any) -> list[Edit]:
    """`--update-pins`: for each reference pinned with a tag, the edit that moves its digest to
    what the tag names now (a no-op when it has not moved)."""
    from ocilint.fixes.spans import literal_reference
    from ocilint.image_uses import valid_uses

    edits = []
    for use, reference in valid_uses(subject):
        if reference.digest is None or reference.tag is None:
            continue
        found = literal_reference(subject, use)
        if isinstance(found, str):
            continue
        location, written = found
        at = written.rfind("@")
        assert location.line is not None and location.column is not None
        column = location.column + at + 1
        edits.append(
            Edit(
                location.line,
                column,
                location.line,
                column + len(written) - at - 1,
                DIGEST_PLACEHOLDER,
                written[at + 1 :],
                resolve=written[:at],
            )
        )
    return edits


def _explain_unfixed(path: str, findings: list[Finding], *, offline: bool) -> None:
    for finding in findings:
        autofix = finding.autofix
        if autofix is None:
            continue
        reason = autofix.not_applied
        if reason is None and offline and autofix.needs_network:
            continue  # expected: --offline
        if reason is None:
            continue
        line = finding.location.line
        where = f"{path}:{line}" if line else path
        print(f"ocilint: {where}: {finding.code} not fixed: {reason}", file=sys.stderr)


def _write_atomically(path: str, data: bytes) -> None:
    """Replace `path`'s content with `data`: a temporary file beside it, then `os.replace`,
    keeping the mode and, where allowed, the owner (and writing through a symbolic link to
    its target)."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        status = os.stat(target)
        descriptor, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".ocilint-fix"
        )
    except OSError as error:
        raise InputError(f"not fixed: cannot write: {error.strerror}", path) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, status.st_mode & 0o7777)
        with contextlib.suppress(OSError):  # keep the owner where we may (as root)
            os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise InputError(f"not fixed: cannot write: {error.strerror}", path) from None
