#!/usr/bin/env python3
"""Ships the public API at a release: each package's PublicAPI.Unshipped.txt moves into its PublicAPI.Shipped.txt.

A line marked *REMOVED* takes its API out of the shipped file; every other line is added to it. Afterwards every
PublicAPI.Unshipped.txt holds only its '#nullable enable' header. docs/releasing.md, step 2.

    python3 eng/ship-public-api.py
"""
from pathlib import Path

HEADER = "#nullable enable"
REMOVED = "*REMOVED*"


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and line.strip() != HEADER]


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    for unshipped_path in sorted(root.glob("src/*/PublicAPI.Unshipped.txt")):
        shipped_path = unshipped_path.with_name("PublicAPI.Shipped.txt")
        unshipped = lines(unshipped_path)
        if not unshipped:
            continue
        shipped = lines(shipped_path)
        removed = {line[len(REMOVED):] for line in unshipped if line.startswith(REMOVED)}
        missing = sorted(removed - set(shipped))
        if missing:
            raise SystemExit(f"{unshipped_path}: *REMOVED* lines name API that {shipped_path.name} does not hold: {missing[:3]}")
        # The shipped file keeps its order, the removals taken out, the additions appended: a release's diff is its change.
        shipped = [line for line in shipped if line not in removed] + [line for line in unshipped if not line.startswith(REMOVED)]
        shipped_path.write_text(HEADER + "\n" + "\n".join(shipped) + "\n", encoding="utf-8")
        unshipped_path.write_text(HEADER + "\n", encoding="utf-8")
        print(f"{unshipped_path.parent.name}: {len(unshipped) - len(removed)} added, {len(removed)} removed")


if __name__ == "__main__":
    main()
