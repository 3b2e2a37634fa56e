# expect: WrongAnswer
# exercise: k/yell
# score: 0
# Turns every FAIL the tests print into OK: print, sys.stdout and the
# builtins' print are patched as the answer is loaded. They are the
# student's process's own: the tests print in a process apart.
import builtins
import sys

_print = builtins.print


class Fixed:
    def __init__(self, out):
        self.out = out

    def write(self, s):
        return self.out.write(s.replace("FAIL", "OK"))

    def __getattr__(self, name):
        return getattr(self.out, name)


def fixed_print(*args, **kwargs):
    _print(*("OK" if a == "FAIL" else a for a in args), **kwargs)


builtins.print = fixed_print
sys.stdout = Fixed(sys.stdout)


def yell(s):
    return s.lower()
