"""The ``annals`` command: check entries, render Markdown, start an entry, build the site.

Every command reads the site's settings from ``mkdocs.yml`` (``--config-file`` to
choose another; without one, the plugin's defaults), so ``annals check`` applies
the limits the site builds with and ``annals render`` writes the Markdown the
site is built from. ``--entries``, ``--templates`` and the loader's bounds
override what it says.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from annals.archives import unarchived
from annals.diff import semantic_diff
from annals.export import EXPORTS
from annals.history import HistoryError, base_revision, event_dates_at
from annals.model import MODELS
from annals.pipeline import Before, Generator
from annals.console import as_dict, github_annotation, in_github_actions, output_line, print_problems
from annals.problems import ProblemsFound
from annals.publication import read_publication
from annals.rename import RenameError, rename_entry
from annals.scaffold import ScaffoldError, new_entry, new_help
from annals.schema import stale_schemas, write_editor_settings, write_schemas
from annals.settings import Settings, SettingsError, read_settings

AUTO = "auto"
CONFIG_FILE = Path("mkdocs.yml")
MANIFEST = ".annals-rendered"
"""Written into a render output folder: the files Annals may replace there next time."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as error:
        print(f"annals: {output_line(str(error))}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annals", description="Cited, cross-linked chronologies from YAML entries.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check_cmd = commands.add_parser("check", help="validate every entry and report every problem")
    _add_settings(check_cmd)
    check_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="text for people (default), json for tools")
    check_cmd.add_argument("--strict", action="store_true",
                           help="fail on warnings too, as the pull-request check does")
    check_cmd.add_argument("--since", metavar="REVISION", default=AUTO,
                           help="the git revision the edit started from, for warnings about changed event dates "
                                "(default: where HEAD left origin/main or main; 'none' to skip)")
    check_cmd.set_defaults(run=_check)

    new_cmd = commands.add_parser("new", help="start a new entry file with every field explained",
                                  description="Start a new entry file with every field explained. "
                                              "`annals new TYPE --help` lists a type's fields, with an example.")
    types = new_cmd.add_subparsers(dest="type", required=True, metavar="TYPE")
    for entry_type in MODELS:
        _add_new_type(types, entry_type)

    mv_cmd = commands.add_parser("mv", help="rename an entry and rewrite every reference to it (its old address "
                                            "keeps working)")
    mv_cmd.add_argument("entry", help="the entry as TYPE/ID, e.g. event/talks-2012, or its file's path")
    mv_cmd.add_argument("new_id", metavar="NEW_ID", help="its new id, which names its file and its page")
    _add_settings(mv_cmd)
    mv_cmd.set_defaults(run=_mv)

    schema_cmd = commands.add_parser("schema", help="write the JSON Schema files editors' tools use "
                                                    "(and the yaml.schemas mapping in .vscode/settings.json)")
    schema_cmd.add_argument("--out", type=Path, default=Path("schemas"))
    schema_cmd.add_argument("--check", action="store_true", help="only report files that are stale, exit 1 if any")
    schema_cmd.set_defaults(run=_schema)

    render_cmd = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render_cmd.add_argument("--out", type=Path, required=True, help="output folder: new, empty, or made by annals render")
    _add_settings(render_cmd, templates=True)
    render_cmd.set_defaults(run=_render)

    archive_cmd = commands.add_parser("archive-check", help="list the sources that have no archived copy "
                                                          "(a report: it fails only with --strict)")
    _add_settings(archive_cmd)
    archive_cmd.add_argument("--strict", action="store_true", help="exit 1 if any source has no archived copy")
    archive_cmd.set_defaults(run=_archive_check)

    diff_cmd = commands.add_parser("diff", help="what the entries' changes since BASE do for readers, as Markdown "
                                                "for reviewers (a report: problems do not fail it)")
    diff_cmd.add_argument("base", nargs="?", metavar="BASE", help="the git revision to compare with "
                                                                  "(default: where HEAD left origin/main or main)")
    _add_settings(diff_cmd)
    diff_cmd.set_defaults(run=_diff)

    build_cmd = commands.add_parser("build", help="strict MkDocs build into a temporary folder, swapped in on success")
    build_cmd.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    build_cmd.add_argument("--site-dir", type=Path, default=Path("site"),
                           help="where the site goes; left as it was if the build fails")
    build_cmd.set_defaults(run=_build)
    return parser


def _add_new_type(types, entry_type: str) -> None:
    """``annals new TYPE``, whose ``--help`` shows the fields the new file asks for and an example."""
    description, example = new_help(entry_type)
    command = types.add_parser(entry_type, help=f"a new {entry_type}", description=description, epilog=example,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("label", help="only what the id is made from (see --title)" if entry_type == "source" else
                         "the title" if entry_type == "event" else "the name")
    command.add_argument("--id", dest="entry_id", metavar="ID", help="the id, if not the one derived from the label")
    for field, meaning in (("title", "the headline, only as printed"), ("url", "the address"),
                           ("publisher", "the outlet"), ("published", "the date, e.g. 2024-06-13")):
        # Other types take them too, hidden, so that _new can say they are a source's.
        command.add_argument(f"--{field}", help=meaning if entry_type == "source" else argparse.SUPPRESS)
    _add_settings(command, limits=False)
    command.add_argument("--schemas", type=Path, default=Path("schemas"), help="the JSON Schema files' folder")
    command.set_defaults(run=_new)


def _add_settings(command: argparse.ArgumentParser, templates: bool = False, limits: bool = True) -> None:
    """``--config-file``, and the settings a command may override."""
    command.add_argument("--config-file", type=Path, default=None,
                         help="the site's mkdocs.yml, whose annals plugin options apply (default: mkdocs.yml "
                              "if there is one, else the plugin's defaults)")
    command.add_argument("--entries", type=Path, help="entries folder (default: the plugin's entries option)")
    if templates:
        command.add_argument("--templates", type=Path, help="templates folder (default: the plugin's option)")
    if limits:
        command.add_argument("--max-file-bytes", type=int, help="largest entry file read "
                                                                "(default: the plugin's max_file_bytes)")
        command.add_argument("--max-depth", type=int, help="deepest nesting of mappings and lists "
                                                           "(default: the plugin's max_depth)")


def command_settings(args) -> Settings:
    """The site's settings (see the module's docstring) with the command's own flags over them."""
    config_file = args.config_file
    if config_file is None and CONFIG_FILE.is_file():
        config_file = CONFIG_FILE
    settings = read_settings(config_file) if config_file is not None else Settings()
    flags = {name: getattr(args, name, None) for name in ("entries", "templates", "max_file_bytes", "max_depth")}
    return dataclasses.replace(settings, **{name: value for name, value in flags.items() if value is not None})


def _check(args) -> int:
    settings = command_settings(args)
    try:
        before = _before(args, settings)
    except HistoryError as error:
        print(f"annals check: cannot compare with git revision '{args.since}': {output_line(str(error))}",
              file=sys.stderr)
        return 2
    _, problems, count = Generator(dataclasses.replace(settings, display_root=None)).check(before)
    if args.format == "json":
        print(json.dumps({"entries": count, "problems": [as_dict(p) for p in problems]}, indent=2,
                         ensure_ascii=False))
    elif problems:
        print_problems(problems)
        if not args.strict and all(p.is_warning for p in problems):
            print("(warnings do not fail `annals check`; they fail `annals check --strict`, "
                  "which pull requests must pass)")
    else:
        print(f"{count} entries checked, no problems found")
    if in_github_actions():
        for problem in problems:
            print(github_annotation(problem))
    failing = problems if args.strict else [p for p in problems if not p.is_warning]
    return 1 if failing else 0


def _diff(args) -> int:
    try:
        print(semantic_diff(command_settings(args), args.base), end="")
    except HistoryError as error:
        print(f"annals diff: {output_line(str(error))}", file=sys.stderr)
        return 2
    return 0


def _archive_check(args) -> int:
    site, problems, _ = Generator(dataclasses.replace(command_settings(args), display_root=None)).check()
    errors = [p for p in problems if not p.is_warning]
    if errors:
        print_problems(errors)
        print("(fix these first: `annals check` explains each)")
        return 1
    missing = unarchived(site)
    for problem in missing:
        print(output_line(str(problem).replace("warning: ", "", 1), in_ci=in_github_actions()))
    total = len(site.of_type("source"))
    print(f"{len(missing)} of {total} sources have no archived copy" if missing else
          f"all {total} sources have an archived copy")
    return 1 if args.strict and missing else 0


def _before(args, settings: Settings) -> Before | None:
    """The revision to compare event dates with, and their dates there; None to skip."""
    if args.since == "none":
        return None
    found = base_revision(settings.entries) if args.since == AUTO else (args.since, args.since)
    if found is None:
        return None
    revision, name = found
    return Before(name, event_dates_at(settings.entries, revision, max_file_bytes=settings.max_file_bytes,
                                       max_depth=settings.max_depth))


def _new(args) -> int:
    try:
        values = {f: getattr(args, f) for f in ("title", "url", "publisher", "published")}
        if args.type != "source" and any(values.values()):
            raise ScaffoldError("--title, --url, --publisher and --published are for `annals new source`")
        path = new_entry(args.type, args.label, command_settings(args).entries, args.schemas, args.entry_id, values)
    except ScaffoldError as error:
        print(f"annals new: {error}", file=sys.stderr)
        return 2
    print(f"created {path.as_posix()}: fill it in, then run `annals check`")
    return 0


def _mv(args) -> int:
    folder, _, old = Path(args.entry).with_suffix("").as_posix().rpartition("/")
    try:
        renamed = rename_entry(command_settings(args), folder.rpartition("/")[2], old, args.new_id)
    except RenameError as error:
        print(f"annals mv: {output_line(str(error))}", file=sys.stderr)
        return 2
    print(f"renamed {_shown(renamed.old_path)} to {_shown(renamed.new_path)} (its old id is kept under "
          "former_ids, so its old address leads to the new page)")
    for path, count in sorted(renamed.rewritten.items()):
        print(f"  {_shown(path)}: {count} reference{'s' if count > 1 else ''} rewritten")
    print("now run `annals check`")
    return 0


def _shown(path: Path) -> str:
    """A path as the check prints it: relative to the current folder when inside it."""
    return (path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path).as_posix()


def _schema(args) -> int:
    if args.check:
        stale = stale_schemas(args.out)
        for name in stale:
            print(f"{(args.out / name).as_posix()} is stale: run `annals schema`")
        return 1 if stale else 0
    for path in write_schemas(args.out):
        print(f"wrote {path.as_posix()}")
    if args.out == Path("schemas"):  # the project's own schemas: point the editor settings at them too
        print(f"wrote {write_editor_settings(Path('.'), args.out).as_posix()} (yaml.schemas)")
    return 0


def _build(args) -> int:
    from annals.build import build_site  # imports MkDocs: only for this command

    return build_site(args.config_file, args.site_dir)


def _render(args) -> int:
    out: Path = args.out
    refusal = _refuse_output(out)
    if refusal:
        print(f"annals render: {refusal}", file=sys.stderr)
        return 2
    settings = command_settings(args)
    try:
        made = Generator(settings, read_publication(settings)).generate()
    except ProblemsFound as error:
        print_problems(error.problems)
        return 1
    if made.warnings:
        print_problems(made.warnings)
    _replace_previous(out)
    for page in made.files:
        target = out / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.content.encode("utf-8"))
    made.exports.write(out)
    written = sorted([page.uri for page in made.files] + list(EXPORTS))
    (out / MANIFEST).write_text("".join(f"{uri}\n" for uri in written), encoding="utf-8")
    markdown = sum(1 for uri in written if uri.endswith(".md"))
    print(f"{markdown} pages and {len(written) - markdown} data files written to {out}")
    return 0


def _refuse_output(out: Path) -> str | None:
    """Why ``out`` must not be written to, or ``None``: never touch files Annals did not write."""
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        return f"{out} holds files that annals render did not write; choose a new or empty folder"
    return None


def _replace_previous(out: Path) -> None:
    """Remove exactly the files the previous render listed, and folders left empty."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        previous = (out / line).resolve()
        if previous.is_relative_to(out.resolve()) and previous.is_file():
            previous.unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
