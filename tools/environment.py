"""environment.yml for conda users (and Binder), from the pins of requirements.txt.

python -m tools.environment requirements.txt > environment.yml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9._-]+==\S+)")
HEADER = """# Generated from requirements.txt by `make lock`; do not edit by hand.
name: residual-pain-review
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def environment(requirements: str) -> str:
    """The conda environment that installs exactly the pins of ``requirements``, and then this package."""
    pins = [m[1] for line in requirements.splitlines() if (m := PIN.match(line.strip()))]
    return HEADER + "".join(f"      - {pin}\n" for pin in pins) + "      - --editable .\n"


if __name__ == "__main__":
    sys.stdout.write(environment(Path(sys.argv[1]).read_text(encoding="utf-8")))
