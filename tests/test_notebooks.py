"""The research notebooks run top to bottom on the bundled corpus, and are stored without outputs.

Each notebook asserts real figures in its cells (counted by hand in data/corpus), so a notebook
that silently shows nothing fails here. They run in a kernel of the interpreter running pytest,
with the notebooks folder as working directory, as a user opening them in Jupyter would.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
TIMEOUT_SECONDS = 300
KERNEL_NAME = "kg-test-python3"


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert {"01_agency_workload.ipynb", "02_policy_lifecycle.ipynb", "03_agency_duties.ipynb",
            "04_policy_succession.ipynb"} <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_mentions_only_relative_paths(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "/work/" not in cell.source and "/home/" not in cell.source, f"{path.name}: absolute path"


@pytest.fixture(scope="session")
def kernel_manager_factory(tmp_path_factory):
    """Kernels of this interpreter: the installed ``python3`` spec may name another ``python``."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(kernels / KERNEL_NAME)
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    assert specs.get_kernel_spec(KERNEL_NAME).argv[0] == sys.executable
    return lambda: KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, kernel_manager_factory):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, km=kernel_manager_factory(), timeout=TIMEOUT_SECONDS,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    client.execute()  # raises CellExecutionError naming the cell and the traceback
    assert any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
