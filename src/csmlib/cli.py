"""The ``csm`` command line.

    csm handout --out handout/    copy the notebooks without their worked answers
    csm data generate --seed 7 --sector retail --out my_org/   generate an organisation
    csm data report               realism metrics beside their benchmark ranges
    csm tutor-guide --out tutors/guide   the tutor guide, its figures from the default data
    csm links --repo URL [--hub URL]     Binder and JupyterHub links to the learners' copies
    csm class-report FOLDER [--out DIR]  a group's evidence by criterion (tutors)
    csm export-notebooks --out static    a readable web page per notebook (no Jupyter needed)

Example:
    >>> try:
    ...     main(["--version"])
    ... except SystemExit as finished:
    ...     print("exit code", finished.code)
    csmlib ...
    exit code 0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csmlib._version import __version__


def _handout(args: argparse.Namespace) -> int:
    from csmlib.course.handout import make_handout  # imported here: nbformat is slow to load

    try:
        report = make_handout(Path(args.notebooks), Path(args.out))
    except (FileNotFoundError, ValueError) as error:
        print(f"csm handout: {error}", file=sys.stderr)
        return 2
    for name, removed in report.items():
        print(f"{name}: {removed} worked-answer cell(s) removed")
    print(f"Handout copies written to {args.out}")
    return 0


def _data_generate(args: argparse.Namespace) -> int:
    import time

    from csmlib.data import generator, store

    try:  # refuse a folder that is not ours before spending time generating
        store.check_destination(args.out)
    except store.DataError as error:
        print(f"csm data generate: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    print(f"Generating the {args.sector} organisation: seed {args.seed}, {args.days} days from "
          f"{args.start}, {args.agents} agents…", flush=True)
    try:
        org = generator.generate(seed=args.seed, sector=args.sector, start=args.start,
                                 days=args.days, agents=args.agents)
        print(f"  generated {org.name} in {time.perf_counter() - started:.1f} s", flush=True)
        folder = store.save(org, args.out, progress=lambda m: print(f"  {m}", flush=True))
    except (ValueError, OSError, store.DataError) as error:
        print(f"csm data generate: {error}", file=sys.stderr)
        return 2
    print(f"Done in {time.perf_counter() - started:.1f} s: {folder}")
    return 0


def _data_report(args: argparse.Namespace) -> int:
    from csmlib.data import realism, store

    try:
        tables = store.load_all(args.dir)
        manifest = store.read_manifest(args.dir)
    except store.DataError as error:
        print(f"csm data report: {error}", file=sys.stderr)
        return 2
    settings = manifest.get("settings")
    settings = settings if isinstance(settings, dict) else {}
    print(f"{manifest.get('organisation', 'An organisation')} ({settings.get('sector', '?')}, "
          f"seed {settings.get('seed', '?')})\n")
    table = realism.report(tables)
    print(realism.format_report(table))
    return 0 if table["inside"].all() else 1


def _data_truths(args: argparse.Namespace) -> int:
    import json

    from csmlib.data import store

    try:
        manifest = store.read_manifest(args.dir)
    except store.DataError as error:
        print(f"csm data truths: {error}", file=sys.stderr)
        return 2
    if not isinstance(manifest.get("hidden_truths"), dict):
        print(f"csm data truths: the manifest in {args.dir or 'the dataset in use'} records no "
              "hidden truths. Regenerate the data with 'csm data generate'.", file=sys.stderr)
        return 2
    print(f"Hidden truths of {manifest.get('organisation', 'the organisation')} (tutors only):")
    print(json.dumps(manifest["hidden_truths"], indent=2))
    return 0


def _tutor_guide(args: argparse.Namespace) -> int:
    from csmlib.course.tutor_guide import writer as tutor_guide
    from csmlib.data.store import DataError

    try:
        written = tutor_guide.write(args.out)
    except (ValueError, OSError, DataError) as error:
        print(f"csm tutor-guide: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"  {path}")
    print(f"Tutor guide written to {args.out} ({len(written)} pages).")
    return 0


def _links(args: argparse.Namespace) -> int:
    from csmlib.course import course_map, links

    try:
        rows = []
        for info in course_map.NOTEBOOKS:
            made = {"Binder": links.binder_link(args.repo, branch=args.branch,
                                                notebook=info.filename, folder=args.folder)}
            if args.hub:
                made["JupyterHub"] = links.nbgitpuller_link(
                    args.hub, args.repo, branch=args.branch, notebook=info.filename,
                    folder=args.folder)
            rows.append((info, made))
    except ValueError as error:
        print(f"csm links: {error}", file=sys.stderr)
        return 2
    for info, made in rows:
        print(f"{info.number} {info.title}")
        for where, link in made.items():
            print(f"  {where}: {link}")
    return 0


def _class_report(args: argparse.Namespace) -> int:
    from csmlib.course.class_report_page import command_line

    return command_line(args.folder, args.out)


def _export_notebooks(args: argparse.Namespace) -> int:
    from csmlib.course.notebook_export import command_line

    return command_line(args.notebooks, args.out, [args.only] if args.only else None)


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

    guide = commands.add_parser(
        "tutor-guide", help="write the tutor guide (timings, plans, model answers)")
    guide.add_argument("--out", default="tutors/guide",
                       help="folder for the guide's pages (default: tutors/guide)")
    guide.set_defaults(run=_tutor_guide)
    link = commands.add_parser(
        "links", help="Binder and JupyterHub (nbgitpuller) links to the learners' copies")
    link.add_argument("--repo", required=True,
                      help="the repository's address, e.g. https://github.com/OWNER/NAME")
    link.add_argument("--hub", default="",
                      help="your JupyterHub's address, e.g. https://hub.example.org")
    link.add_argument("--branch", default="main", help="the branch to open (default: main)")
    link.add_argument("--folder", default="handout",
                      help="the repository folder of the notebooks to open (default: "
                           "handout, the copies without worked answers)")
    link.set_defaults(run=_links)
    class_report = commands.add_parser(
        "class-report", help="a group's evidence against the criteria, from a folder of "
                             "portfolio files and exports (tutors)")
    class_report.add_argument("folder", help="the folder holding the learners' files")
    class_report.add_argument("--out", default=None,
                              help="where to write the report (default: a folder beside "
                                   "FOLDER named FOLDER-class-report)")
    class_report.set_defaults(run=_class_report)
    static = commands.add_parser(
        "export-notebooks", help="run the notebooks and write a readable web page for each, "
                                 "for reading or printing without Jupyter")
    static.add_argument("--notebooks", default="notebooks",
                        help="folder of course notebooks (default: notebooks)")
    static.add_argument("--out", default="static", help="where to write the pages "
                                                         "(default: static)")
    static.add_argument("--only", default=None,
                        help="only these notebooks, by number, e.g. 00,03")
    static.set_defaults(run=_export_notebooks)

    from csmlib.data import generator

    data = commands.add_parser("data", help="generate or check an organisation's data")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    generate = data_commands.add_parser("generate", help="generate all tables into a folder")
    generate.add_argument("--seed", type=int, default=generator.DEFAULT_SEED)
    generate.add_argument("--sector", default=generator.DEFAULT_SECTOR,
                          help="energy, telecom, retail, council or insurance")
    generate.add_argument("--start", default=generator.DEFAULT_START,
                          help="first day, written YYYY-MM-DD")
    generate.add_argument("--days", type=int, default=generator.DEFAULT_DAYS,
                          help=f"1 to {generator.MAX_DAYS}; days x agents at most "
                               f"{generator.MAX_AGENT_DAYS:,}")
    generate.add_argument("--agents", type=int, default=generator.DEFAULT_AGENTS,
                          help=f"{generator.AGENT_RANGE[0]} to {generator.AGENT_RANGE[1]}")
    generate.add_argument("--out", required=True,
                          help="folder to write: new, empty, or an earlier csmlib dataset "
                               "(only its files are replaced)")
    generate.set_defaults(run=_data_generate)
    report = data_commands.add_parser(
        "report", help="each realism metric beside its benchmark range and source")
    report.add_argument("--dir", default=None,
                        help="a dataset folder (default: the organisation in use)")
    report.set_defaults(run=_data_report)
    truths = data_commands.add_parser("truths", help="the hidden truths in the data (tutors)")
    truths.add_argument("--dir", default=None, help="a dataset folder (default: in use)")
    truths.set_defaults(run=_data_truths)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
