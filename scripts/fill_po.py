#!/usr/bin/env python3
"""Fill empty msgstr entries of a .po file from a JSON dict {msgid: msgstr} (developer tool).

Usage: scripts/fill_po.py path/to/django.po translations.json
Only single-line msgids are handled; existing translations are kept; fuzzy flags are dropped
for the entries filled.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def fill(po_path: Path, translations: dict[str, str]) -> int:
    lines = po_path.read_text(encoding="utf-8").splitlines()
    filled = 0
    for i, line in enumerate(lines):
        match = re.fullmatch(r'msgid "(.*)"', line)
        if not match or i + 1 >= len(lines):
            continue
        msgid = match.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if msgid in translations and lines[i + 1] == 'msgstr ""' and (i + 2 >= len(lines) or not lines[i + 2].startswith('"')):
            value = translations[msgid].replace("\\", "\\\\").replace('"', '\\"')
            lines[i + 1] = f'msgstr "{value}"'
            if i > 0 and lines[i - 1].startswith("#, fuzzy"):
                lines[i - 1] = "#"
            filled += 1
    po_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return filled


if __name__ == "__main__":
    count = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print(f"filled {count} entries")
