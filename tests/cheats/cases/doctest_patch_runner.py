# expect: WrongAnswer
# exercise: d/cube
# score: 0
# report: 0 of 5 examples passed
# Patches what the runner writes its report with, so that every example's
# result claims the output it expects where that can be guessed (8, then
# True): json.dumps, the json module in sys.modules, and the runner's own
# writer, a function named send found among the process's objects, whose
# code it replaces. Accepted while the examples ran in the student's
# process; now these are the student's process's own copies, and what
# counts is what its function returns to the runner.
import gc
import json
import sys
import types

real = json.dumps


def claim(obj):
    if isinstance(obj, dict) and isinstance(obj.get("i"), int):
        obj = dict(obj, out="8\n" if obj["i"] == 0 else "True\n", cut=False, exc=None)
    return obj


def forged(obj, *args, **kwargs):
    return real(claim(obj), *args, **kwargs)


def writer(chan):
    def send(obj, real=real, claim=claim):
        chan.write(real(claim(obj)) + "\n")
        chan.flush()
    return send


json.dumps = forged
fake = types.ModuleType("json")
fake.__dict__.update(json.__dict__)
fake.dumps = forged
sys.modules["json"] = fake
for o in gc.get_objects():
    if isinstance(o, types.FunctionType) and o.__name__ == "send" and \
            o.__closure__ is not None and len(o.__code__.co_freevars) == 1:
        try:
            o.__code__ = writer(None).__code__
            o.__defaults__ = (real, claim)
        except (ValueError, TypeError):
            pass


def cube(x):
    return 0
