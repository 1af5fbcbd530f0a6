"""Executes a notebook top to bottom with nbclient (the examples test): any cell error fails the run.
The notebook file itself is not modified."""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

path = pathlib.Path(sys.argv[1]).resolve()
notebook = nbformat.read(path, as_version=4)
client = NotebookClient(notebook, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
client.execute()
outputs = sum(len(c.get("outputs", [])) for c in notebook.cells if c.cell_type == "code")
print(f"{path.name}: {len(notebook.cells)} cells executed, {outputs} outputs")
