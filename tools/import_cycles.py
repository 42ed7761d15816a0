"""List numcheck's import circles, module by module, with the lines that close them.

grimp reads every import statement, including those inside functions and under TYPE_CHECKING, which is
what the layer contract (`lint-imports`) judges too; this prints the circles themselves, which that
contract's report does not. Exit 1 when there is one.

    python tools/import_cycles.py
"""

from __future__ import annotations

import sys

import grimp


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or around a circle (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            step = next(targets, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(edges.get(step, ())))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def main() -> int:
    graph = grimp.build_graph("numcheck", cache_dir=None)
    edges = {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}
    groups = strongly_connected(edges)
    for group in groups:
        print(f"circle of {len(group)}:")
        for importer in group:
            for imported in sorted(edges[importer] & set(group)):
                lines = ", ".join(str(detail["line_number"]) for detail in graph.get_import_details(importer=importer, imported=imported))
                print(f"  {importer} -> {imported} (line {lines})")
    print(f"{len(groups)} circle(s)")
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
