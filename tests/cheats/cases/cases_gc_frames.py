# expect: WrongAnswer
# exercise: k/shout
# score: 0
# absent: SECRET WORDS
# Searches its process's objects and frames for the expected outputs, to
# print the one that matches its test: they are never in its process.
import gc
import sys


def shout(s):
    seen = set()
    for o in gc.get_objects():
        if isinstance(o, dict):
            seen.update(v for v in o.values() if isinstance(v, str))
    f = sys._getframe()
    while f is not None:
        seen.update(v for v in f.f_globals.values() if isinstance(v, str))
        seen.update(c for c in f.f_code.co_consts if isinstance(c, str))
        f = f.f_back
    return [v for v in seen if v.isupper() and v.lower() == s] or [s.lower()]
