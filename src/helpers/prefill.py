"""Execute the book's notebooks in parallel into jupyter-cache, before Sphinx reads them.

Jupyter Book 1 executes notebooks one after another while Sphinx reads them. Filling its cache
first, with one kernel per core, lets Sphinx find every notebook already executed. The cache
entries are the ones myst-nb would write itself: same execution call, same working directory.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TIMEOUT = 120  # seconds, as execute.timeout in _config.yml


#: A kernel that dies while starting has usually lost a race for a TCP port with a kernel of
#: another build on the same machine (ZMQError: Address already in use); starting again settles it.
STARTS = 3
NEVER_STARTED = "Kernel died before replying to kernel_info"


def _execute(path: str) -> tuple[str, str | None, float, str | None]:
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    for attempt in range(1, STARTS + 1):
        notebook = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        try:
            result = single_nb_execution(notebook, cwd=str(Path(path).parent.resolve()), allow_errors=False,
                                         timeout=TIMEOUT, meta_override=True)
        except RuntimeError as error:  # nbclient raises, rather than records, a kernel that never started
            if NEVER_STARTED in str(error) and attempt < STARTS:
                continue
            return path, None, time.perf_counter() - started, f"{type(error).__name__}: {error}"
        if result.err is None:
            return path, nbformat.writes(notebook), result.time, None
        if NEVER_STARTED not in str(result.exc_string) or attempt == STARTS:
            break
    return path, None, time.perf_counter() - started, result.exc_string


def prefill(cache_path: Path, notebooks: list[Path], workers: int | None = None) -> list[str]:
    """Execute every notebook that the cache does not hold yet; return the names of those executed."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    stale = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            stale.append(path)
    if not stale:
        return []
    workers = workers or min(len(stale), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_execute, [str(p) for p in stale]))
    failures = [f"{path}:\n{error}" for path, _, _, error in results if error]
    if failures:
        raise RuntimeError("notebook execution failed:\n" + "\n".join(failures))
    for path, text, seconds, _ in results:
        record = cache.add_nb_to_project(path)
        cache.cache_notebook_bundle(CacheBundleIn(nbformat.reads(text, as_version=4), record.uri,
                                                  data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)
    return [Path(p).name for p in stale]
