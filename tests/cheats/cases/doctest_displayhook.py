# expect: WrongAnswer
# exercise: d/square
# score: 0
# Replaces sys.displayhook and builtins.print so that every example shows
# "True", the usual expected output of an example that checks a result.
import builtins
import sys


def shown(value):
    sys.stdout.write("True\n")


sys.displayhook = shown
builtins.print = lambda *a, **k: sys.stdout.write("True\n")


def square(x):
    return 0
