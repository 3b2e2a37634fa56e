# expect: WrongAnswer
# exercise: k/yell
# score: 0
# Defines print and isinstance at the top level, so that the tests' code,
# in one program with the answer, calls them: every FAIL printed as OK.
# The tests print and check with the builtins: the answer's print,
# isinstance, type, str, repr... are its own.
import builtins


def print(*args, **kwargs):
    builtins.print(*("OK" if a == "FAIL" else a for a in args), **kwargs)


def isinstance(obj, cls):
    return True


def yell(s):
    return s.lower()
