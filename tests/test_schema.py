"""The JSON Schema files: generated from the models, fresh, and in agreement with `annals check`.

check-jsonschema is an independent validator (its own YAML parser, its own
JSON Schema engine). It must accept every real entry and reject every bad-input
fixture, except the three mistakes that no single-file JSON Schema can see.
"""

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from annals.cli import main
from annals.dates import EDTF_PATTERN, is_valid_edtf
from annals.model import MODELS
from annals.schema import json_schema, stale_schemas

REPO = Path(__file__).parents[1]
SCHEMAS = REPO / "schemas"
BAD = REPO / "tests" / "fixtures" / "bad"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

BEYOND_ONE_FILE = {
    "id-mismatch": "the id must equal the file name, which a schema does not see",
    "unknown-reference": "an id must exist in another file",
    "yaml-alias": "a schema sees the data after YAML has expanded the alias",
    "bidi-control": "a schema sees the text, not which invisible characters it holds",
}
UNREADABLE_TO_OTHER_TOOLS = {
    "invalid-escape": "check-jsonschema's YAML parser stops at the escape before any schema applies",
    "lone-surrogate": "check-jsonschema's YAML parser cannot hold a lone surrogate",
}
"""Bad inputs that only `annals check` can reject, and why."""


def test_committed_schema_files_are_fresh():
    assert stale_schemas(SCHEMAS) == [], "run `annals schema` and commit schemas/"


def test_schema_check_command_reports_stale_files(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    (tmp_path / "event.schema.json").write_text("{}\n")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert "event.schema.json is stale" in capsys.readouterr().out


def test_schemas_describe_every_field_and_forbid_others():
    for entry_type, model in MODELS.items():
        schema = json_schema(entry_type)
        assert schema["additionalProperties"] is False
        assert set(schema["properties"]) == {info.alias or name for name, info in model.model_fields.items()}


def validate(entry_type: str, files: list[Path]) -> dict[str, list[str]]:
    """check-jsonschema's verdict: file -> its errors (empty when valid)."""
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS / f"{entry_type}.schema.json"),
                             "-o", "json", *map(str, files)], capture_output=True, text=True)
    report = json.loads(result.stdout)
    verdict = {str(f): [] for f in files}
    for error in report.get("errors", []) + report.get("parse_errors", []):
        verdict[error["filename"]].append(error["message"])
    assert result.returncode == (1 if any(verdict.values()) else 0), result.stderr
    return verdict


def by_type(files):
    grouped = defaultdict(list)
    for path in files:
        grouped[path.parent.name].append(path)
    return grouped


GOOD_CORPORA = ["entries", "tests/fixtures/corpus/entries"]
BAD_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*/*.yml"))


@pytest.fixture(scope="module")
def verdicts() -> dict[str, list[str]]:
    """check-jsonschema run once per entry type over every file the tests below judge: file -> its errors.

    Each file is judged on its own (a schema sees one file), so one run over
    the good corpora and all bad cases together gives each file the verdict a
    run over its own corpus would.
    """
    files = [f for corpus in GOOD_CORPORA for f in corpus_files(REPO / corpus)]
    files += [f for case in BAD_CASES if case not in UNREADABLE_TO_OTHER_TOOLS
              for f in corpus_files(BAD / case / "entries")]
    found: dict[str, list[str]] = {}
    for entry_type, typed in by_type(files).items():
        found |= validate(entry_type, typed)
    assert len(found) == len(files), "a file was judged twice or not at all"
    return found


@pytest.mark.parametrize("corpus", GOOD_CORPORA)
def test_check_jsonschema_accepts_every_good_entry(corpus, verdicts):
    files = corpus_files(REPO / corpus)
    assert len(files) >= 10, f"too few entries in {corpus} to prove anything"
    assert {str(f): verdicts[str(f)] for f in files if verdicts[str(f)]} == {}


def annals_rejects(case: Path) -> set[str]:
    """The files in a bad corpus that `annals check` reports."""
    expected = (case / "expected.txt").read_text().splitlines()[:-1]
    return {str(case / line.split(":")[0]) for line in expected}


@pytest.mark.parametrize("case", BAD_CASES)
def test_both_validators_reject_the_same_bad_files(case, verdicts):
    rejected_by_annals = annals_rejects(BAD / case)
    if case in UNREADABLE_TO_OTHER_TOOLS:
        assert rejected_by_annals, UNREADABLE_TO_OTHER_TOOLS[case]
        return
    files = corpus_files(BAD / case / "entries")
    assert files, f"{case} has no entry file"
    rejected_by_schema = {str(f) for f in files if verdicts[str(f)]}
    if case in BEYOND_ONE_FILE:
        assert rejected_by_schema == set() and rejected_by_annals, BEYOND_ONE_FILE[case]
    else:
        assert rejected_by_schema == rejected_by_annals


@pytest.mark.parametrize("text", ["2012", "2012-11", "2012-11-15", "2024-05-XX", "2024-XX", "201X", "20XX",
                                  "2024-02-29", "2012-11-15/2012-11-16", "2014/..", "../2012", "2018-02?",
                                  "2024-06~", "2019-06-06%", "2012-12/2013-01"])
def test_the_schema_date_pattern_accepts_what_the_parser_accepts(text):
    assert is_valid_edtf(text) and re.match(EDTF_PATTERN, text)


@pytest.mark.parametrize("text", ["2024-02-30", "2023-13-01", "15 Nov 2012", "2012-1-5", "2012-04-31",
                                  "2012/11/15", "", " 2012", "2024-05-xx", "2012-11-15T10:00"])
def test_the_schema_date_pattern_rejects_what_the_parser_rejects(text):
    assert not is_valid_edtf(text) and not re.match(EDTF_PATTERN, text)


def test_editor_settings_map_every_entry_folder_to_its_schema():
    """VS Code's YAML extension completes and checks every entry file, not only those `annals new` made."""
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"schemas/{t}.schema.json": [f"entries/{t}/*.yml"] for t in MODELS}
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file()
