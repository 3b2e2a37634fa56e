"""doctest_run.py - run 2 of the doctest tester (tester_doctest.c).

Untrusted: the student's module runs in this process, so nothing here is
believed. It is given the examples' sources only (never their expected
outputs: those stay with the grader for run 3), imports main.py, runs each
example as doctest does (compiled in "single" mode, in a copy of the
module's globals per group, its standard output captured) and writes what
it saw, one JSON line per example, on a copy of standard output made before
the student's code runs. The student's code can write there too: it can
only claim outputs it could as well have printed.

Standard input: {"examples": [[INDEX, GROUP, NAME, SOURCE], ...]}.
Standard output, one JSON object per line:
  {"import": TRACEBACK}                   importing main.py raised
  {"i": INDEX, "out": TEXT, "cut": BOOL,  what example INDEX printed, and
   "exc": null or {"msg": LAST LINE, "tb": TRACEBACK}}   what it raised
  {"done": true}
"""
import importlib.util
import io
import json
import os
import sys
import traceback

KEEP = 8192     # characters of an example's output kept


def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    chan = os.fdopen(os.dup(1), "w", encoding="ascii")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    capture = io.StringIO()
    sys.stdout = capture

    def send(obj):
        chan.write(json.dumps(obj) + "\n")
        chan.flush()

    def caught(e):
        # The traceback from the first frame of the student's (main.py or
        # an example): this driver's and importlib's frames say nothing.
        tb = e.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith("main.py") or name.startswith("<doctest "):
                break
            tb = tb.tb_next
        return {"msg": traceback.format_exception_only(type(e), e)[-1],
                "tb": "".join(traceback.format_exception(type(e), e, tb))}

    try:
        spec = importlib.util.spec_from_file_location("main", "main.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["main"] = module
        spec.loader.exec_module(module)
    except BaseException as e:  # SystemExit too: the module must import
        send({"import": caught(e)["tb"]})
        return
    globs, group = None, None
    for index, g, name, source in job["examples"]:
        if g != group:
            globs, group = dict(vars(module)), g
        capture.seek(0)
        capture.truncate(0)
        exc = None
        try:
            code = compile(source, "<doctest %s[%d]>" % (name, index), "single",
                           dont_inherit=True)
            exec(code, globs)
        except BaseException as e:  # as doctest: SystemExit is a failure too
            exc = caught(e)
        sys.stdout = capture
        out = capture.getvalue()
        send({"i": index, "out": out[:KEEP], "cut": len(out) > KEEP, "exc": exc})
    send({"done": True})


main()
