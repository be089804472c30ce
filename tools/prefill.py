"""Execute the book's notebooks in parallel into jupyter-cache, before Sphinx reads them.

Jupyter Book 1 executes notebooks one after another while Sphinx reads them. Filling its cache
first, with one kernel per core, lets Sphinx find every notebook already executed. The cache
entries are the ones myst-nb would write itself: same execution call, same working directory.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

TIMEOUT = 120  # seconds, as execute.timeout in _config.yml


#: A kernel that never answered is started once more, as a slow machine's may be.
STARTS = 2
NEVER_STARTED = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def _never_started(error: object) -> bool:
    return any(message in str(error) for message in NEVER_STARTED)


def socket_file_kernel_manager(base: type | None = None) -> type:
    """A kernel manager class (``base``: jupyter_client's AsyncKernelManager, which nbclient uses)
    whose kernels talk over Unix sockets, each in files of its own.

    Over TCP the client picks free ports and the kernel binds them a moment later, so two kernels
    started at once could pick the same port; the loser never answered (ZMQError: Address already
    in use), and the build failed after a minute.
    """
    from uuid import uuid4

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class SocketFileKernelManager(base or AsyncKernelManager):  # type: ignore[misc,valid-type]
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return os.path.join(tempfile.gettempdir(), f"kernel-{uuid4().hex}")

    return SocketFileKernelManager


def _execute(path: str) -> tuple[str, str | None, float, str | None]:
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    manager = socket_file_kernel_manager()
    for attempt in range(1, STARTS + 1):
        notebook = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        try:
            result = single_nb_execution(
                notebook,
                cwd=str(Path(path).parent.resolve()),
                allow_errors=False,
                timeout=TIMEOUT,
                meta_override=True,
                kernel_manager_class=manager,
            )
        except RuntimeError as error:  # nbclient raises, rather than records, a kernel that never started
            if _never_started(error) and attempt < STARTS:
                continue
            return path, None, time.perf_counter() - started, f"{type(error).__name__}: {error}"
        if result.err is None:
            return path, nbformat.writes(notebook), result.time, None
        if not _never_started(result.exc_string) or attempt == STARTS:
            break
    return path, None, time.perf_counter() - started, result.exc_string


def _start_worker(log: str | None) -> None:
    """In each worker: Ctrl-C reaches the whole process group, and the parent acts on it; what the
    worker and its kernels write to stderr (ipykernel's warnings, or the traceback of a kernel shut
    down in the middle of an import) goes to ``log`` instead of the build's output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if log is not None:
        os.dup2(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644), 2)


def prefill(
    cache_path: Path,
    notebooks: list[Path],
    workers: int | None = None,
    report: Path | None = None,
    log: Path | None = None,
) -> list[str]:
    """Execute every notebook that the cache does not hold yet; return the names of those executed.

    Each notebook goes into the cache as soon as it has run, so that an interrupted or failed fill
    keeps what it finished. ``report`` receives each executed notebook's run time: a record of this
    build, kept outside the published pages; ``log``, what the kernels write to stderr.
    """
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
    if log is not None:
        log.write_text("", encoding="utf-8")
    pool = Pool(
        processes=workers or min(len(stale), os.cpu_count() or 1),
        initializer=_start_worker,
        initargs=(None if log is None else str(log),),
    )
    failures, times = [], {}
    try:
        for path, text, seconds, error in pool.imap_unordered(_execute, [str(p) for p in stale]):
            if error:
                failures.append(f"{path}:\n{error}")
                continue
            # A Ctrl-C now waits until the entry is written whole.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                record = cache.add_nb_to_project(path)
                cache.cache_notebook_bundle(
                    CacheBundleIn(nbformat.reads(text, as_version=4), record.uri, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            times[Path(path).name] = seconds
    except KeyboardInterrupt:
        # End the workers at once. Their kernels run in sessions of their own, out of Ctrl-C's reach, but
        # each was told its parent (JPY_PARENT_PID) and ends itself within a second of its worker's end.
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    if report is not None:
        report.write_text(
            "notebook,seconds\n" + "".join(f"{n},{t:.2f}\n" for n, t in sorted(times.items())), encoding="utf-8"
        )
    if failures:
        raise RuntimeError("notebook execution failed:\n" + "\n".join(failures))
    return [Path(p).name for p in stale]


def main(argv: list[str] | None = None) -> int:
    """python -m tools.prefill CACHE NOTEBOOK...: execute in parallel what the cache lacks.

    The run time of each notebook executed goes to execution-times.csv beside the cache, and what
    the kernels write to stderr to kernels.log.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    cache = Path(args[0])
    try:
        executed = prefill(
            cache,
            [Path(a) for a in args[1:]],
            report=cache.parent / "execution-times.csv",
            log=cache.parent / "kernels.log",
        )
    except RuntimeError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"executed in parallel: {', '.join(executed)}" if executed else "every notebook is in the execution cache")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
