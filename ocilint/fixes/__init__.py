"""`ocilint fix`: the edits that findings carry, applied to the files they name.

- `spans`: helpers rules call to turn a suggestion into an `Edit` (only where the text is
  written literally and the replacement reads back as the same value);
- `apply`: edits into a file's text (non-overlapping, from the end backwards, each checked
  against the text it expects), and unified diffs;
- `pinning`: digests for pinning edits, from the registries, concurrently;
- `command`: the `ocilint fix` subcommand (fix, recheck, repeat; atomic writes; the report).
"""
