"""doctest_run.py - run 2 of the doctest tester (tester_doctest.c).

Two processes in one jail run. This one, the runner, is trusted: it is given
the sources of one group's examples on its standard input (never what they
expect: that stays with the grader for run 3), runs each as doctest does
(compiled in "single" mode, in a copy of the module's globals per group, its
standard output captured) and writes what it printed and raised, one JSON
line per example, on its standard output. The student's module runs in the
other process, the runner's child, and nowhere else.

Before anything else the runner makes itself non-dumpable (a process of the
same uid can then open none of its /proc files: mem, fd, environ) and forks
the child, so the child is made before the runner reads a single source. The
child closes every descriptor but its two pipes (0, 1 and 2 become
/dev/null), imports main.py and serves requests. The examples run here with
the module replaced by proxies: every operation on an object of the
student's (a call, an attribute, repr, str, an operator, len, iteration,
hash, bool...) is a request to the child, answered with data or with a
handle (a new proxy), never with code or an object of the student's. What
the student's code prints comes back with each answer and is written here,
where the example's output is captured, so that doctest sees the same
output in the same order as in one process. The child's answers are the
student's to make: forging one gives no more than the code could give by
computing it, and anything that is not a message is skipped.

What crosses, and how, is py_cross.py's (loaded from assay-cross.pyc, the
build's byte-compiled copy, or from assay-cross.py when the interpreter
cannot load that one). The child's output is passed on up to KEEP + 1
characters a message: an example's output is cut there anyway. Limits,
beyond one process's semantics: those of py_cross.py, and an example
cannot subclass a class of the student's; an object whose == is always
true passes `f(x) == y` examples, as it would under doctest.

A child that dies ends this process the same way (the same exit status or
signal), before the example's result is written: the check then reads "did
not finish" and the jail's account of the run (tester_judge()); one that
stops answering meets the run's time limits.

Standard input: {"examples": [[INDEX, GROUP, NAME, SOURCE], ...]}.
Standard output, one JSON object per line:
  {"setup": MESSAGE}                      the runner could not start (first
                                          line: the platform's failure)
  {"import": TRACEBACK}                   importing main.py raised
  {"i": INDEX, "out": TEXT, "cut": BOOL,  what example INDEX printed, and
   "exc": null or {"msg": LAST LINE, "tb": TRACEBACK}}   what it raised
  {"done": true}
"""
import builtins
import importlib.machinery
import importlib.util
import json
import os
import signal
import sys
import traceback


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
# The student's process.

def child(rfd, wfd):
    ep, captures = X.child_setup(rfd, wfd, X.KEEP + 1)
    try:
        spec = importlib.util.spec_from_file_location("main", "main.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["main"] = module
        spec.loader.exec_module(module)
    except BaseException as e:  # SystemExit too: the module must import
        for cap in captures:
            cap._take()
        ep.send({"import": X.exc_text(e, lambda f: f.endswith("main.py"))})
        os._exit(0)
    for cap in captures:
        cap._take()
    ep.send({"hello": X.Encoder(ep).top(module)})
    X.serve_forever(ep)


# ---------------------------------------------------------------------------
# The runner.

def caught(e):
    return {"msg": traceback.format_exception_only(type(e), e)[-1],
            "tb": X.exc_text(e, lambda f: f.startswith("<doctest "))}


def module_globals(ep, module):
    """A copy of the module's globals, as the examples of a group start."""
    d = ep.request("globals", [module])
    if type(d) is not dict:
        raise X.ProtocolError()
    globs = {k: v for k, v in d.items() if type(k) is str}
    globs["__builtins__"] = builtins
    return globs


def hello(ep):
    """The student's module (a proxy), or the traceback of its import."""
    while True:
        m = ep.recv()
        ep.absorb(m)
        if type(m.get("import")) is str:
            return None, m["import"]
        if "hello" in m:
            try:
                return X.Decoder(ep).dec(m["hello"], 0), None
            except Exception:   # forged: the student's process's own doing
                continue


def runner(pid, rfd, wfd):
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    chan = os.fdopen(os.dup(1), "w", encoding="ascii")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    capture = X.Capture(X.KEEP + 1)
    sys.stdout = capture
    ep = X.set_endpoint(X.Endpoint(rfd, wfd, trusted=True, child=pid))

    def send(obj):
        chan.write(json.dumps(obj) + "\n")
        chan.flush()

    module, failed = hello(ep)
    if failed is not None:
        send({"import": failed})
        X.end(pid)
    sys.modules["main"] = module
    globs, group = None, None
    for index, g, name, source in job["examples"]:
        capture._take()
        exc = None
        try:
            if g != group:
                globs, group = {"__builtins__": builtins}, g
                globs = module_globals(ep, module)
            code = compile(source, "<doctest %s[%d]>" % (name, index), "single",
                           dont_inherit=True)
            exec(code, globs)
        except BaseException as e:  # as doctest: SystemExit is a failure too
            exc = caught(e)
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
    runner(pid, rfd, wfd)


main()
