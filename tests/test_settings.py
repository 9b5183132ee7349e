"""One settings object, read from mkdocs.yml by the plugin and by every command (issue 22).

A bad option is a configuration error naming the file and the option, never a
traceback; ``annals check`` applies the limits the site builds with; and
``annals render`` writes exactly the files the site is built from.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, fixture_project, mkdocs_build

from annals.export import EXPORTS
from annals.settings import AnnalsConfig, Settings, SettingsError, read_settings

DUMP_HOOK = """\
import os
from pathlib import Path


def on_files(files, config):
    # Every file the annals plugin handed MkDocs, as MkDocs holds it (written before the build goes on); the data
    # files are written into the site folder by the plugin itself (annals.beside).
    out = Path(os.environ["ANNALS_DUMP"])
    for file in files:
        if file.generated_by == "annals" and type(file).__name__ != "WrittenBeside":
            (out / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (out / file.src_uri).write_bytes(file.content_bytes)
    return files
"""


def annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The ``annals`` command, as an editor runs it in ``cwd``."""
    done = subprocess.run([sys.executable, "-m", "annals.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=os.environ | {"PYTHONPATH": str(REPO)})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def with_options(config: Path, options: str, top: str = "") -> Path:
    """``config`` (a fixture project's mkdocs.yml) with more annals options and top-level settings."""
    text = config.read_text(encoding="utf-8").replace("      entries: entries\n", "      entries: entries\n" + options)
    config.write_text(top + text, encoding="utf-8")
    return config


@pytest.mark.parametrize("option, value, message", [
    ("page_limit", "0", "must be a whole number from 1 to 10000, not 0"),
    ("page_limit", "-1", "must be a whole number from 1 to 10000, not -1"),
    ("page_limit", "ten", "must be a whole number from 1 to 10000, not 'ten'"),
    ("timeline_limit", "true", "must be a whole number from 1 to 10000, not True"),
    ("feed_limit", "0", "must be a whole number from 1 to 10000, not 0"),
    ("workers", "-1", "must be a whole number from 0 to 256, not -1"),
    ("max_depth", "1", "must be a whole number from 2 to 256, not 1"),
    ("max_file_bytes", "0", "must be a whole number from 1 to 16777216, not 0"),
])
def test_a_bad_option_is_a_located_configuration_error_for_every_command(tmp_path, option, value, message):
    config = with_options(fixture_project(tmp_path), f"      {option}: {value}\n")
    expected = f"Plugin 'annals' option '{option}': {message}"
    built = mkdocs_build(config, tmp_path / "site", cwd=tmp_path, succeed=False)
    assert built.returncode == 1 and expected in built.stderr and "Traceback" not in built.stderr, built.stderr
    for command in (["check"], ["render", "--out", "out"], ["archive-check"], ["new", "person", "X"]):
        done = annals(*command, cwd=tmp_path)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert done.stderr == f"annals: mkdocs.yml: plugins: {expected}\n", (command, done.stderr)
    assert not (tmp_path / "out").exists() and not (tmp_path / "entries" / "person" / "x.yml").exists()


def test_a_config_file_that_is_not_there_or_not_yaml_is_named(tmp_path):
    done = annals("check", "--config-file", "nowhere.yml", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("annals: nowhere.yml: cannot be read: "), done.stderr
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    done = annals("check", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("annals: mkdocs.yml: cannot be read: "), done.stderr


def test_check_applies_the_limits_the_site_builds_with(tmp_path):
    """A site that lowers max_file_bytes needs no flag: `annals check` reads it from mkdocs.yml."""
    with_options(fixture_project(tmp_path), "      max_file_bytes: 300\n")
    done = annals("check", "--since", "none", cwd=tmp_path)
    assert done.returncode == 1 and "an entry file may have at most 300 (" in done.stdout, done.stdout
    assert annals("check", "--since", "none", "--max-file-bytes", "100000", cwd=tmp_path).returncode == 0


def test_every_command_reads_the_folders_from_mkdocs_yml(tmp_path):
    config = fixture_project(tmp_path / "site-project")
    (config.parent / "entries").rename(config.parent / "records")
    with_options(config, "")
    config.write_text(config.read_text(encoding="utf-8").replace("      entries: entries\n",
                                                                 "      entries: records\n"), encoding="utf-8")
    checked = annals("check", "--since", "none", cwd=config.parent)
    assert checked.returncode == 0 and "27 entries checked" in checked.stdout, checked.stdout + checked.stderr
    assert annals("new", "person", "Ann Other", cwd=config.parent).returncode == 0
    assert (config.parent / "records" / "person" / "ann-other.yml").is_file()


def test_render_writes_exactly_the_files_the_site_is_built_from(tmp_path):
    """Byte for byte, with every setting that changes pages set: limits, addresses, git history."""
    project = tmp_path / "project"
    config = with_options(fixture_project(project), "      page_limit: 3\n      timeline_limit: 2\n      feed_limit: 4\n"
                          "      licence: Reuse with credit.\n",
                          top="site_url: https://example.org/fixture/\nrepo_url: https://github.com/example/fixture\n"
                              "hooks: [dump.py]\n")
    (project / "dump.py").write_text(DUMP_HOOK, encoding="utf-8")
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "Import the corpus"]):
        subprocess.run(git + command, cwd=project, check=True, capture_output=True)
    mkdocs_build(config, tmp_path / "site", cwd=project, env={"ANNALS_DUMP": str(tmp_path / "built-from")})
    rendered = annals("render", "--out", str(tmp_path / "rendered"), cwd=project)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and p.name != ".annals-rendered"}

    built_from, written = files(tmp_path / "built-from"), files(tmp_path / "rendered")
    built_from |= {path: (tmp_path / "site" / path).read_bytes() for path in EXPORTS}
    assert sorted(written) == sorted(built_from)
    assert [uri for uri in written if written[uri] != built_from[uri]] == []
    assert "chronology/by/2012.md" in written or any(u.startswith("chronology/by/") for u in written), sorted(written)
    assert b"Last changed" in written["events/talks-2012.md"], written["events/talks-2012.md"][-600:]
    assert b"https://example.org/fixture/events/talks-2012/" in written["events/talks-2012.md"]


def test_every_option_is_a_settings_field_with_its_default():
    """One definition: each option of the plugin defaults to the Settings field of its name."""
    fields = {f.name: f.default for f in dataclasses.fields(Settings)}
    for name, option in AnnalsConfig._schema:
        default = fields[name]
        assert option.default in (default, str(default), list(default) if isinstance(default, tuple) else default)


def test_read_settings_resolves_folders_against_mkdocs_yml(tmp_path):
    config = fixture_project(tmp_path / "p")
    settings = read_settings(config)
    assert settings.entries == (tmp_path / "p" / "entries").resolve()
    assert settings.display_root == (tmp_path / "p").resolve() and settings.site_name == "Annals fixture site"
    with pytest.raises(SettingsError, match="the 'annals' plugin is not listed"):
        (tmp_path / "q").mkdir()
        (tmp_path / "q" / "docs").mkdir()
        (tmp_path / "q" / "mkdocs.yml").write_text("site_name: Plain\n", encoding="utf-8")
        read_settings(tmp_path / "q" / "mkdocs.yml")
    assert json.dumps(str(settings.templates))
