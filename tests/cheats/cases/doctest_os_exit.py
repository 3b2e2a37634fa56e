# expect: RuntimeError
# exercise: d/square
# score: 0
# report: the program ended before the example did
# Prints what the first example expects, flushes it, and ends the process
# with os._exit(0) before the runner can report.
import os
import sys


def square(x):
    sys.stdout.write("9\n")
    sys.stdout.flush()
    sys.__stdout__.write("9\n")
    sys.__stdout__.flush()
    os._exit(0)
