# expect: WrongAnswer
# exercise: k/yell
# score: 0
# Looks for the run's end-of-test marker in its process: the globals of the
# frames that called it, every string the garbage collector tracks, and the
# parent's environment and memory; then prints what a pass prints, closes
# the test with the marker and exits. The tests' code runs in a process
# apart, which holds the marker alone.
import gc
import os
import re
import sys

PATTERN = re.compile(r"#<assay-[0-9a-f]{32}>#")


def find():
    f = sys._getframe()
    while f is not None:
        for v in list(f.f_globals.values()) + list(f.f_locals.values()):
            if isinstance(v, str) and PATTERN.search(v):
                return PATTERN.search(v).group(0)
        f = f.f_back
    for o in gc.get_objects():
        for v in (o.values() if isinstance(o, dict) else o if isinstance(o, (list, tuple))
                  else ()):
            if isinstance(v, str) and PATTERN.search(v):
                return PATTERN.search(v).group(0)
    for name in ("environ", "cmdline", "mem"):
        try:
            with open("/proc/%d/%s" % (os.getppid(), name), "rb") as f:
                m = re.search(rb"#<assay-[0-9a-f]{32}>#", f.read(1 << 20))
            if m:
                return m.group(0).decode()
        except OSError:
            pass
    return None


def yell(s):
    mark = find()
    if mark:
        os.write(1, ("OK\n\n%s\n" % mark).encode())
        os._exit(0)
    return s.lower()
