"""The architecture as contracts (pyproject.toml, [tool.importlinter]; docs/architecture.md): the
command line wires exporters, validation and ingest; those three stand on the model and know
nothing of each other; the model imports nothing above it; no package's parts import in a loop.

import-linter checks them on the real code, and on copies of it with one upward import or one
loop planted, which it must refuse.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERED = ("kcmodel.cli", "kcmodel.ingest", "kcmodel.validation")


def lint(root: Path) -> subprocess.CompletedProcess:
    """lint-imports on the code under ``root``, with the project's contracts."""
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", script, "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, check=False)


def copy_of_the_code(tmp_path: Path) -> Path:
    for package in ("kcmodel", "exporters"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_code_keeps_every_contract():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in done.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("kcmodel/facts.py", "import exporters.xbrl", "kcmodel.facts is not allowed to import exporters"),
    ("kcmodel/report.py", "import kcmodel.validation", "kcmodel.report is not allowed to import kcmodel.validation"),
    ("exporters/rdf/graph.py", "import kcmodel.validation.periods", "exporters is not allowed to import kcmodel.validation"),
    ("kcmodel/ingest/reader.py", "import kcmodel.validation", "kcmodel.ingest is not allowed to import kcmodel.validation"),
    ("exporters/html/site.py", "import exporters.artifacts", "No loops between the parts of a package"),
])
def test_an_upward_import_or_a_loop_breaks_a_contract(tmp_path, module, line, broken):
    root = copy_of_the_code(tmp_path)
    plant(root / module, line)
    done = lint(root)
    assert done.returncode == 1
    assert broken in " ".join(done.stdout.split())


def test_every_module_of_the_model_is_bound_by_the_model_contract():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    model = next(c for c in contracts if c["id"] == "model")
    modules = {f"kcmodel.{p.stem if p.suffix else p.name}" for p in (ROOT / "kcmodel").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert set(model["source_modules"]) == modules - set(LAYERED)
