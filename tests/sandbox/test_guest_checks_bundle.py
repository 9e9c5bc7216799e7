"""The check files share one test component (conftest.py's ``checks_component``): appended one
after another to the real glue and ``check_hooks_guest_extra.py``, they share one module's
namespace and one ``GUEST_CHECKS`` table. So no top-level name may be bound by two of those files
in different ways (the later binding would silently replace the earlier one's helper), and no
check's marker may start another's (an input would then go to both checks). Read from the
sources on the host, without building anything.
"""

from __future__ import annotations

import ast

from tests.sandbox.conftest import CHECK_FILES, CHECK_HOOKS

from riptide.sandbox.build import GUEST_MODULE

#: Names the hooks rebind on purpose: subclasses of the glue's exports that route marked inputs.
HOOKED_EXPORTS = frozenset({"Extractor", "Packed"})


def _assigned_names(target: ast.expr) -> list[str]:
    """The names an assignment target binds (``GUEST_CHECKS[key] = ...`` binds none)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for item in target.elts for name in _assigned_names(item)]
    if isinstance(target, ast.Starred):
        return _assigned_names(target.value)
    return []


def top_level_bindings(source: str) -> dict[str, str]:
    """Each name a module binds at top level, with the source of the statement binding it."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}
    for statement in tree.body:
        names: list[str] = []
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [statement.name]
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [name for target in targets for name in _assigned_names(target)]
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            names = [(alias.asname or alias.name).split(".")[0] for alias in statement.names]
        for name in names:
            bound[name] = ast.get_source_segment(source, statement) or ""
    return bound


def clashes(sources: dict[str, str], exempt: frozenset[str] = frozenset()) -> list[str]:
    """Names that two of ``sources`` (name -> module source) bind by different statements."""
    first: dict[str, tuple[str, str]] = {}
    found = []
    for where, source in sources.items():
        for name, statement in top_level_bindings(source).items():
            if name in exempt:
                continue
            if name in first and first[name][1] != statement:
                found.append(f"{name}: {first[name][0]} and {where}")
            first.setdefault(name, (where, statement))
    return found


def check_markers(source: str) -> list[str]:
    """The markers a check file registers: the string constants named as ``GUEST_CHECKS`` keys."""
    tree = ast.parse(source)
    constants = {
        target.id: statement.value.value
        for statement in tree.body
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    return [
        constants[target.slice.id]
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and target.value.id == "GUEST_CHECKS"
        and isinstance(target.slice, ast.Name)
    ]


def test_every_check_file_is_bundled() -> None:
    assert len(CHECK_FILES) >= 10
    assert all(check_markers(path.read_text()) for path in CHECK_FILES), "a check file registers no check"


def test_no_name_is_bound_two_ways_in_the_checks_component() -> None:
    sources = {path.name: path.read_text() for path in (GUEST_MODULE, CHECK_HOOKS, *CHECK_FILES)}
    assert clashes(sources, exempt=HOOKED_EXPORTS) == []


def test_no_marker_starts_another() -> None:
    markers = [marker for path in CHECK_FILES for marker in check_markers(path.read_text())]
    assert all(isinstance(marker, str) and marker for marker in markers)
    overlapping = [
        (a, b) for i, a in enumerate(markers) for j, b in enumerate(markers) if i != j and b.startswith(a)
    ]
    assert overlapping == []


def test_a_clash_is_seen() -> None:
    """The checks above can fail: a helper or marker bound two ways is named."""
    one = 'MARK = "A\\n"\n\ndef _helper(x):\n    return x\n'
    other = 'MARK = "A\\n"\n\ndef _helper(x):\n    return -x\n'
    assert clashes({"one.py": one, "other.py": other}) == ["_helper: one.py and other.py"]
    assert clashes({"one.py": one, "same.py": one}) == []
    assert check_markers('M = "X\\n"\nGUEST_CHECKS[M] = f\n') == ["X\n"]
