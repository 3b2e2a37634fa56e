# expect: RuntimeError
# exercise: k/shout
# score: 0
# Prints what a passing check prints, flushes it, and ends the process with
# os._exit(0), which no handler of the tests can catch.
import os
import sys


def shout(s):
    print("OK")
    sys.stdout.flush()
    os._exit(0)
