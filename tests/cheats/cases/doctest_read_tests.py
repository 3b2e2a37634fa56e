# expect: WrongAnswer
# exercise: d/square
# score: 0
# absent: 1522756
# absent: -7919
# absent: 62710561
# Looks for the examples' texts and expected outputs everywhere its process
# can reach (files beside __file__ and in /tmp but its own and the
# platform's scripts, its standard input, the objects of the process, the
# frames that called it, inspect's view of them) and prints them in the
# output of the first example.
import gc
import glob
import inspect
import os
import sys

found = []
here = os.path.dirname(os.path.abspath(__file__))
for name in sorted(glob.glob(os.path.join(here, "*")) + glob.glob("/tmp/*")):
    if name.endswith("main.py") or os.path.basename(name).startswith("assay-"):
        found.append(name)
        continue
    try:
        with open(name) as f:
            found.append(name + ": " + f.read())
    except (OSError, UnicodeDecodeError):
        pass
try:
    os.lseek(0, 0, os.SEEK_SET)
    found.append("stdin: " + os.read(0, 1 << 20).decode())
except OSError:
    pass
for o in gc.get_objects():
    if isinstance(o, dict) and ("want" in o or "examples" in o or "private" in o):
        found.append(repr(o)[:2000])


def square(x):
    for frame in inspect.stack():
        found.append(frame.filename + " " + repr(frame.frame.f_locals)[:500])
    print("\n".join(found))
    return 0
