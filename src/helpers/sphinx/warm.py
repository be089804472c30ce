"""A warm build that reads no page does not derive again what the saved environment holds.

After reading, Sphinx's toctree collector walks every page's doctree to number the sections and
figures, and sphinxcontrib-bibtex formats every reference. When no page was read and none
removed (and the configuration is unchanged, or Sphinx would read every page), both results are
the ones saved with the environment by the last build, so the two passes are skipped: they were
most of what a warm build of this book spent beyond the template book's.
"""

from __future__ import annotations

from typing import Any, Callable

#: The passes skipped when nothing was read: the event, and the module whose handler it is.
SKIPPED_WHEN_NOTHING_READ = {
    "env-get-updated": "sphinx.environment.collectors.toctree",
    "env-updated": "sphinxcontrib.bibtex",
}


class WarmBuild:
    """Whether this build read or removed any page, and the passes that depend on it."""

    def __init__(self) -> None:
        self.nothing_read = False
        self.removed = False

    def note_removed(self, app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
        self.removed = bool(removed)
        return []

    def note_read(self, app: Any, env: Any, docnames: list[str]) -> None:
        self.nothing_read = not docnames and not self.removed

    def skip_when_nothing_read(self, app: Any) -> None:
        """Wrap the handlers of SKIPPED_WHEN_NOTHING_READ; fail if one is not there any more."""
        for event, module in SKIPPED_WHEN_NOTHING_READ.items():
            listeners = app.events.listeners[event]
            found = [i for i, listener in enumerate(listeners) if getattr(listener.handler, "__module__", None) == module]
            if len(found) != 1:
                raise RuntimeError(f"helpers.sphinx.warm: expected one {event!r} handler from {module}, found {len(found)}")
            listeners[found[0]] = listeners[found[0]]._replace(handler=self._unless_nothing_read(listeners[found[0]].handler))

    def _unless_nothing_read(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        def handler_unless_nothing_read(*args: Any) -> Any:
            return [] if self.nothing_read else handler(*args)

        handler_unless_nothing_read.__module__ = __name__
        return handler_unless_nothing_read


def connect(app: Any) -> None:
    warm = WarmBuild()
    # Last among the handlers of each event, to see the final lists of pages.
    app.connect("env-get-outdated", warm.note_removed, priority=900)
    app.connect("env-before-read-docs", warm.note_read, priority=900)
    app.connect("builder-inited", warm.skip_when_nothing_read)
