#!/usr/bin/python3
"""test_cli.py - the command-line contracts: `assay user add/import/list`,
`assay submission`, and `sitegen`'s errors for authors (file:line: message,
non-zero status, the published site left as it was).

TAP output; run by tests/run.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ok, done  # noqa: E402


def assay(data, *args, stdin=None):
    return subprocess.run([os.path.join(BIN, "assay"), "--data", data] + list(args),
                          input=stdin, capture_output=True, text=True)


def users(data):
    p = assay(data, "user", "list")
    return dict(line.split("\t")[:2] for line in p.stdout.splitlines())


def test_users(tmp):
    data = os.path.join(tmp, "data")
    p = assay(data, "user", "add", "ann", stdin="secret\n")
    ok(p.returncode == 0, "user add", p.stderr)
    p = assay(data, "user", "add", "boss", "--admin", stdin="secret\n")
    ok(p.returncode == 0 and users(data) == {"ann": "student", "boss": "admin"},
       "user add --admin; user list shows roles", users(data))
    p = assay(data, "user", "add", "bad login", stdin="x\n")
    ok(p.returncode != 0 and "invalid login" in p.stderr, "a bad login is refused", p.stderr)
    p = assay(data, "user", "add", "empty", stdin="\n")
    ok(p.returncode != 0 and "empty password" in p.stderr, "an empty password is refused",
       p.stderr)
    p = assay(data, "user", "add", "nopw", stdin="")
    ok(p.returncode != 0 and "no password" in p.stderr, "no password on stdin is refused",
       p.stderr)

    good = os.path.join(tmp, "good.csv")
    with open(good, "w") as f:
        f.write('login,password,role\ncarl,"pa,ss",\ndora,pw2,admin\nann,new,student\n')
    p = assay(data, "user", "import", good)
    ok(p.returncode == 0 and "2 imported, 1 skipped" in p.stdout,
       "import: new users added, existing skipped", p.stdout + p.stderr)
    u = users(data)
    ok(u.get("carl") == "student" and u.get("dora") == "admin", "imported roles", u)

    named = os.path.join(tmp, "named.csv")
    with open(named, "w") as f:
        f.write('login,name,password\nhugo,"Hugo, Ada",pw\nann,Ann Other,pw3\n')
    p = assay(data, "user", "import", named)
    lines = assay(data, "user", "list").stdout.splitlines()
    ok(p.returncode == 0 and "1 imported, 1 skipped" in p.stdout and
       "hugo\tstudent\tHugo, Ada" in lines and "ann\tstudent" in lines,
       "import with a name column: the name kept, existing users skipped", lines)
    p = assay(data, "user", "import", named, "--update")
    lines = assay(data, "user", "list").stdout.splitlines()
    ok(p.returncode == 0 and "ann\tstudent\tAnn Other" in lines,
       "--update gives an existing user the file's name", lines)

    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write('eve,pw\nfred\n"gina,pw\n')
    p = assay(data, "user", "import", bad)
    ok(p.returncode != 0, "a bad CSV fails", p.stdout)
    ok("bad.csv:2:" in p.stderr and "bad.csv:3:" in p.stderr,
       "errors name file and line", p.stderr)
    ok("eve" not in users(data), "a failed import adds nobody", users(data))
    p = assay(data, "user", "import", os.path.join(tmp, "missing.csv"))
    ok(p.returncode != 0 and "missing.csv" in p.stderr, "a missing file is reported", p.stderr)

    p = assay(data, "submission", "show", "1")
    ok(p.returncode != 0 and "no submission 1" in p.stderr, "submission show of nothing",
       p.stderr)
    p = assay(data, "submission", "show", "x")
    ok(p.returncode != 0 and "not a submission id" in p.stderr, "a bad id", p.stderr)
    p = assay(data, "queue")
    ok(p.returncode == 0 and "0 waiting" in p.stdout, "queue on an empty store", p.stdout)
    p = assay(data, "frobnicate")
    ok(p.returncode == 2 and "usage" in p.stderr, "an unknown command prints usage", p.stderr)


def test_sitegen(tmp):
    course = os.path.join(tmp, "course")
    out = os.path.join(tmp, "site")
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "course"), course)
    p = subprocess.run([os.path.join(BIN, "sitegen"), course, out], capture_output=True,
                       text=True)
    ok(p.returncode == 0, "sitegen builds the course", p.stderr)
    first = os.readlink(os.path.join(out, "current"))
    page = os.path.join(course, "c", "hello.md")
    with open(page) as f:
        text = f.read()
    with open(page, "w") as f:
        f.write(text.replace("private-outputs: hello/private-*.out",
                             "private-outputs: hello/nothing-*.out"))
    p = subprocess.run([os.path.join(BIN, "sitegen"), course, out], capture_output=True,
                       text=True)
    ok(p.returncode != 0, "a broken exercise fails the build", p.stderr)
    ok(("c/hello.md:%d:" % (text[:text.index("private-outputs")].count("\n") + 1)) in p.stderr,
       "the error says file:line", p.stderr)
    ok(os.readlink(os.path.join(out, "current")) == first, "the published site is unchanged")


def main():
    tmp = tempfile.mkdtemp(prefix="assay-cli-")
    try:
        test_users(tmp)
        test_sitegen(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
