"""The maintainers' tools: what builds, prints, weighs, times and releases the book, run by the
Makefile as ``python -m tools.NAME``. They sit outside the ``helpers`` package, so that neither the
notebooks nor the installed ``python -m helpers`` command reach them."""
