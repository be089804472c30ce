"""The analysis layer: what is computed from the validated data, as pandas frames and plain values.

Counts of rows and studies (``counts``), the audit of the paper against its own content
(``audit``), the summary of findings (``summary``), which studies each block of prose covers
(``coverage``), and what changed against the paper and the previous release (``changes``).
Nothing here writes MyST or knows about pages.
"""
