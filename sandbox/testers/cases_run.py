"""cases_run.py - a run of the Python cases (tester_cases.c), in two processes.

This one, the runner, is trusted: it runs the program that cases_text.h made
from the template, the tests' code and the template's own code, without the
answer. The student's answer runs in the other process, the runner's child,
and nowhere else; what crosses between them, and how, is py_cross.py's
(loaded from assay-cross.pyc, the build's byte-compiled copy, or from
assay-cross.py).

The runner makes itself non-dumpable and forks the child before it reads
its standard input: the run's marker (a sealed memory file: its first
line), then the test's standard input. So the marker is never in the child's
memory nor in any environment. The child gets the test's input in a first
message (its sys.stdin reads that copy; the runner's reads its own), runs
the template's code before the answer's placeholder (assay-before.py: its
imports and helpers are the answer's context, as in one program) then the
answer (assay-answer.py, named main.py in tracebacks) as the module
__main__, and serves requests. The program runs here; at the answer's
placeholder it calls __assay_answer__(globals()), which binds, in the
program's globals, every top-level name the answer defined or rebound (not
the template's own, nor dunder names, nor TOOLS: the builtins the tests
print and check with, print, isinstance, type, str, repr...) to what the
child's module holds: a
proxy of a function or an object of the student's, a copy of plain data (a
global the answer rebinds later is not seen again), a handle of a list,
dict or set the module holds. So the template's names the answer did not
touch stay the runner's, and the tests call the student's code only through
proxies. The code after the answer's placeholder and the template's code
before it run here too. After each test the program calls __assay_end__(),
which writes the marker: what the child printed came back with each answer
and was written before it, in order.

The child's print, sys.stdout, builtins and globals are its own: patching
them changes nothing here. An object of the student's whose == is always
true still passes a test that only asks it `f(x) == y` (the test asked the
student's object; print the value, or check type(r) is str: a subclass of
the student's crosses as a proxy, never as a str).

A child that ends inside a call (sys.exit() crosses as SystemExit, which a
test may catch; os._exit() or a signal ends the runner the same way, at
once) leaves the test without its marker: the tester's run of that case
alone says RuntimeError. An exception of the answer's at import is written
on standard error as Python would, and the run ends with status 1; a
SystemExit there ends it with its status.

The program is read and compiled before the fork (the child could rewrite
the box's files). Argument: the program's file (main.py, hidden.py). Standard input: the
marker's line, then the test's input.
"""
import builtins
import importlib.machinery
import importlib.util
import io
import linecache
import os
import signal
import sys
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
OUT_KEEP = 16 << 20     # characters of the child's output passed on per message
# The builtins the tests print and check with: an answer's top-level name
# among them is not bound in the program (any other is, a builtin's too:
# an exercise may ask for `max`).
TOOLS = frozenset(("print", "isinstance", "issubclass", "type", "repr", "str", "id",
                   "bool", "object", "super", "exec", "eval", "compile", "globals",
                   "locals", "vars", "getattr", "hasattr", "setattr", "delattr",
                   "callable", "format", "__import__"))
PROGRAM = sys.argv[1] if len(sys.argv) > 1 else "main.py"


def exit_status(e):
    """The status SystemExit E ends a process with, as the interpreter
    says it (a message on standard error when it is not a number)."""
    code = e.code
    if code is None:
        return 0
    if type(code) is int:
        return code & 0xff
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:
        pass
    return 1


# ---------------------------------------------------------------------------
# The student's process.

def source(path, name):
    """The code of file PATH, compiled as NAME, whose lines tracebacks
    quote (main.py on the disk is the runner's program)."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", "replace")
    linecache.cache[name] = (len(text), None, text.splitlines(True), name)
    return compile(data, name, "exec", dont_inherit=True)


def student_module(ep):
    """The answer, run as __main__ after the template's code before it:
    (MODULE, the names the answer defined or rebound)."""
    module = types.ModuleType("__main__")
    module.__file__ = "main.py"
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    d = module.__dict__
    before = source("assay-before.py", "template")
    answer = source("assay-answer.py", "main.py")
    exec(before, d)
    was = dict(d)
    exec(answer, d)
    names = [k for k, v in d.items() if type(k) is str and
             not (k.startswith("__") and k.endswith("__")) and
             not k.startswith("__assay") and (k not in was or was[k] is not v)]
    return module, names


def child(rfd, wfd):
    ep, captures = X.child_setup(rfd, wfd, OUT_KEEP)
    while True:
        m = ep.recv()
        if type(m.get("stdin")) is str:
            break
    sys.stdin = io.TextIOWrapper(io.BytesIO(m["stdin"].encode("latin-1")),
                                 encoding="utf-8", errors="replace")
    try:
        module, names = student_module(ep)
    except SystemExit as e:
        status = exit_status(e)
        ep.send({"exit": True})
        os._exit(status)
    except BaseException as e:
        ep.send({"import": X.exc_text(e, lambda f: f in ("main.py", "template"))})
        os._exit(1)
    ep.send({"hello": X.Encoder(ep).top(module), "names": names})
    X.serve_forever(ep)


# ---------------------------------------------------------------------------
# The runner.

def answer(ep, pid):
    """__assay_answer__: binds the answer's names in the program's globals
    to what the child's module holds, once the child is ready."""
    def bind(globs):
        while True:
            m = ep.recv()
            ep.absorb(m)
            if type(m.get("import")) is str:
                sys.stdout.flush()
                sys.stderr.write(m["import"])
                X.end(pid, 1)
            if "hello" in m and type(m.get("names")) is list:
                try:
                    module = X.Decoder(ep).dec(m["hello"], 0)
                    break
                except Exception:   # forged: the student's process's own doing
                    continue
        d = ep.request("globals", [module])
        if type(d) is not dict:
            raise X.ProtocolError()
        for k in m["names"]:
            if type(k) is str and k in d and k not in TOOLS and \
                    not k.startswith("__assay") and not (k.startswith("__") and k.endswith("__")):
                globs[k] = d[k]
    return bind


def end_test(marker):
    """__assay_end__: the marker, after what the test printed."""
    line = "\n" + marker + "\n"

    def end():
        sys.stdout.flush()
        sys.stdout.write(line)
        sys.stdout.flush()
    return end


def runner(pid, rfd, wfd, code):
    data = sys.stdin.buffer.read()
    first, _, given = data.partition(b"\n")
    marker = first.decode("ascii")
    del data, first
    sys.stdin = io.TextIOWrapper(io.BytesIO(given), encoding="utf-8", errors="replace")
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    ep = X.set_endpoint(X.Endpoint(rfd, wfd, trusted=True, child=pid))
    ep.send({"stdin": given.decode("latin-1")})
    globs = {"__name__": "__main__", "__file__": PROGRAM, "__builtins__": builtins,
             "__assay_answer__": answer(ep, pid), "__assay_end__": end_test(marker)}
    del marker
    try:
        exec(code, globs)
    except SystemExit as e:
        X.end(pid, exit_status(e))
    except BaseException as e:
        sys.stdout.flush()
        sys.stderr.write(X.exc_text(e, lambda f: f == PROGRAM))
        X.end(pid, 1)
    X.end(pid, 0)


def main():
    # The program is read before the child exists, which could rewrite it.
    with open(PROGRAM, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", "replace")
    linecache.cache[PROGRAM] = (len(text), None, text.splitlines(True), PROGRAM)
    code = compile(data, PROGRAM, "exec", dont_inherit=True)
    del data, text
    try:
        pid, rfd, wfd = X.fork_pair()
    except OSError as e:
        sys.stderr.write("%s: %s\n" % (e.filename or "fork", e.strerror or e))
        os._exit(70)
    if pid == 0:
        child(rfd, wfd)
        os._exit(0)
    runner(pid, rfd, wfd, code)


main()
