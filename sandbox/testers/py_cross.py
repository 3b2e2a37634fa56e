"""py_cross.py - what the two processes of a split Python run share: a
trusted runner and the student's code in the runner's child, across two
pipes (doctest_run.py: the doctest examples; cases_run.py: the Python cases'
tests and template; mudoctest_run.py the other way round: the author's
module in the child, whose endpoint is then the trusted one, and the
student's examples in the parent, which writes what the module prints).
The scripts load this module (assay-cross.py in the
box, or its byte-compiled copy assay-cross.pyc) before they fork, so the
child holds it too: it is the protocol, never a secret.

The runner makes itself non-dumpable (a process of the same uid can then
open none of its /proc files: mem, fd, environ) and forks the child
(fork_pair()) before it reads its job. The child closes every descriptor
but its two pipes (0, 1 and 2 become /dev/null: child_setup()), loads the
student's code and serves requests (serve_forever()). Every operation of
the runner's on an object of the student's (a call, an attribute, repr,
str, an operator, len, iteration, hash, bool...) is a request to the child,
answered with data or with a handle (a new proxy), never with code or an
object of the student's. What the student's code prints comes back with
each answer and is written by the runner on its own sys.stdout, so that
the runner sees the same output in the same order as in one process. The
child's answers are the student's to make: forging one gives no more than
the code could give by computing it, and anything that is not a message is
skipped.

What crosses the pipes (one JSON object per line; the codec is Encoder and
Decoder below, strict, without pickle or eval):
  - by value, as copies: None, bool, int, float, complex, str, bytes,
    bytearray, range, Fraction, Decimal, Ellipsis, NotImplemented, the
    builtins' types (by name), and tuple, list, dict, set, frozenset of
    these, nested up to MAX_DEPTH, at most MAX_NODES values a message;
  - everything else as a handle: a proxy on the other side, whose class has
    the object's class's name (so `type(x)` shows `<class 'main.Point'>`);
    a handle sent back is the object itself again;
  - a list, dict, set or bytearray of the student's that something else in
    its process refers to (a module's global, an attribute, an element of
    another) crosses as a handle too, so that the runner sees it change
    and change it; only one that nothing else refers to (a new result,
    known from its reference count) is a copy;
  - the arguments of a request are copies; a list, dict, set or bytearray
    among them (at any depth) that the request changed is updated in place
    afterwards (slice assignment, clear and update), keeping the aliasing
    between them, so `xs = [3, 1, 2]; sort_in_place(xs); xs` shows the sorted
    list; an argument the student's code keeps is a copy there: later
    changes on either side are not seen by the other;
  - exceptions by class and value: the builtins' by name (raised as
    themselves, or as a subclass of the same name when their text differs),
    the student's as a class of the same name, module and bases made here
    (once per class, so `except main.Overdrawn:` catches it), with their
    args, text, notes and plain attributes; the student's frames come as
    text and join the example's traceback as they would in one process;
  - the runner's functions and objects (a key function, a callback, a
    generator) cross to the child as handles the student's code may call,
    iterate, compare and read (names without a leading underscore) but not
    change, except instances of the runner's own classes; modules, frames,
    code, tracebacks and the functions that reach objects by name (getattr,
    vars, eval, open...) never cross;
  - iteration: a generator, or any iterator that runs the student's code,
    is asked one item per request (what it prints between items stays in
    order); a builtin iterator over a list, a dict, a range... is read
    ahead in batches of up to BATCH items;
  - what the child's code writes on sys.stdout during a request comes back
    with the answer (at most as many characters as the runner asks for:
    KEEP + 1 for doctest, whose examples' output is cut there anyway), on
    sys.stderr likewise (ERR_KEEP), written on the runner's standard error.
Messages: a request {"q": N, "op": OP, "a": [OPERAND...]}; its answer
{"r": N, "v": VALUE} or {"r": N, "x": EXCEPTION, "tb": [CHAIN, FRAMES]},
with "w": [[K, CONTENTS]...], the new contents of the request's K-th list,
dict, set or bytearray; any message may carry "rel" (handles released: the
proxies that died) and, from the child, "out" and "err". Either side may
send requests while it waits for an answer (a callback of the runner's,
then the student's code again inside it): each serves the other's
requests until its own answer comes.
Limits, beyond one process's semantics: `type(x) is list` is false for a
list of the student's that crosses as a handle (`type(x)` shows as
<class 'list'>, and isinstance(x, list) holds); the runner's code cannot
subclass a class of the student's; a class made here for the student's exceptions has
the same name, module, bases and instances' attributes, not the class's own
attributes or methods; an object of the student's class is a proxy, never
an instance of a builtin type (a subclass of str is not a str here); an
object whose == is always true passes `f(x) == y` in the runner, as it
would in one process: the runner's code asked the student's object.

A child that dies ends the runner the same way (the same exit status or
signal: Endpoint.ended()), before the runner writes anything more of its
own; one that stops answering meets the run's time limits.
"""
import builtins
import collections
import ctypes
import functools
import importlib.util
import io
import json
import math
import operator
import os
import select
import signal
import sys
import traceback
import types
import weakref

KEEP = 8192            # characters of output passed on per message (doctest)
ERR_KEEP = 8192        # characters of standard error passed on per message
MAX_MSG = 64 << 20     # bytes of one message
MAX_DEPTH = 100        # nesting of the data that crosses
MAX_NODES = 1 << 22    # values in one message
MAX_NAME = 200         # characters of a class's name or module
MAX_CLASSES = 10000    # proxy classes made here
BATCH = 1024           # items of a builtin iterator fetched per request
SMALL = 1 << 62        # integers that cross as JSON numbers
PR_SET_DUMPABLE = 4
HERE = (lambda: None).__code__.co_filename   # this file, as frames name it

# Where a list, dict, set or bytearray is met when encoding: the reference
# count that means "nothing else refers to it" is measured per place at the
# child's start (calibrate()).
TOP, LIST, TUPLE, DICT, KEY, SET = range(6)
BASE = [0] * 6
MUTABLE = (list, dict, set, bytearray)
PLAIN = frozenset((str, float, bool, type(None)))
INTS = frozenset((int,))
SCALARS = PLAIN | INTS      # what JSON gives, and means as it is
# The builtin iterators, whose steps run no code of the student's: read
# ahead in batches (a generator is asked one item at a time).
BATCHABLE = frozenset(type(i) for i in (
    iter([]), iter(()), iter({}), iter({}.values()), iter({}.items()),
    iter(set()), iter(frozenset()), iter(range(0)), iter(range(1 << 70)),
    iter(""), iter(b""), iter(bytearray()), reversed([]), reversed(range(0)),
    reversed({}), reversed({}.values()), reversed({}.items())))
BATCHABLE_NAMES = frozenset(t.__qualname__ for t in BATCHABLE)

_EP = None             # this process's end of the pipes


class Malformed(Exception):
    """A message that does not follow the protocol."""


class TooBig(Exception):
    """A value over MAX_DEPTH or MAX_NODES."""


class Capture(io.TextIOBase):
    """What is printed, up to LIMIT characters (the rest is counted)."""

    def __init__(self, limit):
        super().__init__()
        self._parts, self._size, self._limit = [], 0, limit

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        room = self._limit - self._size
        if room > 0:
            self._parts.append(s[:room])
        self._size += len(s)
        return len(s)

    def _take(self):
        """What was printed since the last take, and how much in all."""
        text, size = "".join(self._parts), self._size
        self._parts, self._size = [], 0
        return text, size

    def getvalue(self):
        return "".join(self._parts)


# ---------------------------------------------------------------------------
# Proxies: an object of the other process. Every operation is a request.

class Remote:
    __slots__ = ("_id", "_n", "__weakref__")

    def __init__(self, ident):
        object.__setattr__(self, "_id", ident)
        object.__setattr__(self, "_n", 0)   # times received: given back at death

    def __del__(self):
        try:
            _EP.released.append([object.__getattribute__(self, "_id"),
                                 object.__getattribute__(self, "_n")])
        except Exception:
            pass

    def __getattr__(self, name):
        if name in ("_id", "_n"):
            raise AttributeError(name)
        return _EP.request("getattr", [self, name])

    def __setattr__(self, name, value):
        _EP.request("setattr", [self, name, value])

    def __delattr__(self, name):
        _EP.request("delattr", [self, name])

    def __call__(self, *args, **kwargs):
        return _EP.request("call", [self, list(args), kwargs])

    def __iter__(self):
        it = _EP.request("iter", [self])
        t = type(it)
        if issubclass(t, Remote) and it is not self and t.__module__ == "builtins" \
                and t.__qualname__ in BATCHABLE_NAMES:
            return Batch(it)
        return it

    def __pow__(self, other, mod=None):
        return _EP.request("pow", [self, other] if mod is None else [self, other, mod])

    def __round__(self, n=None):
        return _EP.request("round", [self] if n is None else [self, n])

    def __exit__(self, t, v, tb):
        return _EP.request("exit", [self, t, v, None])

    def __instancecheck__(self, obj):
        return _EP.request("isinstance", [obj, self])

    def __subclasscheck__(self, cls):
        return _EP.request("issubclass", [cls, self])

    def __deepcopy__(self, memo):
        return _EP.request("deepcopy", [self])

    def __reduce_ex__(self, protocol):
        raise TypeError("an object of the other process cannot be pickled")


def _unary(op):
    return lambda self: _EP.request(op, [self])


def _binary(op):
    return lambda self, other: _EP.request(op, [self, other])


def _reflected(op):
    return lambda self, other: _EP.request(op, [other, self])


for _op in ("repr", "str", "bytes", "len", "bool", "hash", "index", "int", "float",
            "complex", "trunc", "floor", "ceil", "next", "reversed", "dir", "neg",
            "pos", "abs", "invert", "enter", "copy"):
    setattr(Remote, "__%s__" % _op, _unary(_op))
for _op in ("format", "getitem", "delitem", "contains", "lt", "le", "eq", "ne", "gt",
            "ge"):
    setattr(Remote, "__%s__" % _op, _binary(_op))
for _op in ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod",
            "lshift", "rshift", "and", "xor", "or", "pow"):
    if _op != "pow":
        setattr(Remote, "__%s__" % _op, _binary(_op))
    setattr(Remote, "__r%s__" % _op, _reflected(_op))
    if _op != "divmod":
        setattr(Remote, "__i%s__" % _op, _binary("i" + _op))
Remote.__setitem__ = lambda self, key, value: _EP.request("setitem", [self, key, value])
Remote.__reduce__ = Remote.__reduce_ex__

_CLASSES = {}


def proxy_class(module, qualname):
    """The proxies' class for objects of class MODULE.QUALNAME: a Remote
    named as it (a builtin type's also passes isinstance() for it)."""
    cls = _CLASSES.get((module, qualname))
    if cls is not None:
        return cls
    if len(_CLASSES) >= MAX_CLASSES:
        return Remote
    ns = {"__slots__": (), "__module__": module, "__qualname__": qualname}
    real = getattr(builtins, qualname, None) if module == "builtins" else None
    if isinstance(real, type) and not qualname.startswith("_"):
        ns["__class__"] = property(lambda self, real=real: real)
    cls = type(qualname.rpartition(".")[2] or "object", (Remote,), ns)
    _CLASSES[(module, qualname)] = cls
    return cls


class Batch:
    """A builtin iterator of the other process's (over a list, a dict...),
    read ahead a batch at a time: its steps run no code, print nothing."""

    def __init__(self, it):
        self.it, self.items, self.done, self.n = it, collections.deque(), False, 16

    def __iter__(self):
        return self

    def __next__(self):
        while not self.items:
            if self.done:
                raise StopIteration
            got = _EP.request("nextn", [self.it, self.n])
            if type(got) is not list or len(got) != 2 or type(got[0]) is not list:
                raise ProtocolError()
            self.items.extend(got[0])
            self.done = got[1] is True
            self.n = min(self.n * 4, BATCH)
        return self.items.popleft()


class ProtocolError(RuntimeError):
    def __init__(self):
        super().__init__("the answer of your code's process did not follow the"
                         " tester's protocol (did your code write on the tester's"
                         " descriptors?)")


# ---------------------------------------------------------------------------
# Operations a process serves on its objects.

def _call(f, args, kwargs):
    if type(args) is not list or type(kwargs) is not dict:
        raise TypeError("malformed call")
    return f(*args, **kwargs)


def _nextn(it, n):
    if type(it) not in BATCHABLE or type(n) is not int:
        raise TypeError("not a builtin iterator")
    items, done = [], False
    try:
        for _ in range(max(1, min(n, BATCH))):
            items.append(next(it))
    except StopIteration:
        done = True
    except Exception:
        if not items:
            raise
    return [items, done]


def _copy():
    import copy
    return copy


def _globals(module):
    return {k: v for k, v in vars(module).items() if k != "__builtins__"}


OPS = {
    "call": _call, "getattr": getattr, "setattr": setattr, "delattr": delattr,
    "repr": repr, "str": str, "bytes": bytes, "format": format, "len": len,
    "bool": bool, "hash": hash, "index": operator.index, "int": int, "float": float,
    "complex": complex, "round": round, "trunc": math.trunc, "floor": math.floor,
    "ceil": math.ceil, "iter": iter, "next": next, "nextn": _nextn,
    "reversed": reversed, "getitem": operator.getitem, "setitem": operator.setitem,
    "delitem": operator.delitem, "contains": operator.contains, "lt": operator.lt,
    "le": operator.le, "eq": operator.eq, "ne": operator.ne, "gt": operator.gt,
    "ge": operator.ge, "neg": operator.neg, "pos": operator.pos, "abs": abs,
    "invert": operator.invert, "isinstance": isinstance, "issubclass": issubclass,
    "dir": lambda o: list(dir(o)), "copy": lambda o: _copy().copy(o),
    "deepcopy": lambda o: _copy().deepcopy(o),
    "enter": lambda o: type(o).__enter__(o),
    "exit": lambda o, t, v, tb: type(o).__exit__(o, t, v, tb),
    "divmod": divmod, "pow": pow, "globals": _globals,
}
for _op in ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "lshift",
            "rshift", "and", "xor", "or", "pow"):
    if _op != "pow":
        OPS[_op] = getattr(operator, _op + "_" if _op in ("and", "or") else _op)
    OPS["i" + _op] = getattr(operator, "i" + _op)

# What the runner refuses to hand to the student's code, or to let it do.
NO_HANDING = (types.ModuleType, types.FrameType, types.CodeType, types.TracebackType,
              types.CellType, operator.attrgetter, operator.methodcaller)
DENIED = frozenset(id(f) for f in (
    eval, exec, compile, getattr, setattr, delattr, vars, globals, locals, open,
    __import__, breakpoint, input, dir, format, getattr(builtins, "help", eval),
    object.__getattribute__, object.__setattr__, object.__delattr__,
    type.__getattribute__, type.__setattr__, type.__subclasses__, str.format,
    str.format_map))
DENIED_NAMES = frozenset(("__getattribute__", "__getattr__", "__setattr__",
                          "__delattr__", "__subclasses__", "format", "format_map"))
NO_ATTRS = (types.ModuleType, types.FrameType, types.CodeType, types.TracebackType,
            types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType,
            types.FunctionType, types.MethodType, types.BuiltinFunctionType,
            functools.partial)
CHILD_ONLY = frozenset(("globals",))


def refused(x):
    """Why the runner does not hand X to the student's code, or None."""
    t = type(x)
    if isinstance(x, NO_HANDING):
        return "%s object" % t.__name__
    if id(x) in DENIED or (t in (types.WrapperDescriptorType, types.MethodWrapperType,
                                 types.MethodDescriptorType, types.BuiltinMethodType)
                           and getattr(x, "__name__", "") in DENIED_NAMES):
        return "the function %s" % getattr(x, "__qualname__", "?")
    if t is functools.partial:
        return refused(x.func)
    if t in (Endpoint, Encoder, Decoder):
        return "the tester's own object"
    return None


def check_serving(op, operands):
    """Raises if the runner does not do OP on OPERANDS for the student's code."""
    if op in CHILD_ONLY:
        raise TypeError("unknown operation")
    if op in ("getattr", "setattr", "delattr"):
        target, name = operands[0], operands[1]
        if type(name) is not str or name.startswith("_") or isinstance(target, NO_ATTRS):
            raise AttributeError("your code cannot reach the attribute %r of the"
                                 " examples' %s objects" % (name, type(target).__name__))
        if op != "getattr" and (type(target).__module__ != "main" or
                                isinstance(target, type)):
            raise AttributeError("your code cannot change the examples' %s objects"
                                 % type(target).__name__)


# ---------------------------------------------------------------------------
# The codec: values to JSON trees (Encoder) and back (Decoder), per message.

def valid_name(s):
    return s if type(s) is str and len(s) <= MAX_NAME else "?"


def class_names(c):
    return (valid_name(getattr(c, "__module__", "?")),
            valid_name(getattr(c, "__qualname__", "?")))


class Encoder:
    """Encodes the values of one message. ARGS: the containers of the request
    being answered ("A" refs, by their place); SHARE: a list, dict, set or
    bytearray that something else refers to becomes a handle (the child)."""

    def __init__(self, ep, args=(), share=False, record=None):
        self.ep, self.share, self.record = ep, share, record
        self.args = {id(c): k for k, c in enumerate(args)}
        self.memo, self.containers, self.nodes = {}, [], 0

    def top(self, x):
        return self.enc(x, 0, TOP)

    def enc(self, x, depth, pos):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig()
        if x is None or x is True or x is False:
            return x
        t = type(x)
        if t is int:
            return x if -SMALL < x < SMALL else ["I", format(x, "x")]
        if t is float or t is str:
            return x
        if t in MUTABLE:
            k = self.args.get(id(x))
            if k is not None:
                return ["A", k]
            k = self.memo.get(id(x))
            if k is not None:
                return ["R", k]
            if self.share:
                c = sys.getrefcount(x)
                if self.record is not None:
                    self.record[pos] = c
                elif c > BASE[pos]:
                    return self.handle(x)
            if depth >= MAX_DEPTH:
                if self.share:
                    return self.handle(x)
                raise TooBig()
            k = len(self.containers)
            self.memo[id(x)] = k
            self.containers.append(x)
            if t is list:
                return ["L", k, self.items(x, depth + 1, LIST)]
            if t is dict:
                return ["D", k, self.pairs(x, depth + 1)]
            if t is set:
                return ["S", k, self.items(x, depth + 1, SET)]
            return ["Y", k, x.hex()]
        if t is tuple or t is frozenset:
            if depth >= MAX_DEPTH:
                if self.share:
                    return self.handle(x)
                raise TooBig()
            return ["T" if t is tuple else "F", self.items(x, depth + 1, TUPLE)]
        return self.other(x, t, depth)

    def items(self, x, depth, pos):
        self.nodes += len(x)
        kinds = set(map(type, x))
        if kinds <= PLAIN or (kinds == INTS and -SMALL < min(x) and max(x) < SMALL):
            return list(x)   # scalars only: as they are, at C speed
        out = []
        for y in x:
            t = type(y)
            if t is str or t is float or (t is int and -SMALL < y < SMALL):
                out.append(y)
            else:
                out.append(self.enc(y, depth, pos))
        return out

    def pairs(self, x, depth):
        out = []
        for k, v in x.items():
            out.append([self.enc(k, depth, KEY), self.enc(v, depth, DICT)])
        return out

    def contents(self, x):
        """The contents of the request's container X, for its update."""
        t = type(x)
        if t is list or t is set:
            return self.items(x, 1, LIST)
        if t is dict:
            return self.pairs(x, 1)
        return x.hex()

    def other(self, x, t, depth):
        if t is complex:
            return ["C", x.real, x.imag]
        if t is bytes:
            return ["B", x.hex()]
        if t is range:
            return ["G", self.enc(x.start, depth, KEY), self.enc(x.stop, depth, KEY),
                    self.enc(x.step, depth, KEY)]
        # (No value of a module's type exists before the module is imported.)
        if t is getattr(sys.modules.get("fractions"), "Fraction", None):
            return ["Q", self.enc(x.numerator, depth, KEY),
                    self.enc(x.denominator, depth, KEY)]
        if t is getattr(sys.modules.get("decimal"), "Decimal", None):
            return ["M", str(x)]
        if issubclass(t, Remote):
            return ["O", object.__getattribute__(x, "_id")]
        if x is Ellipsis or x is NotImplemented:
            return ["K", "Ellipsis" if x is Ellipsis else "NotImplemented"]
        if issubclass(t, type):
            if t is type and x.__module__ == "builtins" and getattr(builtins, x.__name__, None) is x \
                    and not x.__name__.startswith("_"):
                return ["K", x.__name__]
            i = self.ep.synth_ids.get(id(x))
            if i is not None:
                return ["O", i]
            if issubclass(x, BaseException):
                return self.exc_class(x, depth)
        if issubclass(t, BaseException):
            return self.exception(x, depth)
        if self.ep.trusted:
            why = refused(x)
            if why is not None:
                raise TypeError("%s cannot be handed to your code" % why)
        return self.handle(x)

    def handle(self, x, permanent=False):
        module, qualname = class_names(type(x))
        return ["H", self.ep.hand(x, permanent), module, qualname]

    def exc_class(self, x, depth):
        if depth >= MAX_DEPTH:
            raise TooBig()
        module, qualname = class_names(x)
        bases = [self.enc(b, depth + 1, KEY) for b in x.__bases__
                 if isinstance(b, type) and issubclass(b, BaseException)]
        return ["E", self.ep.hand(x, True), module, qualname, bases]

    def exception(self, x, depth):
        cls = self.enc(type(x), depth, KEY)
        try:
            text = str(x)
        except BaseException:
            text = "<exception str() failed>"
        mark = (len(self.containers), self.nodes)
        try:
            args = self.items(tuple(x.args), depth + 1, TUPLE)
        except (TooBig, TypeError, RecursionError):
            self.rollback(mark)
            args = [text]
        attrs = []
        try:
            d = list(vars(x).items())
        except BaseException:
            d = []
        for name, value in d:
            if type(name) is str and name.isidentifier() and not name.startswith("_"):
                mark = (len(self.containers), self.nodes)
                try:
                    attrs.append([name, self.enc(value, depth + 1, KEY)])
                except (TooBig, TypeError, RecursionError):
                    self.rollback(mark)
        notes = getattr(x, "__notes__", None)
        if type(notes) is not list or not all(type(n) is str for n in notes):
            notes = None
        return ["X", cls, args, text, attrs, notes]

    def rollback(self, mark):
        """Forgets the containers numbered since MARK (an encoding that failed)."""
        n, self.nodes = mark
        for c in self.containers[n:]:
            del self.memo[id(c)]
        del self.containers[n:]


class Decoder:
    """Decodes the values of one message. ARGS: the containers of the
    request it answers ("A" refs)."""

    def __init__(self, ep, args=None):
        self.ep, self.args, self.memo, self.nodes = ep, args, [], 0

    def dec(self, v, depth):
        self.nodes += 1
        t = type(v)
        if v is None or t is str or t is int or t is float or t is bool:
            return v
        if self.nodes > MAX_NODES or depth > MAX_DEPTH + 2:
            raise Malformed()
        if t is not list or not v or type(v[0]) is not str:
            raise Malformed()
        f = TAGS.get(v[0])
        if f is None:
            raise Malformed()
        return f(self, v, depth + 1)

    def items(self, v, depth):
        if type(v) is not list:
            raise Malformed()
        self.nodes += len(v)
        if set(map(type, v)) <= SCALARS:
            return v
        out = []
        for y in v:
            t = type(y)
            out.append(y if t is str or t is int or t is float or y is None or t is bool
                       else self.dec(y, depth))
        return out

    def pairs(self, v, depth):
        if type(v) is not list:
            raise Malformed()
        out = {}
        for p in v:
            if type(p) is not list or len(p) != 2:
                raise Malformed()
            k = self.dec(p[0], depth)
            try:
                out[k] = self.dec(p[1], depth)
            except TypeError:   # an unhashable key
                raise Malformed()
        return out

    def new(self, v, n, x):
        if len(v) != n or v[1] != len(self.memo):
            raise Malformed()
        self.memo.append(x)
        return x

    def d_list(self, v, depth):
        x = self.new(v, 3, [])
        x.extend(self.items(v[2], depth))
        return x

    def d_dict(self, v, depth):
        x = self.new(v, 3, {})
        x.update(self.pairs(v[2], depth))
        return x

    def d_set(self, v, depth):
        x = self.new(v, 3, set())
        try:
            x.update(self.items(v[2], depth))
        except TypeError:
            raise Malformed()
        return x

    def d_bytearray(self, v, depth):
        x = self.new(v, 3, bytearray())
        x.extend(hexbytes(v[2]))
        return x

    def d_tuple(self, v, depth):
        want(v, 2)
        items = self.items(v[1], depth)
        if v[0] == "T":
            return tuple(items)
        try:
            return frozenset(items)
        except TypeError:
            raise Malformed()

    def d_ref(self, v, depth):
        want(v, 2)
        pool = self.memo if v[0] == "R" else self.args
        if pool is None or type(v[1]) is not int or not 0 <= v[1] < len(pool):
            raise Malformed()
        return pool[v[1]]

    def d_number(self, v, depth):
        tag = v[0]
        if tag == "I":
            want(v, 2)
            if type(v[1]) is not str or len(v[1]) > MAX_MSG:
                raise Malformed()
            try:
                return int(v[1], 16)
            except ValueError:
                raise Malformed()
        if tag == "C":
            want(v, 3)
            if type(v[1]) not in (int, float) or type(v[2]) not in (int, float):
                raise Malformed()
            return complex(v[1], v[2])
        if tag == "B":
            want(v, 2)
            return hexbytes(v[1])
        if tag == "M":
            want(v, 2)
            if type(v[1]) is not str or len(v[1]) > 10000:
                raise Malformed()
            import decimal
            try:
                return decimal.Decimal(v[1])
            except decimal.InvalidOperation:
                raise Malformed()
        ints = [self.dec(x, depth) for x in v[1:]]
        if not all(type(i) is int for i in ints):
            raise Malformed()
        try:
            if tag == "G":
                want(v, 4)
                return range(*ints)
            want(v, 3)
            import fractions
            return fractions.Fraction(*ints)
        except (ValueError, ZeroDivisionError):
            raise Malformed()

    def d_builtin(self, v, depth):
        want(v, 2)
        name = v[1]
        x = getattr(builtins, name, None) if type(name) is str and \
            not name.startswith("_") else None
        if not (isinstance(x, type) or x is Ellipsis or x is NotImplemented):
            raise Malformed()
        return x

    def d_handle(self, v, depth):
        want(v, 4)
        if type(v[1]) is not int:
            raise Malformed()
        return self.ep.proxy(v[1], valid_name(v[2]), valid_name(v[3]))

    def d_own(self, v, depth):
        want(v, 2)
        return self.ep.own(v[1])

    def d_exc_class(self, v, depth):
        want(v, 5)
        if type(v[1]) is not int or type(v[4]) is not list:
            raise Malformed()
        cls = self.ep.synth.get(v[1])
        if cls is None:
            bases = [self.dec(b, depth) for b in v[4]]
            cls = synth_class(self.ep, v[1], valid_name(v[2]), valid_name(v[3]), bases)
        return cls

    def d_exception(self, v, depth):
        want(v, 6)
        cls = self.dec(v[1], depth)
        args, text, attrs, notes = self.items(v[2], depth), v[3], v[4], v[5]
        if not (isinstance(cls, type) and issubclass(cls, BaseException)) or \
                type(text) is not str or type(attrs) is not list:
            raise Malformed()
        e = make_exception(cls, tuple(args), text)
        for a in attrs:
            if type(a) is not list or len(a) != 2 or type(a[0]) is not str:
                raise Malformed()
            value = self.dec(a[1], depth)
            if a[0].isidentifier() and not a[0].startswith("_") and \
                    not hasattr(BaseException, a[0]):
                try:
                    setattr(e, a[0], value)
                except Exception:
                    pass
        if type(notes) is list and all(type(n) is str for n in notes):
            e.__notes__ = notes
        return e


def want(v, n):
    if len(v) != n:
        raise Malformed()


def hexbytes(s):
    if type(s) is not str:
        raise Malformed()
    try:
        return bytes.fromhex(s)
    except ValueError:
        raise Malformed()


TAGS = {
    "L": Decoder.d_list, "D": Decoder.d_dict, "S": Decoder.d_set,
    "Y": Decoder.d_bytearray, "T": Decoder.d_tuple, "F": Decoder.d_tuple,
    "R": Decoder.d_ref, "A": Decoder.d_ref, "I": Decoder.d_number,
    "C": Decoder.d_number, "B": Decoder.d_number, "M": Decoder.d_number,
    "G": Decoder.d_number, "Q": Decoder.d_number, "K": Decoder.d_builtin,
    "H": Decoder.d_handle, "O": Decoder.d_own, "E": Decoder.d_exc_class,
    "X": Decoder.d_exception,
}


def text_str(base):
    """A __str__ that gives the other process's text of the exception."""
    def __str__(self):
        t = self.__dict__.get("_assay_text")
        return t if type(t) is str else base.__str__(self)
    return __str__


_TEXTUAL = {}


def synth_class(ep, ident, module, qualname, bases):
    """The class made here for the other process's exception class IDENT."""
    bases = tuple(b for b in bases if isinstance(b, type) and
                  issubclass(b, BaseException)) or (Exception,)
    ns = {"__module__": module, "__qualname__": qualname, "__str__": text_str(bases[0])}
    name = qualname.rpartition(".")[2] or "Exception"
    try:
        cls = type(name, bases, ns)
    except TypeError:   # bases that cannot be combined here
        ns["__str__"] = text_str(Exception)
        cls = type(name, (Exception,), ns)
    ep.synth[ident] = cls
    ep.synth_ids[id(cls)] = ident
    return cls


def make_exception(cls, args, text):
    """An exception of class CLS with ARGS whose str() is TEXT."""
    if cls.__module__ == "builtins":
        try:
            e = cls(*args)
            if str(e) == text:
                return e
        except Exception:
            pass
        sub = _TEXTUAL.get(cls)
        if sub is None:
            sub = type(cls.__name__, (cls,), {"__module__": "builtins",
                                              "__qualname__": cls.__qualname__,
                                              "__str__": text_str(cls)})
            _TEXTUAL[cls] = sub
        cls = sub
    try:
        e = cls.__new__(cls, *args)
    except Exception:
        e = cls.__new__(cls)
    try:
        e.args = args
    except Exception:
        pass
    e._assay_text = text
    return e


# ---------------------------------------------------------------------------
# Tracebacks: the frames from where the examples' or the student's code
# starts, without this file's.

def trim(te, start, seen):
    while te is not None and id(te) not in seen:
        seen.add(id(te))
        frames = list(te.stack)
        if start is not None:
            at = [i for i, f in enumerate(frames) if start(f.filename)]
            frames = frames[at[0]:] if at else []
        te.stack = traceback.StackSummary.from_list(
            [f for f in frames if f.filename != HERE])
        trim(te.__cause__, start, seen)
        te = te.__context__


def exc_text(e, start):
    """The traceback of E as doctest shows it, from the first frame START
    accepts, with the other process's frames where the exception crossed."""
    te = traceback.TracebackException(type(e), e, e.__traceback__, compact=True)
    trim(te, start, set())
    remote = remote_tb(e)
    if remote is None:
        return "".join(te.format())
    lines, final = list(te.format()), list(te.format(chain=False))
    return ("".join(lines[:len(lines) - len(final)]) + remote[0] +
            "Traceback (most recent call last):\n" + "".join(te.stack.format()) +
            remote[1] + "".join(te.format_exception_only()))


def remote_tb(e):
    tb = getattr(e, "_assay_tb", None)
    if type(tb) is tuple and len(tb) == 2 and all(type(s) is str for s in tb):
        return tb
    return None


def crossing_tb(e):
    """E's frames in this process (and those it crossed with), as text for
    the other: [chain, frames]."""
    try:
        te = traceback.TracebackException(type(e), e, e.__traceback__, compact=True)
        trim(te, None, set())
        lines, final = list(te.format()), list(te.format(chain=False))
        chain = "".join(lines[:len(lines) - len(final)])
        frames = "".join(te.stack.format())
    except BaseException:
        chain, frames = "", ""
    remote = remote_tb(e)
    if remote is not None:
        chain, frames = chain + remote[0], frames + remote[1]
    return [chain[-MAX_MSG // 8:], frames[-MAX_MSG // 8:]]


# ---------------------------------------------------------------------------
# One end of the pipes.

def snapshot(c):
    t = type(c)
    if t is list:
        return list(c)
    if t is dict:
        return (list(c), list(c.values()))
    if t is set:
        return sorted(map(id, c))
    return bytes(c)


def changed(s, c):
    t = type(c)
    if t is list:
        return len(s) != len(c) or not all(map(operator.is_, s, c))
    if t is dict:
        return len(s[0]) != len(c) or not all(map(operator.is_, s[0], c)) or \
            not all(map(operator.is_, s[1], c.values()))
    if t is set:
        return s != sorted(map(id, c))
    return s != c


def update(c, new):
    t = type(c)
    if t is list or t is bytearray:
        c[:] = new
    else:
        c.clear()
        c.update(new)


class Endpoint:
    """A process's end: its objects handed to the other (by handle id), its
    proxies of the other's, the requests both ways. TRUSTED: the runner
    (what it serves and hands over is restricted); CHILD: the runner's
    child, whose death ends the runner the same way."""

    def __init__(self, rfd, wfd, trusted, child=None, captures=None, prints=None):
        self.rfd, self.wfd, self.trusted, self.child = rfd, wfd, trusted, child
        self.captures = captures
        # Whether the other process's output, which comes with its messages,
        # is written here (the runner's; mudoctest_run.py's examples, whose
        # module is in the trusted process).
        self.prints = trusted if prints is None else prints
        self.buf, self.lines, self.skip = bytearray(), collections.deque(), False
        self.seq = 0
        self.table, self.ids, self.next_id = {}, {}, 1
        self.proxies = weakref.WeakValueDictionary()
        self.released = []
        self.synth, self.synth_ids = {}, {}

    # Objects.

    def hand(self, x, permanent=False):
        """X's handle id, counting one more sent."""
        i = self.ids.get(id(x))
        if i is None:
            i = self.next_id
            self.next_id += 1
            self.table[i] = [x, 0, permanent]
            self.ids[id(x)] = i
        entry = self.table[i]
        entry[1] += 1
        entry[2] = entry[2] or permanent
        return i

    def own(self, i):
        entry = self.table.get(i) if type(i) is int else None
        if entry is None:
            raise Malformed()
        return entry[0]

    def proxy(self, i, module, qualname):
        p = self.proxies.get(i)
        if p is None:
            p = proxy_class(module, qualname)(i)
            self.proxies[i] = p
        object.__setattr__(p, "_n", object.__getattribute__(p, "_n") + 1)
        return p

    def absorb(self, m):
        """What every message carries: handles released, output."""
        rel = m.get("rel")
        if type(rel) is list:
            for pair in rel:
                if type(pair) is not list or len(pair) != 2 or type(pair[1]) is not int:
                    continue
                entry = self.table.get(pair[0]) if type(pair[0]) is int else None
                if entry is None or entry[2]:
                    continue
                entry[1] -= pair[1]
                if entry[1] <= 0:
                    del self.table[pair[0]], self.ids[id(entry[0])]
        if self.prints:
            for key, stream in (("out", sys.stdout), ("err", sys.stderr)):
                text = m.get(key)
                if type(text) is str and text:
                    stream.write(text)

    # Messages.

    def send(self, m):
        if self.released:
            m["rel"], self.released = self.released, []
        if self.captures is not None:
            for key, cap in zip(("out", "err"), self.captures):
                text, _ = cap._take()
                if text:
                    m[key] = text
        data = b"\n" + json.dumps(m, check_circular=False).encode("ascii") + b"\n"
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.wfd, view)
            except (BrokenPipeError, OSError):
                self.gone()
            view = view[n:]

    def recv(self):
        """The next message, skipping whatever is not one."""
        while True:
            while self.lines:
                line = self.lines.popleft()
                if not line.strip():
                    continue
                try:
                    m = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if type(m) is dict:
                    return m
            self.fill()

    def fill(self):
        if self.child is not None:
            while not select.select([self.rfd], [], [], 0.2)[0]:
                pid, status = os.waitpid(self.child, os.WNOHANG)
                if pid:
                    self.ended(status)
        try:
            data = os.read(self.rfd, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self.gone()
        if b"\n" not in data:
            self.buf += data
        else:
            parts = (bytes(self.buf) + data).split(b"\n")
            self.buf = bytearray(parts.pop())
            if self.skip:
                parts[0], self.skip = b"", False
            self.lines.extend(parts)
        if len(self.buf) > MAX_MSG:   # a line longer than any message
            self.buf, self.skip = bytearray(), True

    def gone(self):
        """The other process closed its end: the runner ends as its child
        did; the child ends."""
        if self.child is None:
            os._exit(0)
        self.ended(os.waitpid(self.child, 0)[1])

    def ended(self, status):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            try:
                signal.signal(sig, signal.SIG_DFL)
                os.kill(os.getpid(), sig)
            except (OSError, ValueError):
                pass
            os._exit(128 + sig)
        os._exit(os.waitstatus_to_exitcode(status) & 0xff)

    # Requests.

    def request(self, op, operands):
        """Does OP on OPERANDS in the other process: what it gives back, or
        the exception it raised, after the changes it made to the operands'
        containers."""
        enc = Encoder(self)
        try:
            a = [enc.top(x) for x in operands]
        except (TooBig, RecursionError):
            raise ValueError("a value too large or too deep to hand to %s (at most"
                             " %d levels, %d values)" % ("your code" if self.trusted else
                                                         "the examples", MAX_DEPTH, MAX_NODES))
        self.seq += 1
        seq = self.seq
        self.send({"q": seq, "op": op, "a": a})
        while True:
            m = self.recv()
            self.absorb(m)
            if "q" in m:
                self.serve(m)
            elif m.get("r") == seq and type(seq) is int:
                break
        exc, value = self.answer(m, enc.containers)
        if exc is not None:
            raise exc
        return value

    def answer(self, m, containers):
        """The exception or the value of reply M, after its updates of the
        request's CONTAINERS."""
        dec = Decoder(self, containers)
        try:
            updates = []
            for w in m.get("w") or []:
                if type(w) is not list or len(w) != 2 or type(w[0]) is not int or \
                        not 0 <= w[0] < len(containers):
                    raise Malformed()
                c = containers[w[0]]
                t = type(c)
                new = (dec.items(w[1], 1) if t is list or t is set else
                       dec.pairs(w[1], 1) if t is dict else hexbytes(w[1]))
                updates.append((c, new))
            exc = value = None
            if "x" in m:
                exc = dec.dec(m["x"], 0)
                if not isinstance(exc, BaseException):
                    raise Malformed()
                tb = m.get("tb")
                if type(tb) is list and len(tb) == 2 and all(type(s) is str for s in tb):
                    exc._assay_tb = tuple(tb)
            else:
                value = dec.dec(m.get("v"), 0)
            for c, new in updates:
                update(c, new)
        except (Malformed, RecursionError, TypeError, ValueError, MemoryError):
            raise ProtocolError()
        return exc, value

    def serve(self, m):
        """Answers request M."""
        seq, op = m.get("q"), m.get("op")
        dec = Decoder(self)
        try:
            a = m.get("a")
            if type(seq) is not int or type(a) is not list or OPS.get(op) is None:
                raise Malformed()
            operands = [dec.dec(v, 0) for v in a]
            if self.trusted:
                check_serving(op, operands)
            fn = OPS[op]
        except Malformed:
            self.reply_exc(seq, ValueError("malformed request"), [], [])
            return
        except BaseException as e:
            self.reply_exc(seq, e, [], [])
            return
        snaps = [snapshot(c) for c in dec.memo]
        if self.captures is not None:
            sys.stdout, sys.stderr = self.captures
        try:
            res = fn(*operands)
        except BaseException as e:
            del operands
            self.reply_exc(seq, e, dec.memo, snaps)
            return
        del operands, fn
        enc = Encoder(self, dec.memo, share=not self.trusted)
        try:
            w = self.updates(enc, dec.memo, snaps)
        except (TooBig, RecursionError):
            self.reply_exc(seq, ValueError("an argument grew too large to hand back"),
                           [], [])
            return
        mark = (len(enc.containers), enc.nodes)
        try:
            v = enc.top(res)
        except TypeError as e:   # the runner refused to hand it over
            self.reply_exc(seq, e, [], [])
            return
        except (TooBig, RecursionError):
            enc.rollback(mark)
            v = enc.handle(res)
        self.send({"r": seq, "v": v, "w": w})

    def updates(self, enc, containers, snaps):
        return [[k, enc.contents(c)] for k, (c, s) in enumerate(zip(containers, snaps))
                if changed(s, c)]

    def reply_exc(self, seq, e, containers, snaps):
        enc = Encoder(self, containers, share=not self.trusted)
        try:
            w = self.updates(enc, containers, snaps)
            x = enc.top(e)
        except (TooBig, RecursionError, TypeError):
            enc = Encoder(self)
            w, x = [], enc.top(RuntimeError(str(e)[:KEEP]))
        self.send({"r": seq, "x": x, "tb": crossing_tb(e), "w": w})


def calibrate(ep):
    """BASE: the reference counts, at each place, of a list that nothing
    else refers to, measured on the path serve() takes."""
    for pos, make in ((TOP, lambda: []), (LIST, lambda: [[]]), (TUPLE, lambda: ([],)),
                      (DICT, lambda: {0: []})):
        record = {}
        res = make()
        Encoder(ep, share=True, record=record).top(res)
        del res
        BASE[pos] = record[pos]
    BASE[KEY] = BASE[SET] = BASE[LIST]


# ---------------------------------------------------------------------------
# The two processes.

def set_endpoint(ep):
    """EP becomes this process's end of the pipes, the one proxies use."""
    global _EP
    _EP = ep
    return ep


def fork_pair():
    """Makes this process non-dumpable, then forks: (PID, RFD, WFD), PID 0
    in the child. OSError when one of them fails."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE)")
    to_child, to_runner = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(to_child[1])
        os.close(to_runner[0])
        return 0, to_child[0], to_runner[1]
    os.close(to_child[0])
    os.close(to_runner[1])
    return pid, to_runner[0], to_child[1]


def child_setup(rfd, wfd, keep, trusted=False):
    """The child's start: every descriptor closed but its pipes (0, 1 and 2
    on /dev/null), sys.stdout and sys.stderr captured (KEEP characters of
    output passed on per message), its endpoint (TRUSTED: what it serves
    and hands over is restricted, as the runner's: mudoctest_run.py's child
    holds the author's module). (ENDPOINT, CAPTURES); the child ends with
    status 1 when this fails."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        low, high = sorted((rfd, wfd))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, 1 << 16)
        captures = (Capture(keep), Capture(ERR_KEEP))
        sys.stdout, sys.stderr = captures
        ep = set_endpoint(Endpoint(rfd, wfd, trusted=trusted, captures=captures))
        calibrate(ep)
    except BaseException:
        os._exit(1)
    return ep, captures


def serve_forever(ep):
    """The child's loop: the runner's requests, answered until it ends."""
    while True:
        m = ep.recv()
        ep.absorb(m)
        if "q" in m:
            ep.serve(m)


def end(pid, status=0):
    """Ends the child, then this process with STATUS (without the
    interpreter's finalization: what it wrote is flushed)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(status)
