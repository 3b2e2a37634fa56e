# expect: RuntimeError
# exercise: k/shout
# score: 0
# report: the program ended before the end of the test's code
# Prints what a passing check prints, then ends the program with
# sys.exit(0) before the test's own code can check anything.
import sys


def shout(s):
    print("OK")
    sys.exit(0)
