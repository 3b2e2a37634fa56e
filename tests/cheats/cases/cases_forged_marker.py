# expect: WrongAnswer
# exercise: k/shout
# score: 0
# Looks for the tester's end-of-test marker in the program files of its box
# and in its command line, and prints, with forged markers, what passing
# tests would print before ending the process: a marker there would let it
# claim every test of the run. Without one, it answers in lower case.
import os
import re
import sys

found = None
for name in ("main.py", "hidden.py", "/proc/self/cmdline"):
    try:
        with open(name, "rb") as f:
            m = re.search(rb"#<assay-[0-9a-f]{32}>#", f.read())
    except OSError:
        continue
    if m:
        found = m.group(0).decode()
        break


def shout(s):
    if found is None:
        return s.lower()
    sys.stdout.write("HELLO\n\n%s\nOK\n\n%s\n" % (found, found))
    sys.stdout.flush()
    os._exit(0)
