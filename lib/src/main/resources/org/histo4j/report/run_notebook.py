"""Executes one notebook headless for histo4j (`histo4j notebooks run`).

Usage: run_notebook.py INPUT.ipynb OUTPUT.ipynb OUTPUT.html KERNEL CELL_TIMEOUT STARTUP_TIMEOUT ATTEMPTS

Runs every cell in order under KERNEL with the notebook's folder as working directory (the kernel's own log goes
to OUTPUT.ipynb.kernel.log), retries a kernel that
dies or hangs while starting (the rapaio kernel sometimes does: "Kernel died before replying to kernel_info"),
stops at the first failing cell, writes the executed copy (signed, so its charts show when opened) and an HTML
copy. Exit codes: 0 ok, 3 a cell failed (its index and error on stderr), 4 the kernel never started.
"""
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary


def main(argv):
    src, out_nb, out_html, kernel, cell_timeout, startup_timeout, attempts = argv[1:8]
    notebook = nbformat.read(src, as_version=4)
    workdir = os.path.dirname(os.path.abspath(src))
    status = 4
    for attempt in range(1, int(attempts) + 1):
        client = NotebookClient(notebook, kernel_name=kernel, timeout=int(cell_timeout),
                                startup_timeout=int(startup_timeout), allow_errors=False,
                                resources={"metadata": {"path": workdir}})
        try:
            with open(out_nb + ".kernel.log", "w") as kernel_log:
                status = run_cells(client, notebook, kernel_log)
            break
        except KernelStartFailed as e:
            print(f"kernel {kernel} did not start (attempt {attempt} of {attempts}): {e}", file=sys.stderr)
            clear_outputs(notebook)
            time.sleep(2)
    if status != 4:
        save(notebook, out_nb, out_html)
    return status


class KernelStartFailed(Exception):
    pass


def run_cells(client, notebook, kernel_log):
    """Runs the cells; the kernel's own chatter goes to kernel_log, not the terminal."""
    try:
        with client.setup_kernel(stderr=kernel_log, stdout=kernel_log):
            info = client.wait_for_reply(client.kc.kernel_info())
            notebook.metadata["language_info"] = info["content"].get("language_info", {})
            return execute_all(client, notebook)
    except (RuntimeError, TimeoutError, DeadKernelError) as e:
        if any(cell.get("execution_count") for cell in notebook.cells):
            print(f"kernel died while running the notebook: {e}", file=sys.stderr)
            return 3
        raise KernelStartFailed(str(e)) from e


def execute_all(client, notebook):
    code_index = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        code_index += 1
        started = time.time()
        try:
            client.execute_cell(cell, index, execution_count=code_index)
        except (CellExecutionError, CellTimeoutError) as e:
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            print(f"cell {index} (code cell {code_index}: {first_line[:80]}) failed: {summary(e)}",
                  file=sys.stderr)
            return 3
        print(f"  cell {index} done in {time.time() - started:.1f} s", file=sys.stderr)
    return 0


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def summary(error):
    text = ANSI.sub("", str(error)).strip().splitlines()
    useful = [line for line in text if line.strip() and not line.startswith("---")]
    return " | ".join(useful[-3:]) if useful else type(error).__name__


def clear_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def save(notebook, out_nb, out_html):
    NotebookNotary().sign(notebook)
    nbformat.write(notebook, out_nb)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(body)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
