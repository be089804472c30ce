"""``python -m helpers validate [DATA_DIR]`` checks the data and says what is wrong, without a traceback;
``python -m helpers add-study FILE`` adds a study from a study file (``--template`` prints one);
``python -m helpers execute NOTEBOOK...`` re-executes notebooks in place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError
from .paths import default_data_dir
from .review import read_review


def _add_study(study_file: Path | None, want_template: bool, data_dir: Path) -> int:
    from .add_study import StudyFileError, add_study, template

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
    print(f"added study [{ref}] to {data_dir}: {', '.join(changed)}. The data are valid; next, make book shows "
          "where the prose does not yet discuss it (see README.md, 'Adding a study').")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every file of a data directory; writes nothing")
    check.add_argument("data_dir", nargs="?", type=Path, default=None, help="default: the repository's data/")
    add = commands.add_parser("add-study", help="add a study from a study file to data/, only if the data stay valid")
    add.add_argument("study_file", nargs="?", type=Path, help="the study file (TOML); --template prints one to fill in")
    add.add_argument("--template", action="store_true", help="print a study file to fill in")
    add.add_argument("--data", type=Path, default=None, help="default: the repository's data/")
    run = commands.add_parser("execute", help="re-execute notebooks in place, refreshing their committed outputs")
    run.add_argument("notebooks", nargs="+", type=Path)
    printing = commands.add_parser("pdf", help="print the single-page build to PDF with Debian's chromium")
    printing.add_argument("single_html", type=Path, help="the folder of the singlehtml build")
    printing.add_argument("pdf", type=Path)
    fill = commands.add_parser("prefill", help="execute notebooks in parallel into the execution cache")
    fill.add_argument("cache", type=Path)
    fill.add_argument("notebooks", nargs="+", type=Path)
    weight = commands.add_parser("weight", help="report the bytes each page of the built book loads")
    weight.add_argument("html", type=Path, nargs="?", default=Path("_build/html"))
    bump = commands.add_parser("release", help="bump the version everywhere, date the changelog, commit and tag")
    bump.add_argument("version")
    args = parser.parse_args(argv)

    if args.command == "prefill":
        from .prefill import prefill

        try:
            executed = prefill(args.cache, args.notebooks)
        except RuntimeError as err:
            print(err, file=sys.stderr)
            return 1
        print(f"executed in parallel: {', '.join(executed)}" if executed else "every notebook is in the execution cache")
        return 0

    if args.command == "weight":
        from .page_weight import print_report

        return 0 if print_report(args.html) else 1

    if args.command == "pdf":
        from .pdf import print_pdf

        size = print_pdf(args.single_html, args.pdf)
        print(f"{args.pdf}: {size:,} bytes")
        return 0

    if args.command == "release":
        from .paths import repository_root
        from .release import ReleaseError, release

        try:
            release(args.version, repository_root())
        except ReleaseError as err:
            print(f"release refused: {err}", file=sys.stderr)
            return 1
        print(f"released {args.version}: committed and tagged v{args.version}")
        return 0

    if args.command == "add-study":
        return _add_study(args.study_file, args.template, args.data or default_data_dir())

    if args.command == "execute":
        from .notebook import execute_in_place

        execute_in_place(args.notebooks)
        return 0

    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        print(f"{data_dir}: not a directory", file=sys.stderr)
        return 1
    try:
        review, problems = read_review(data_dir)
    except DataError as err:  # a broken datapackage.json stops before the files are read
        problems, review = err.problems, None
    if problems or review is None:
        print(DataError(problems), file=sys.stderr)
        return 1
    tables = ", ".join(f"{name} ({len(getattr(review, name))} rows)" for name in review.table_names())
    print(f"{data_dir}: valid. Checked {tables} and references.bib ({len(review.references)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
