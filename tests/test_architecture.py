"""The pipeline's shape, checked: data flows one way and no module grows past a page or two."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "annals"

STAGES = [
    {"annals.problems", "annals.entry_types", "annals.markdown", "annals.dates", "annals.settings",
     "annals.thirdparty"},  # read by every stage
    {"annals.load"},
    {"annals.values", "annals.vocabulary", "annals.parts", "annals.model"},
    {"annals.validate", "annals.fields"},
    {"annals.reads", "annals.site", "annals.evidence", "annals.link"},
    {"annals.history", "annals.lint", "annals.archives", "annals.publication"},
    {"annals.schema", "annals.scaffold", "annals.rename", "annals.render", "annals.reference", "annals.sanitize"},
    {"annals.export"},  # the data files, made from the linked site beside the pages
    {"annals.pipeline"},
    {"annals.devserver", "annals.banner", "annals.beside", "annals.preview", "annals.redirects", "annals.search", "annals.nav", "annals.plugin", "annals.build",
     "annals.diff", "annals.console", "annals.cli"},
]
"""Each module may import its own stage and earlier ones, never a later one."""

MAX_LINES = 330
"""About a page or two: a module a newcomer reads in one sitting."""


def stage_of(module: str) -> int:
    parts = module.split(".")
    for length in range(len(parts), 1, -1):
        name = ".".join(parts[:length])
        for index, stage in enumerate(STAGES):
            if name in stage:
                return index
    raise AssertionError(f"{module} is in no stage: add it to STAGES")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "annals":
            found[name] = path
    return found


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "annals":  # from annals import devserver
            found |= {f"annals.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("annals"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("annals")}
    return found


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_imports_a_later_stage(module):
    path = modules()[module]
    later = sorted(i for i in imports(path) if stage_of(i) > stage_of(module))
    assert later == [], f"{module} (stage {stage_of(module)}) imports later stages: {later}"


def test_load_imports_nothing_but_the_shared_leaves_and_itself():
    for name, path in modules().items():
        if name.startswith("annals.load"):
            outside = {i for i in imports(path) if not i.startswith("annals.load")}
            assert stage_of_all(outside) <= {0}, f"{name} imports {sorted(outside)}"


def stage_of_all(names: set[str]) -> set[int]:
    return {stage_of(n) for n in names}


@pytest.mark.parametrize("module", sorted(modules()))
def test_every_module_is_short(module):
    lines = len(modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by job"


THIRD_PARTY_INTERNALS = "annals.thirdparty"
"""The one module that may use another project's private names (each read from a pinned version)."""


def private_uses(path: Path) -> list[str]:
    """Private names a module reaches outside itself: ``from annals.x import _y``, ``obj._y`` on anything but
    ``self``, ``cls`` or ``super()``, and ``getattr(obj, "_y")``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("annals"):
            found += [f"{node.lineno}: from {node.module} import {a.name}" for a in node.names
                      if a.name.startswith("_")]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            own = (isinstance(owner, ast.Name) and owner.id in ("self", "cls")) or \
                (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super")
            if not own:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr",
                                                                                               "setattr"):
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and name.value.startswith("_") \
                    and not name.value.startswith("__"):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return sorted(found, key=lambda text: int(text.split(":")[0]))


@pytest.mark.parametrize("module", sorted(set(modules()) - {THIRD_PARTY_INTERNALS}))
def test_no_module_uses_a_private_name_outside_its_own(module):
    assert private_uses(modules()[module]) == []


def test_the_check_for_private_names_sees_each_form(tmp_path):
    """Guards the test above: each way of reaching a private name is found."""
    source = tmp_path / "m.py"
    source.write_text("from annals.dates.value import _Part\nsite._placed(1)\nsuper()._ok()\nself._ok\n"
                      "getattr(server, '_rebuild_cond')\n", encoding="utf-8")
    assert private_uses(source) == ["1: from annals.dates.value import _Part", "2: site._placed",
                                    "5: getattr(server, '_rebuild_cond')"]


SITE_MAPPINGS = "annals.reads"
"""The one module that may call a mapping's methods through ``dict`` itself: the site's mappings note every read
made through their own methods, and ``dict.get(site.entries, key)`` would read past the notes."""


def unbound_mapping_calls(path: Path) -> list[str]:
    """Calls such as ``dict.get(m, k)`` or ``defaultdict.keys(m)``; ``dict.fromkeys`` makes a new mapping."""
    return [f"{node.lineno}: {ast.unparse(node.func)}" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("dict", "defaultdict")
            and node.func.attr != "fromkeys"]


@pytest.mark.parametrize("module", sorted(set(modules()) - {SITE_MAPPINGS}))
def test_no_module_reads_a_mapping_past_its_own_methods(module):
    assert unbound_mapping_calls(modules()[module]) == []


def test_the_check_for_unbound_mapping_calls_sees_each_form(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("dict.get(site.entries, k)\ndefaultdict.keys(m)\ndict.fromkeys([1])\nd.get(k)\n",
                      encoding="utf-8")
    assert unbound_mapping_calls(source) == ["1: dict.get", "2: defaultdict.keys"]


def public_names(path: Path) -> set[str]:
    """A module's top-level classes, public functions and type aliases (``Read = tuple[...]``)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
            found.add(node.name)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name[:1].isupper() and not name.isupper():  # a type alias, not a constant
                found.add(name)
    return found


def test_one_meaning_per_name():
    """Two modules defining one name (two Parts, two Pages) make readers of the code guess which is meant;
    MkDocs' own Page and File are taken too, since the plugin uses both."""
    defined: dict[str, list[str]] = {"Page": ["mkdocs.structure.pages"], "File": ["mkdocs.structure.files"]}
    for module, path in modules().items():
        for name in public_names(path):
            defined.setdefault(name, []).append(module)
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}
