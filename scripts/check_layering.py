"""Fail when a view or API module fetches a single object without a scoped selector (conventions §2)."""

import pathlib
import re
import sys

BANNED = re.compile(r"\.objects\.get\(|get_object_or_404")
root = pathlib.Path(__file__).resolve().parent.parent / "niangjia"
bad = []
for path in sorted(root.glob("*/views*.py")) + sorted(root.glob("*/api*.py")) + sorted(root.glob("*/views/*.py")):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if BANNED.search(line):
            bad.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
if bad:
    print("Views and API modules must fetch objects through access_<entity>_by_id selectors:")
    print("\n".join(bad))
    sys.exit(1)
print("layering check: ok")
