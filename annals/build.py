"""``annals build``: a strict MkDocs build that replaces the site only when it succeeds.

MkDocs builds into a new folder beside the site folder; on success the old
site is renamed aside, the new one renamed in and the old one removed. A
failed build (a strict-mode warning, a bad entry) removes only its own new
folder, so the previous site stays byte for byte as it was.

The build runs as ``python -m mkdocs build --strict`` in a child process
rather than through MkDocs' Python API: it is exactly what ``mkdocs build
--strict`` does (the same command line, logging and error messages, never a
traceback for a failed build), and no plugin state or logging handler leaks
between builds in one process. The cost is one Python start-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SITE_MARKER = "sitemap.xml"
"""Every MkDocs site has one: a non-empty folder without it is never replaced."""


def build_site(config_file: Path, site_dir: Path) -> int:
    """Build ``config_file`` strictly into ``site_dir``; return the exit code.

    0: built and swapped in. 1: the build failed, ``site_dir`` is as it was.
    2: refused, because ``site_dir`` is not a folder a site may replace.
    """
    site_dir = Path(os.path.abspath(site_dir))
    refusal = _refusal(Path(config_file), site_dir)
    if refusal:
        print(f"annals build: {refusal}", file=sys.stderr)
        return 2
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = _new_folder(site_dir, "new")
    try:
        if _mkdocs_build(Path(config_file), new) != 0:
            print(f"annals build: the build failed; {site_dir} was left as it was", file=sys.stderr)
            return 1
        _swap_in(new, site_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # gone already after a successful swap
    print(f"annals build: site built in {site_dir}", file=sys.stderr)
    return 0


def _refusal(config_file: Path, site_dir: Path) -> str | None:
    """Why ``site_dir`` must not be replaced, or None: never move anything but a built site."""
    if not config_file.is_file():
        return f"no configuration file at {config_file}"
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} is a file, not a folder"
    project = config_file.resolve().parent
    if project.is_relative_to(site_dir.resolve()):
        return f"{site_dir} holds the project itself ({config_file}); choose a folder inside it, such as site/"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).is_file():
        return f"{site_dir} holds files that are not a built site; choose a new or empty folder"
    return None


def _new_folder(site_dir: Path, role: str) -> Path:
    """An empty folder beside ``site_dir`` (same file system, so renames are atomic), with normal permissions."""
    folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{role}-", dir=site_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # mkdtemp makes it private; the site is for reading
    return folder


def _mkdocs_build(config_file: Path, site_dir: Path) -> int:
    """``mkdocs build --strict`` in a child process; its messages go straight to this one's output."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1")}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config_file), "--site-dir", str(site_dir)]
    return subprocess.run(command, env=env, check=False).returncode


def _swap_in(new: Path, site_dir: Path) -> None:
    """Put ``new`` where ``site_dir`` is; the old site is removed only once the new one is in place."""
    if not site_dir.exists():
        new.rename(site_dir)
        return
    aside = _new_folder(site_dir, "old")
    old = aside / site_dir.name
    site_dir.rename(old)
    try:
        new.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        aside.rmdir()
        raise
    shutil.rmtree(aside)
