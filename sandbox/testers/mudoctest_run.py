"""mudoctest_run.py - a run of the mutation tester (tester_mudoctest.c).

Two processes in one jail run, as the doctest tester's run 2
(doctest_run.py) with the roles the other way round: here the examples are
the student's and the module (the author's target, or one of the mutants)
is trusted. The parent is made non-dumpable and forks the child before
anything else (py_cross.fork_pair()); the child reads the module from its
standard input (a header line with its length in bytes, then the module as
JSON text: nothing of it ever reaches the parent's memory or the box),
closes every descriptor but its pipes, runs the module and hands its names
to the parent as proxies (data by value: numbers, texts, lists...;
functions, classes and objects as handles); it then serves the parent's
requests with the restrictions py_cross puts on a trusted side: no
attribute whose name starts with an underscore, none of a function, no
module, code or frame handed over. So the examples can call the module's
functions and use what they return, never read their code: a run tells
the target from a mutant only by what the module does. What the module
prints comes back with each answer and joins the example's output, in
order.

The parent then reads the examples' sources from the rest of its standard
input and runs each as doctest does (compiled in "single" mode, in a copy
of the module's names, its standard output captured), writing what it
printed and raised, one JSON line per example, in the form doctest_run.py
writes, which doctest_check.py judges. The parent is the student's process:
nothing it writes is believed but through the check (mudoctest_check.py,
trusted), and a run whose report is forged can only look like a pass or a
failure of the examples, the same on every module, since every run of a
grading gets the same job and box but for the module.

A child that dies ends the parent the same way (py_cross); a parent that
ends ends the child.

Standard input: "LENGTH\\n" + {"module": TEXT} (LENGTH bytes, the child's),
then {"examples": [[INDEX, SOURCE], ...]} (the parent's).
Standard output, one JSON object per line:
  {"setup": MESSAGE}                      the run could not start (first line)
  {"import": TRACEBACK}                   running the module raised
  {"i": INDEX, "out": TEXT, "cut": BOOL,  what example INDEX printed, and
   "exc": null or {"msg": LAST LINE, "tb": TRACEBACK}}   what it raised
  {"done": true}
"""
import builtins
import importlib.machinery
import importlib.util
import json
import os
import sys
import traceback
import types


def load_cross():
    """py_cross: the byte-compiled copy, or the source when this
    interpreter cannot load that one."""
    sys.dont_write_bytecode = True
    for loader in (importlib.machinery.SourcelessFileLoader("py_cross", "assay-cross.pyc"),
                   importlib.machinery.SourceFileLoader("py_cross", "assay-cross.py")):
        try:
            spec = importlib.util.spec_from_loader("py_cross", loader)
            module = importlib.util.module_from_spec(spec)
            sys.modules["py_cross"] = module
            loader.exec_module(module)
            return module
        except (ImportError, EOFError, ValueError):
            sys.modules.pop("py_cross", None)
    raise ImportError("assay-cross.py")


X = load_cross()


# ---------------------------------------------------------------------------
# The module's process (trusted).

def read_module():
    """The child's part of standard input: its header, then as many bytes."""
    head = b""
    while not head.endswith(b"\n") and len(head) < 24:
        c = os.read(0, 1)
        if not c:
            break
        head += c
    n, data = int(head), b""
    while len(data) < n:
        chunk = os.read(0, n - len(data))
        if not chunk:
            break
        data += chunk
    return json.loads(data.decode("utf-8"))["module"]


def names(module):
    """The module's names the examples see: not private, nothing the trusted
    side refuses to hand over (modules, the builtins' dangerous functions)."""
    return {k: v for k, v in vars(module).items()
            if not k.startswith("_") and X.refused(v) is None}


def child(rfd, wfd):
    try:
        text = read_module()
    except Exception:  # noqa: BLE001 (the grader's input: cannot happen)
        os._exit(3)
    ep, captures = X.child_setup(rfd, wfd, X.KEEP + 1, trusted=True)
    module = types.ModuleType("main")
    module.__file__ = "main.py"
    sys.modules["main"] = module
    try:
        exec(compile(text, "main.py", "exec", dont_inherit=True), vars(module))
    except BaseException as e:
        for cap in captures:
            cap._take()
        ep.send({"import": X.exc_text(e, lambda f: f == "main.py")})
        os._exit(0)
    del text
    for cap in captures:
        cap._take()
    ep.send({"hello": X.Encoder(ep).top(names(module))})
    X.serve_forever(ep)


# ---------------------------------------------------------------------------
# The examples' process.

def hello(ep):
    """The module's names (proxies and copies), or the traceback of its run."""
    while True:
        m = ep.recv()
        ep.absorb(m)
        if type(m.get("import")) is str:
            return None, m["import"]
        if "hello" in m:
            d = X.Decoder(ep).dec(m["hello"], 0)
            if type(d) is dict:
                return d, None


def examples(pid, rfd, wfd):
    chan = os.fdopen(os.dup(1), "w", encoding="ascii")

    def send(obj):
        chan.write(json.dumps(obj) + "\n")
        chan.flush()

    capture = X.Capture(X.KEEP + 1)
    sys.stdout = capture
    ep = X.set_endpoint(X.Endpoint(rfd, wfd, trusted=False, child=pid, prints=True))
    d, failed = hello(ep)
    if failed is not None:
        send({"import": failed})
        X.end(pid)
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    globs = {k: v for k, v in d.items() if type(k) is str}
    globs["__builtins__"] = builtins
    for index, source in job["examples"]:
        capture._take()
        exc = None
        try:
            code = compile(source, "<doctest submission[%d]>" % index, "single",
                           dont_inherit=True)
            exec(code, globs)
        except BaseException as e:  # as doctest: SystemExit is a failure too
            exc = {"msg": traceback.format_exception_only(type(e), e)[-1],
                   "tb": X.exc_text(e, lambda f: f.startswith("<doctest "))}
        sys.stdout = capture
        out, size = capture._take()
        send({"i": index, "out": out[:X.KEEP], "cut": size > X.KEEP, "exc": exc})
    send({"done": True})
    X.end(pid)


def main():
    try:
        pid, rfd, wfd = X.fork_pair()
    except OSError as e:
        sys.stdout.write(json.dumps({"setup": "%s: %s" % (e.filename or "fork",
                                                           e.strerror or e)}) + "\n")
        return
    if pid == 0:
        child(rfd, wfd)
        os._exit(0)
    examples(pid, rfd, wfd)


main()
