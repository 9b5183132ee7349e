"""The ``annals`` command: check entries, render Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annals.pipeline import check, generate
from annals.problems import ProblemsFound, format_problems

MANIFEST = ".annals-rendered"
"""Written into a render output folder: the files Annals may replace there next time."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annals", description="Cited, cross-linked chronologies from YAML entries.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check_cmd = commands.add_parser("check", help="validate every entry and report every problem")
    check_cmd.add_argument("--entries", type=Path, default=Path("entries"), help="entries folder (default: entries)")
    check_cmd.set_defaults(run=_check)

    render_cmd = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render_cmd.add_argument("--out", type=Path, required=True, help="output folder: new, empty, or made by annals render")
    render_cmd.add_argument("--entries", type=Path, default=Path("entries"))
    render_cmd.add_argument("--templates", type=Path, default=Path("templates"))
    render_cmd.set_defaults(run=_render)
    return parser


def _check(args) -> int:
    _, problems, count = check(args.entries)
    if problems:
        print(format_problems(problems))
        return 1
    print(f"{count} entries checked, no problems found")
    return 0


def _render(args) -> int:
    out: Path = args.out
    refusal = _refuse_output(out)
    if refusal:
        print(f"annals render: {refusal}", file=sys.stderr)
        return 2
    try:
        pages = generate(args.entries, args.templates)
    except ProblemsFound as error:
        print(error)
        return 1
    _replace_previous(out)
    for page in pages:
        target = out / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    (out / MANIFEST).write_text("".join(f"{p.uri}\n" for p in pages), encoding="utf-8")
    print(f"{len(pages)} pages written to {out}")
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
