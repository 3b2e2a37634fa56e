# expect: WrongAnswer
# exercise: s/sum-py
# score: 0
# absent: 42345
# Prints its environment, its command line, its box and /tmp, looking for
# the expected outputs or the private tests' files.
import glob
import os
import sys

print(dict(os.environ), sys.argv)
for path in ("/proc/self/environ", "/proc/self/cmdline", "/proc/1/cmdline"):
    try:
        with open(path, "rb") as f:
            print(path, f.read())
    except OSError as e:
        print(path, e)
for name in sorted(glob.glob("*") + glob.glob("/tmp/*") + glob.glob("../*")):
    if name != "main.py":
        print(name)
print(0)
