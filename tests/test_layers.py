"""Import contracts of the layers and the size rule for modules, read from the source (no import runs).

Layers, lowest first: ``portal.common`` < ``portal.model`` < ``portal.load`` < ``portal.exports`` <
``portal.pages`` < ``portal.site`` and ``portal.cli`` (``portal.__main__`` belongs to the command line).
A module may import its own layer and those below, never one above; ``site`` and ``cli`` do not import
each other; only ``portal.site`` imports a site generator (MkDocs, Material). Every import counts:
at the top, inside functions, under ``TYPE_CHECKING`` and through ``importlib.import_module("...")``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "portal"

LAYERS = {
    "portal.common": 0,
    "portal.model": 1,
    "portal.load": 2,
    "portal.exports": 3,
    "portal.pages": 4,
    "portal.site": 5,
    "portal.cli": 5,
    "portal.__main__": 5,
}
"""Layer of each part of the package (longest prefix wins); ``portal`` itself is only a docstring."""

APART = {("portal.site", "portal.cli"), ("portal.cli", "portal.site"), ("portal.__main__", "portal.site")}
"""Parts on one level that must not import each other (the command line runs no site build)."""

GENERATOR_PACKAGES = ("mkdocs", "material")
"""Top-level packages of the site generator and its theme (``mkdocs_*`` plugins count as MkDocs)."""
GENERATOR_LAYER = "portal.site"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. portal.pages.plan
    target: str  # what it imports, e.g. portal.site.build
    file: Path
    line: int


def module_name(file: Path, package: Path) -> str:
    parts = file.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(file: Path, package: Path) -> Iterator[Import]:
    """Every import in ``file``, wherever it stands, with relative imports resolved."""
    module = module_name(file, package)
    is_package = file.name == "__init__.py"
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, file, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # ``from portal import pages`` imports portal.pages
                yield Import(module, f"{base}.{alias.name}" if alias.name != "*" else base, file, node.lineno)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str) and _is_dynamic_import(node.func)):
            yield Import(module, node.args[0].value, file, node.lineno)


def _is_dynamic_import(func: ast.expr) -> bool:
    return ((isinstance(func, ast.Attribute) and func.attr == "import_module")
            or (isinstance(func, ast.Name) and func.id in {"import_module", "__import__"}))


def part_of(module: str) -> str | None:
    """The layer ``module`` belongs to (a key of LAYERS), or None outside them."""
    matches = [part for part in LAYERS if module == part or module.startswith(part + ".")]
    return max(matches, key=len) if matches else None


def violations(package: Path) -> list[str]:
    """Every broken contract in ``package``, as ``file:line: message`` (empty when all hold)."""
    found = []
    for file in sorted(package.rglob("*.py")):
        for imp in imports_of(file, package):
            where = f"{file.relative_to(package.parent)}:{imp.line}"
            source, target = part_of(imp.module), part_of(imp.target)
            top = imp.target.split(".")[0]
            if (top in GENERATOR_PACKAGES or top.startswith("mkdocs_")) and source != GENERATOR_LAYER:
                found.append(f"{where}: {imp.module} imports {imp.target}; only {GENERATOR_LAYER} may know "
                             "the site generator")
            if source is None or target is None or source == target:
                continue
            if LAYERS[target] > LAYERS[source]:
                found.append(f"{where}: {imp.module} ({source}) imports {imp.target} from the higher layer {target}")
            elif (source, target) in APART:
                found.append(f"{where}: {imp.module} ({source}) imports {imp.target}; {source} and {target} "
                             "are kept apart")
    return found


def test_the_portal_keeps_its_import_contracts():
    problems = violations(PACKAGE)
    assert not problems, "Import contracts broken:\n" + "\n".join(problems)


def test_every_module_is_in_a_layer():
    outside = [module_name(f, PACKAGE) for f in PACKAGE.rglob("*.py")
               if part_of(module_name(f, PACKAGE)) is None and module_name(f, PACKAGE) != "portal"]
    assert not outside, f"Modules in no layer (add them to LAYERS in tests/test_layers.py): {outside}"


# --- the checker itself, on synthetic packages --------------------------------------------------------------


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "portal"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(package).parents:
            (package / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return package


CLEAN = {
    "common/errors.py": "import os\n",
    "model/records.py": "from portal.common import errors\n",
    "load/loader.py": "from portal.model.records import X\nfrom ..common.errors import E\n",
    "exports/ics.py": "from portal.load import loader\n",
    "pages/plan.py": "from portal.exports import ics\nfrom . import geo\n",
    "pages/geo.py": "",
    "site/hooks.py": "import mkdocs.config\nfrom material import x\nfrom portal.pages.plan import P\n",
    "cli/main.py": "from portal.pages import plan\n",
    "__main__.py": "from portal.cli.main import main\n",
}


def test_the_checker_passes_a_package_that_keeps_the_contracts(tmp_path):
    assert violations(_package(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(("name", "text", "message"), [
    ("model/records.py", "from portal.load.loader import load\n", "portal.model.records (portal.model) imports "
     "portal.load.loader.load from the higher layer portal.load"),
    ("model/records.py", "def f():\n    import portal.pages.plan\n", "from the higher layer portal.pages"),
    ("common/errors.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from portal.model import records\n",
     "from the higher layer portal.model"),
    ("exports/ics.py", "from portal.pages.plan import relative_url\n", "from the higher layer portal.pages"),
    ("exports/ics.py", "from portal import pages\n", "imports portal.pages from the higher layer"),
    ("pages/plan.py", "from ..site import hooks\n", "imports portal.site.hooks from the higher layer portal.site"),
    ("pages/plan.py", "import importlib\nimportlib.import_module('portal.cli.main')\n", "higher layer portal.cli"),
    ("cli/main.py", "from portal.site import hooks\n", "portal.cli and portal.site are kept apart"),
    ("site/hooks.py", "def f():\n    from portal.cli.main import main\n", "portal.site and portal.cli are kept apart"),
    ("pages/plan.py", "def f():\n    from mkdocs.structure.pages import Page\n", "only portal.site may know"),
    ("load/loader.py", "import material.plugins\n", "only portal.site may know the site generator"),
    ("cli/main.py", "import mkdocs_macros.plugin\n", "only portal.site may know the site generator"),
])
def test_the_checker_finds_a_broken_contract(tmp_path, name, text, message):
    problems = violations(_package(tmp_path, {**CLEAN, name: text}))
    assert len(problems) == 1 and message in problems[0], problems
    assert problems[0].startswith(f"portal/{name}:")


# --- size and docstrings ------------------------------------------------------------------------------------

LINE_LIMIT = 300


def size_problems(package: Path, limit: int) -> list[str]:
    """Modules over ``limit`` lines and modules without a docstring."""
    problems = []
    for file in sorted(package.rglob("*.py")):
        name = file.relative_to(package.parent).as_posix()
        text = file.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > limit:
            problems.append(f"{name}: {lines} lines, more than {limit}; split it by what its parts do")
        if not (ast.get_docstring(ast.parse(text)) or "").strip():
            problems.append(f"{name}: no module docstring saying what it does and who calls it")
    return problems


def test_modules_are_small_and_say_what_they_do():
    problems = size_problems(PACKAGE, LINE_LIMIT)
    assert not problems, "\n".join(problems)


def test_the_size_rule_finds_long_and_undocumented_modules(tmp_path):
    body = '"""Doc."""\n' + "x = 1\n" * 10
    package = _package(tmp_path, {"a.py": body, "b.py": body[:-6], "d.py": "x = 1\n"})
    assert size_problems(package, 10) == [
        "portal/__init__.py: no module docstring saying what it does and who calls it",
        "portal/a.py: 11 lines, more than 10; split it by what its parts do",
        "portal/d.py: no module docstring saying what it does and who calls it",
    ]
