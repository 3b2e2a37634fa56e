#!/usr/bin/python3
"""test_authoring.py - what an exercise author meets, through the runner
(run directly, outside the jail): a report that says when shrinking stopped
at its budget, the size schedule whatever max-success is, the guarded-block
limit, and the generators of qc.h's later sections, each on a property file
of tests/qc/authoring (or the bug collection's).

TAP output; run by tests/run (suite qc).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ok, done  # noqa: E402
import qclib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
AUTHORING = os.path.join(HERE, "authoring")


class Exercise:
    """A property file of tests/qc/authoring and the student's code (a
    string), in the shape qclib.build() takes."""

    def __init__(self, tmp, props, code, name=None):
        self.name = name or os.path.basename(props)[:-2]
        self.props = os.path.join(AUTHORING, props)
        self.path = os.path.join(tmp, self.name + "-code.c")
        with open(self.path, "w") as f:
            f.write(code)


def bug(name):
    return [b for b in qclib.bugs() if b.name == name][0]


def test_shrink_stopped(tmp):
    b = bug("sum_overflow")
    objs = qclib.build(b, tmp)
    rep, p = qclib.run(objs, 1, "--shrink-calls=3")
    prop = qclib.first_failure(rep)
    ok(prop.get("result") == "falsified" and prop.get("shrink-stopped") == "1" and
       prop.get("calls", 99) <= 3,
       "a budget of 3 shrink calls: the report says shrinking stopped (shrink-stopped 1)",
       "%s\n%s" % (prop, p.stderr))
    rep, p = qclib.run(objs, 1)
    prop = qclib.first_failure(rep)
    ok(qclib.matches(b, prop) and "shrink-stopped" not in prop,
       "with the default budget it reaches the minimum and says nothing of a stop", prop)


def test_size(tmp):
    objs = qclib.build(Exercise(tmp, "size.c", ""), tmp)
    for n, most in ((100, 100), (10000, 100), (10, 10)):
        rep, p = qclib.run(objs, 1, "--max-success=%d" % n)
        prop = qclib.first_failure(rep)
        ok(prop.get("result") == "falsified" and prop.get("tests", 10 ** 9) <= most and
           prop.get("input") == ["int size = %d;" % (50 if n >= 100 else 55)],
           "max-success %d: the size reaches 50 within %d tests (%s)" %
           (n, most, prop.get("tests")), "%s\n%s" % (prop, p.stderr))


TOTAL = """long long total(int *const *rows, int nrows, int ncols)
{
	long long s = 0;

	for (int i = 0; i < nrows; i++)
		for (int j = 0; j < ncols; j++)
			s += rows[i][j];
	return s;
}
"""


def test_blocks(tmp):
    objs = qclib.build(Exercise(tmp, "rows.c", TOTAL), tmp)
    rep, p = qclib.run(objs, 1, "--max-success=20")
    ok(rep["done"] and [q.get("result") for q in rep["props"]] == ["passed"],
       "a list of 100 lists of 100 (101 guarded blocks) crosses to the student's function",
       "%s\n%s" % (rep, p.stderr))
    objs = qclib.build(Exercise(tmp, "rows.c", TOTAL.replace("j < ncols", "j <= ncols"),
                                "rows_past"), tmp)
    rep, p = qclib.run(objs, 1, "--max-success=20")
    prop = qclib.first_failure(rep)
    ok(prop.get("result") == "crashed" and "past the end" in prop.get("fault", ""),
       "... each of them guarded: a read past the end of a row crashes and says so",
       "%s\n%s" % (prop, p.stderr))


NESTED = """#include <stddef.h>
struct node { int v; struct node *l, *r; };

long long total(int *const *rows, const size_t *lens, size_t n)
{
	long long s = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < lens[i]; j++)
			s += rows[i][j];
	return s;
}

long long tree_sum(const struct node *t)
{
	return t == NULL ? 0 : t->v + tree_sum(t->l) + tree_sum(t->r);
}
"""


def test_nested(tmp):
    objs = qclib.build(Exercise(tmp, "nested.c", NESTED), tmp)
    rep, p = qclib.run(objs, 1)
    ok(rep["done"] and [q.get("result") for q in rep["props"]] == ["passed", "passed"],
       "a list of lists and a tree cross to the student's functions, pointers and all",
       "%s\n%s" % (rep, p.stderr))
    bugs = (("i < n;", "i + 1 < n;", "last_list", 0,
             ["int *rows[1] = {(int[1]){1}};", "size_t lens[1] = {1};", "size_t n = 1;"]),
            ("tree_sum(t->l) + tree_sum(t->r)", "tree_sum(t->l)", "no_right", 1,
             ["struct node *t = NODE(0, NULL, NODE(1, NULL, NULL));"]))
    for old, new, name, index, minimal in bugs:
        objs = qclib.build(Exercise(tmp, "nested.c", NESTED.replace(old, new), name), tmp)
        for seed in (1, 2, 3):
            rep, p = qclib.run(objs, seed)
            prop = rep["props"][index] if len(rep["props"]) > index else {}
            ok(prop.get("result") == "falsified" and prop.get("input") == minimal,
               "%s, seed %d: shrunk to %s" % (name, seed, " ".join(minimal)),
               "%s\n%s" % (prop, p.stderr))


def main():
    tmp = tempfile.mkdtemp(prefix="assay-qc-authoring-")
    try:
        if not os.path.exists(qclib.RUNNER):
            ok(False, "the runner is built (%s): run make" % qclib.RUNNER)
        else:
            test_shrink_stopped(tmp)
            test_size(tmp)
            test_blocks(tmp)
            test_nested(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
