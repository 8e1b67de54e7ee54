"""The ``csm`` command line.

    csm handout --out handout/    copy the notebooks without their worked answers

Example:
    >>> main(["--version"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csmlib._version import __version__


def _handout(args: argparse.Namespace) -> int:
    from csmlib.handout import make_handout  # imported here: nbformat is slow to load

    try:
        report = make_handout(Path(args.notebooks), Path(args.out))
    except (FileNotFoundError, ValueError) as error:
        print(f"csm handout: {error}", file=sys.stderr)
        return 2
    for name, removed in report.items():
        print(f"{name}: {removed} worked-answer cell(s) removed")
    print(f"Handout copies written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="csm", description="Customer Service Management Lab")
    parser.add_argument("--version", action="version", version=f"csmlib {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    handout = commands.add_parser(
        "handout", help="copy the notebooks without worked answers, for learners")
    handout.add_argument("--notebooks", default="notebooks",
                         help="folder of course notebooks (default: notebooks)")
    handout.add_argument("--out", default="handout", help="where to write the copies")
    handout.set_defaults(run=_handout)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
