#!/usr/bin/python3
"""check.py - who may depend on whom, checked on the sources and the objects.

    tests/layers/check.py [--root DIR] [--build DIR] [--rules FILE]

Five checks, each a list of `file:line: message` (or `file: message`) lines;
the exit status is 1 when any of them found something, else 0.

  includes  Every `#include "..."` of the C sources (sandbox/, sitegen/,
            fcgi/, tests/unit/, tests/fuzz/) names a file by its path from
            the repository root, and the including file's room may use
            the included file's room (tests/layers/rules). A private
            header (NAME_impl.h, NAME_private.h: a module's insides) is
            included only below its own folder (and by tests). Author-facing
            files compiled in the box keep `#include "qc.h"` (it is the
            property files' contract): that one name is allowed there.
  circles   No circle of includes between files.
  calls     From the objects of the build (nm): a file calls only into
            rooms its own may use, and no two files call each other,
            directly or through others (a circle of calls). An object
            counts when the source it was built from still exists.
  rules     The rules make no circle between rooms.
  lengths   No function of sandbox/, sitegen/ or fcgi/ runs over MAX_LINES
            lines (its name to its closing brace) unless the comment above
            it says why it is "kept whole".

The rooms and their rules are in tests/layers/rules; tests/layers/test_layers.py
proves that each check fails on a planted violation.
"""
import argparse
import os
import re
import subprocess
import sys

SOURCE_DIRS = ["sandbox", "sitegen", "fcgi", "tests/unit", "tests/fuzz"]
SKIP_DIRS = {"vendor"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# What the box compiles with -I on its own directory (qc.h's contract).
BOX_INCLUDES = {"qc.h"}
# Headers that hold a module's insides, for the files of its folder only.
PRIVATE = re.compile(r"_(impl|private)\.h$")
# The longest a function may be without a reason written beside it.
MAX_LINES = 100
FUNCTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\(")


def read_rules(path):
    """{room: set of rooms it may use}, in the file's order."""
    rules = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            room, uses = line[0].rstrip("/"), line[1:]
            if uses == ["-"]:
                uses = []
            rules[room] = set(u.rstrip("/") for u in uses)
    return rules


def room_of(path, rules):
    """The longest room that is a prefix of PATH, or None (tests/...: free)."""
    best = None
    for room in rules:
        if path == room or path.startswith(room + "/"):
            if best is None or len(room) > len(best):
                best = room
    return best


def may_use(a, b, rules):
    """May a file of room A depend on a file of room B?"""
    if a is None or b is None or a == b:
        return True
    return b in rules.get(a, set())


def sources(root):
    for d in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = sorted(x for x in dirnames if x not in SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith((".c", ".h")):
                    full = os.path.join(dirpath, name)
                    yield os.path.relpath(full, root)


def check_includes(root, rules):
    problems, graph, where = [], {}, {}
    for path in sources(root):
        graph.setdefault(path, set())
        with open(os.path.join(root, path), errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                name = m.group(1)
                if name in BOX_INCLUDES and path.startswith("sandbox/qc/"):
                    continue
                if not os.path.isfile(os.path.join(root, name)):
                    problems.append('%s:%d: #include "%s" names no file by its path from'
                                    ' the repository root' % (path, n, name))
                    continue
                a, b = room_of(path, rules), room_of(name, rules)
                home = os.path.dirname(name) + "/"
                if PRIVATE.search(name) and not path.startswith((home, "tests/")):
                    problems.append('%s:%d: %s is private to %s' % (path, n, name, home))
                elif not may_use(a, b, rules):
                    problems.append('%s:%d: %s may not include %s (%s uses only: %s)'
                                    % (path, n, a, name, a,
                                       " ".join(sorted(rules[a])) or "nothing"))
                graph[path].add(name)
                where[(path, name)] = n
    return problems, graph, where


def cycles(graph):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        # Iterative, so that a deep graph cannot exhaust Python's stack.
        work = [(v, iter(sorted(graph.get(v, ()))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def one_circle(comp, graph):
    """A shortest path A -> ... -> A inside the component COMP, for the message."""
    members, start = set(comp), comp[0]
    prev, queue = {}, []
    for w in sorted(graph.get(start, ())):
        if w == start:
            return [start, start]
        if w in members and w not in prev:
            prev[w] = start
            queue.append(w)
    while queue:
        v = queue.pop(0)
        for w in sorted(graph.get(v, ())):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return comp + [comp[0]]


def check_include_circles(graph, where):
    problems = []
    for comp in cycles(graph):
        path = one_circle(comp, graph)
        first = path[0]
        problems.append("%s:%d: a circle of includes: %s"
                        % (first, where.get((first, path[1]), 0), " -> ".join(path)))
    return problems


def objects(root, build):
    """{source: object} for the objects of the engine, sitegen and the service.

    The quickcheck tester's box objects (BUILD/sandbox/qc/box/...) are its
    sources built again with flags of their own; they count only for the
    sources the library does not hold (the runner's program)."""
    out, box = {}, {}
    for d in ("sandbox", "sitegen", "fcgi"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(build, d)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(".o"):
                    continue
                obj = os.path.join(dirpath, name)
                parts = os.path.relpath(obj, build)[:-2].split(os.sep)
                into = box if "box" in parts else out
                src = "/".join(x for x in parts if x != "box") + ".c"
                if os.path.isfile(os.path.join(root, src)):
                    into[src] = obj
    for src, obj in box.items():
        out.setdefault(src, obj)
    return out


def symbols(obj):
    """(defined, undefined) global symbols of OBJ."""
    p = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, check=True)
    defined, undefined = set(), set()
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == "U":
            undefined.add(name)
        elif kind in "TDBRCVW" and kind.isupper():
            defined.add(name)
    return defined, undefined


def check_calls(root, build, rules):
    objs = objects(root, build)
    if not objs:
        return ["%s: no objects of sandbox/, sitegen/ or fcgi/ to read: build first"
                % build], 0
    defs, undefs, owners = {}, {}, {}
    for src, obj in objs.items():
        defs[src], undefs[src] = symbols(obj)
        for s in defs[src]:
            owners.setdefault(s, []).append(src)
    problems, graph, why = [], {}, {}
    for src in sorted(objs):
        graph[src] = set()
        for s in sorted(undefs[src]):
            for dst in owners.get(s, []):
                if dst == src or s == "main":
                    continue
                graph[src].add(dst)
                why.setdefault((src, dst), []).append(s)
    for src in sorted(graph):
        a = room_of(src, rules)
        for dst in sorted(graph[src]):
            b = room_of(dst, rules)
            if not may_use(a, b, rules):
                problems.append("%s: calls %s of %s, but %s may not use %s"
                                % (src, ", ".join(why[(src, dst)][:3]), dst, a, b))
    for comp in cycles(graph):
        path = one_circle(comp, graph)
        steps = ["%s -(%s)-> %s" % (path[i], why[(path[i], path[i + 1])][0], path[i + 1])
                 for i in range(len(path) - 1)]
        problems.append("%s: a circle of calls: %s" % (path[0], "; ".join(steps)))
    return problems, len(objs)


def check_lengths(root):
    """Functions (in the project's style: the name at the start of a line,
    the body closed by a brace at the start of a line) over MAX_LINES lines
    with no "kept whole" in the comment just above them."""
    problems = []
    for path in sources(root):
        if not path.startswith(("sandbox/", "sitegen/", "fcgi/")) or not path.endswith(".c"):
            continue
        with open(os.path.join(root, path), errors="replace") as f:
            lines = f.read().split("\n")
        start = None
        for i, line in enumerate(lines):
            if FUNCTION.match(line) and not line.rstrip().endswith(";"):
                start = i
            elif line.startswith("}") and start is not None:
                length = i - start
                if length > MAX_LINES:
                    # The comment above the return type's line.
                    j = start - 2
                    above = []
                    while j >= 0 and lines[j].strip() and not lines[j].startswith("}"):
                        above.append(lines[j])
                        j -= 1
                    if "kept whole" not in " ".join(x.strip(" */") for x in above):
                        name = lines[start].split("(")[0]
                        problems.append('%s:%d: %s is %d lines (more than %d): split it into'
                                        ' named steps, or say above it why it is "kept whole"'
                                        % (path, start + 1, name, length, MAX_LINES))
                start = None
    return problems


def check_rules(rules):
    graph = {room: set(uses) for room, uses in rules.items()}
    problems = []
    for room, uses in rules.items():
        for u in sorted(uses):
            if u not in rules:
                problems.append("rules: %s uses %s, which is no room" % (room, u))
    for comp in cycles(graph):
        problems.append("rules: a circle of rooms: %s" % " -> ".join(one_circle(comp, graph)))
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--build", default=None, help="the build directory (default ROOT/$B or ROOT/build)")
    ap.add_argument("--rules", default=None)
    ap.add_argument("--no-calls", action="store_true", help="only the sources")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    build = a.build or os.path.join(root, os.environ.get("B", "build"))
    rules_path = a.rules or os.path.join(root, "tests/layers/rules")
    try:
        rules = read_rules(rules_path)
    except OSError as e:
        print("%s: %s" % (rules_path, e.strerror))
        return 2

    found = check_rules(rules)
    inc, graph, where = check_includes(root, rules)
    found += inc + check_include_circles(graph, where) + check_lengths(root)
    nobj = 0
    if not a.no_calls:
        calls, nobj = check_calls(root, build, rules)
        found += calls
    for line in found:
        print(line)
    print("%d files, %d objects, %d rooms: %s" % (
        len(graph), nobj, len(rules),
        "%d problem%s" % (len(found), "" if len(found) == 1 else "s") if found else "no problem"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
