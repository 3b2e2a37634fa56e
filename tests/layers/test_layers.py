#!/usr/bin/python3
"""test_layers.py - the layering check (tests/layers/check.py) holds on the
tree, and fails, saying where, on each kind of violation planted in a
temporary copy: a forbidden include for each rule the design names, an
include that does not name its path, a circle of includes, a circle of
calls and a call into a forbidden room (from objects compiled here), and a
circle in the rules.

TAP output; run by tests/run (suite `layers`).
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CHECK = os.path.join(HERE, "check.py")
RULES = os.path.join(HERE, "rules")
B = os.environ.get("B", "build")
n = 0
failed = 0


def ok(cond, what, detail=None):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
    if not cond:
        failed += 1
        if detail:
            for line in str(detail).splitlines()[:30]:
                print("# " + line)


def check(root, *args):
    return subprocess.run([CHECK, "--root", root] + list(args), capture_output=True, text=True)


def copy_sources(tmp):
    """The C sources and the rules, as git sees them (untracked ones too), in TMP."""
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached", "--others",
                            "--exclude-standard", "sandbox", "sitegen", "fcgi",
                            "tests/unit", "tests/fuzz", "tests/layers", "tests/tap.h"],
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if not os.path.isfile(os.path.join(ROOT, f)):
            continue  # deleted in the working tree, not yet in git
        os.makedirs(os.path.join(tmp, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), os.path.join(tmp, f))


def first_c(tmp, room):
    for name in sorted(os.listdir(os.path.join(tmp, room))):
        if name.endswith(".c"):
            return os.path.join(room, name)
    raise RuntimeError("no .c in " + room)


def plant(tmp, path, line):
    """Adds LINE after the first line of PATH; returns its line number."""
    full = os.path.join(tmp, path)
    with open(full) as f:
        text = f.readlines()
    text.insert(1, line + "\n")
    with open(full, "w") as f:
        f.writelines(text)
    return 2


def test_tree():
    p = check(ROOT, "--build", os.path.join(ROOT, B))
    ok(p.returncode == 0, "the tree keeps every rule (includes, calls, no circles)",
       p.stdout + p.stderr)


def test_includes(base):
    # (file of the room, include, the rule it breaks)
    cases = [
        (first_c(base, "sandbox/jail"), "fcgi/store.h", "nothing under sandbox/ includes fcgi/"),
        (first_c(base, "sandbox/format"), "sitegen/page.h", "nothing under sandbox/ includes sitegen/"),
        (first_c(base, "sitegen"), "fcgi/store.h", "sitegen/ never includes fcgi/"),
        (first_c(base, "fcgi"), "sitegen/page.h", "fcgi/ never includes sitegen/"),
        (first_c(base, "sandbox/jail"), "sandbox/testers/tester.h", "the jail includes no tester"),
        (first_c(base, "sandbox/jail"), "sandbox/qc/qc.h", "the jail includes no qc file"),
        (first_c(base, "sandbox/format"), "sandbox/jail/jail.h", "the formats include no jail"),
        (first_c(base, "sandbox/util"), "sandbox/format/spec.h", "util is the bottom room"),
        ("sandbox/testers/tester_quickcheck.c", "sandbox/qc/qc_impl.h",
         "the grader reads no insides of the property library"),
        (first_c(base, "sandbox/testers"), "sandbox/jail/jail_impl.h",
         "a tester reads no insides of the jail"),
    ]
    for path, header, rule in cases:
        with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
            shutil.copytree(base, tmp, dirs_exist_ok=True)
            line = plant(tmp, path, '#include "%s"' % header)
            p = check(tmp, "--no-calls")
            want = "%s:%d: " % (path, line)
            ok(p.returncode == 1 and any(x.startswith(want) and header in x
                                         for x in p.stdout.splitlines()),
               "planted: %s (%s includes %s) fails at %s" % (rule, path, header, want),
               p.stdout + p.stderr)

    with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
        shutil.copytree(base, tmp, dirs_exist_ok=True)
        path = first_c(base, "sandbox/testers")
        line = plant(tmp, path, '#include "spec.h"')
        p = check(tmp, "--no-calls")
        ok(p.returncode == 1 and "%s:%d: #include \"spec.h\" names no file" % (path, line)
           in p.stdout, "planted: an include without its path from the root", p.stdout)

    with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
        shutil.copytree(base, tmp, dirs_exist_ok=True)
        plant(tmp, "sandbox/util/buf.h", '#include "sandbox/util/clean.h"')
        plant(tmp, "sandbox/util/clean.h", '#include "sandbox/util/buf.h"')
        p = check(tmp, "--no-calls")
        ok(p.returncode == 1 and "a circle of includes: sandbox/util/buf.h -> "
           "sandbox/util/clean.h -> sandbox/util/buf.h" in p.stdout,
           "planted: a circle of includes", p.stdout)

    with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
        shutil.copytree(base, tmp, dirs_exist_ok=True)
        with open(os.path.join(tmp, "tests/layers/rules"), "a") as f:
            f.write("sandbox/util sandbox/engine\n")
        p = check(tmp, "--no-calls", "--rules", os.path.join(tmp, "tests/layers/rules"))
        ok(p.returncode == 1 and "rules: a circle of rooms" in p.stdout,
           "planted: a rule that makes a circle of rooms", p.stdout)


def test_lengths(base):
    body = "".join("\tx += %d;\n" % i for i in range(110))
    fn = "int\nplanted_long(int x)\n{\n%s\treturn x;\n}\n" % body
    for reason, want_fail in (("", True), ("/* Long, but kept whole: one table. */\n", False)):
        with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
            shutil.copytree(base, tmp, dirs_exist_ok=True)
            path = "sandbox/util/buf.c"
            with open(os.path.join(tmp, path)) as f:
                text = f.read()
            line = text.count("\n") + 3 + reason.count("\n")
            with open(os.path.join(tmp, path), "a") as f:
                f.write("\n" + reason + fn)
            p = check(tmp, "--no-calls")
            if want_fail:
                ok(p.returncode == 1 and "%s:%d: planted_long is 113 lines" % (path, line)
                   in p.stdout, "planted: a function of 113 lines without a reason", p.stdout)
            else:
                ok(p.returncode == 0, "the same function, said to be kept whole, passes",
                   p.stdout)


def compile_tree(tmp, files):
    """Writes FILES {path: text} under TMP and compiles each into TMP/build."""
    for path, text in files.items():
        os.makedirs(os.path.join(tmp, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(tmp, path), "w") as f:
            f.write(text)
        obj = os.path.join(tmp, "build", path[:-2] + ".o")
        os.makedirs(os.path.dirname(obj), exist_ok=True)
        subprocess.run(["gcc", "-c", "-o", obj, os.path.join(tmp, path)], check=True)


def test_calls():
    # (the files of a tree, what the check must say of it or None, the point)
    cases = [
        ({"sandbox/format/left.c": "int right(int);\nint left(int x) { return x ? right(x - 1) : 0; }\n",
          "sandbox/format/right.c": "int left(int);\nint right(int x) { return x ? left(x - 1) : 1; }\n"},
         "a circle of calls: sandbox/format/left.c -(right)-> sandbox/format/right.c; "
         "sandbox/format/right.c -(left)-> sandbox/format/left.c",
         "planted: two files that call each other"),
        ({"sandbox/jail/cell.c": "int tester_grade(void);\nint cell(void) { return tester_grade(); }\n",
          "sandbox/testers/grade.c": "int tester_grade(void) { return 1; }\n"},
         "sandbox/jail/cell.c: calls tester_grade of sandbox/testers/grade.c, but sandbox/jail "
         "may not use sandbox/testers",
         "planted: a call from the jail into a tester, declared by hand"),
        ({"sandbox/testers/grade.c": "int cell(void);\nint tester_grade(void) { return cell(); }\n",
          "sandbox/jail/cell.c": "int cell(void) { return 1; }\n"},
         None, "the same call the right way round passes"),
    ]
    for files, want, what in cases:
        with tempfile.TemporaryDirectory(prefix="assay-layers-") as tmp:
            compile_tree(tmp, files)
            p = check(tmp, "--build", os.path.join(tmp, "build"), "--rules", RULES)
            if want is None:
                ok(p.returncode == 0, what, p.stdout)
            else:
                ok(p.returncode == 1 and want in p.stdout, what, p.stdout)


def main():
    test_tree()
    with tempfile.TemporaryDirectory(prefix="assay-layers-") as base:
        copy_sources(base)
        p = check(base, "--no-calls")
        ok(p.returncode == 0, "the copy's sources pass before anything is planted",
           p.stdout + p.stderr)
        test_includes(base)
        test_lengths(base)
    test_calls()
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
