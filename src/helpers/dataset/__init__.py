"""The data layer: where ``data/`` is, reading and validating it, and the words its fields use.

``review.load_review`` returns the validated data as :class:`review.Review`; every problem found
is a :class:`errors.Problem` naming the file, the line and the column.
"""
