"""make execute: re-execute notebooks in place, refreshing the outputs that nbval compares with.

python -m tools.execute NOTEBOOK...
"""

from __future__ import annotations

import sys
from pathlib import Path


def execute_in_place(paths: list[Path], timeout: int = 120) -> None:
    """Run each notebook top to bottom from its own folder and save it with its new outputs.

    The saved outputs are nbval's baseline; volatile metadata (timings) is dropped so that
    an unchanged notebook re-executes to the same bytes.
    """
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(notebook, path)


if __name__ == "__main__":
    execute_in_place([Path(a) for a in sys.argv[1:]])
