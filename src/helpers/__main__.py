"""The commands of the data, for whoever works with them.

``python -m helpers validate [DATA_DIR]`` checks the data and says what is wrong, without a
traceback; ``python -m helpers add-study FILE`` adds a study from a study file (``--template``
prints one). The maintainers' tools that build, print, weigh and release the book live in
``tools/``, outside the package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dataset.errors import DataError
from .dataset.paths import default_data_dir, validated_path


def _add_study(study_file: Path | None, want_template: bool, data_dir: Path) -> int:
    from .dataset.add_study import StudyFileError, add_study, template

    if want_template:
        print(template(data_dir), end="")
        return 0
    if study_file is None:
        print("add-study: give a study file, or --template to print one", file=sys.stderr)
        return 2
    try:
        ref, changed = add_study(study_file, data_dir)
    except StudyFileError as err:
        print(f"{err}\nNothing was written to {data_dir}.", file=sys.stderr)
        return 1
    except DataError as err:
        print(f"{err}\nThese rows would make the data invalid; nothing was written to {data_dir}.", file=sys.stderr)
        return 1
    print(
        f"added study [{ref}] to {data_dir}: {', '.join(changed)}. The data are valid; next, make book shows "
        "where the prose does not yet discuss it (see README.md, 'Adding a study')."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every file of a data directory; writes nothing to it")
    check.add_argument("data_dir", nargs="?", type=Path, default=None, help="default: the repository's data/")
    check.add_argument(
        "--if-changed",
        action="store_true",
        help="say at once that data which this code found valid before are valid (make book's first step)",
    )
    add = commands.add_parser("add-study", help="add a study from a study file to data/, only if the data stay valid")
    add.add_argument("study_file", nargs="?", type=Path, help="the study file (TOML); --template prints one to fill in")
    add.add_argument("--template", action="store_true", help="print a study file to fill in")
    add.add_argument("--data", type=Path, default=None, help="default: the repository's data/")
    args = parser.parse_args(argv)

    if args.command == "add-study":
        return _add_study(args.study_file, args.template, args.data or default_data_dir())

    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        print(f"{data_dir}: not a directory", file=sys.stderr)
        return 1
    if args.if_changed and validated_path(data_dir).is_file():  # these very bytes were found valid before
        print(f"{data_dir}: valid (validated before, with this code)")
        return 0
    from .dataset.review import load_review

    try:
        review = load_review(data_dir)
    except DataError as err:  # a broken datapackage.json stops before the files are read
        print(err, file=sys.stderr)
        return 1
    from .analysis.wording import count_phrase

    tables = ", ".join(f"{name} ({count_phrase(len(getattr(review, name)), 'row')})" for name in review.table_names())
    print(f"{data_dir}: valid. Checked {tables} and references.bib ({count_phrase(len(review.references), 'entry')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
