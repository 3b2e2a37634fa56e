"""mudoctest_run.py - a run of the mutation tester (tester_mudoctest.c).

Not trusted: the student's examples run here. Given one module (the
author's target, or one of the mutants: the source comes on standard input,
never from a file of the box, so that every run of a grading sees the same
box) and the sources of the student's examples, it loads the module as
"main", runs each example as doctest does (compiled in "single" mode, in a
copy of the module's globals, its standard output captured) and writes what
it printed and raised, one JSON line per example, in the form of the doctest
tester's run 2 (doctest_run.py), which doctest_check.py judges.

Nothing here is believed: the examples may write on the descriptors, exit,
patch this script. The verdict is taken by a trusted run
(mudoctest_check.py) from what each run reported; a run whose report is
forged can only look like a failure or a pass of the examples, which is what
the examples could have computed honestly, since every run of a grading
gets the same job but for the module (see tester_mudoctest.c).

Standard input: {"module": TEXT, "examples": [[INDEX, SOURCE], ...]}.
Standard output, one JSON object per line:
  {"import": TRACEBACK}                   loading the module raised
  {"i": INDEX, "out": TEXT, "cut": BOOL,  what example INDEX printed, and
   "exc": null or {"msg": LAST LINE, "tb": TRACEBACK}}   what it raised
  {"done": true}
"""
import builtins
import io
import json
import os
import sys
import traceback
import types

KEEP = 8192


class Capture(io.TextIOBase):
    """An example's standard output, kept up to KEEP + 1 characters."""

    def __init__(self):
        self.parts, self.size = [], 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        if self.size <= KEEP:
            self.parts.append(s[:KEEP + 1 - self.size])
        self.size += len(s)
        return len(s)

    def take(self):
        out, size = "".join(self.parts), self.size
        self.parts, self.size = [], 0
        return out, size


def exc_text(e, keep):
    """The traceback of E, without the frames of this script."""
    lines = traceback.format_exception(type(e), e, e.__traceback__)
    out, skip = [], False
    for line in lines:
        if line.startswith('  File "'):
            skip = not keep(line[8:line.find('"', 8)])
        if not skip or not line.startswith("  "):
            out.append(line)
    return "".join(out)


def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    chan = os.fdopen(os.dup(1), "w", encoding="ascii")

    def send(obj):
        chan.write(json.dumps(obj) + "\n")
        chan.flush()

    module = types.ModuleType("main")
    module.__file__ = "main.py"
    sys.modules["main"] = module
    capture = Capture()
    sys.stdout = capture
    try:
        exec(compile(job["module"], "main.py", "exec", dont_inherit=True), vars(module))
    except BaseException as e:
        send({"import": exc_text(e, lambda f: f == "main.py")})
        return
    globs = dict(vars(module))
    globs["__builtins__"] = builtins
    for index, source in job["examples"]:
        capture.take()
        exc = None
        try:
            code = compile(source, "<doctest submission[%d]>" % index, "single",
                           dont_inherit=True)
            exec(code, globs)
        except BaseException as e:  # as doctest: SystemExit is a failure too
            exc = {"msg": traceback.format_exception_only(type(e), e)[-1],
                   "tb": exc_text(e, lambda f: f != __file__)}
        sys.stdout = capture
        out, size = capture.take()
        send({"i": index, "out": out[:KEEP], "cut": size > KEEP, "exc": exc})
    send({"done": True})


main()
