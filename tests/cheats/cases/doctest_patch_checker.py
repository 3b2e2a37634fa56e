# expect: WrongAnswer
# exercise: d/square
# score: 0
# report: 0 of 5 examples passed
# Replaces doctest's comparison and runner, and the doctest module itself in
# sys.modules, so that every example would pass where they are compared,
# and prints what a full pass reports.
import doctest
import sys
import types

doctest.OutputChecker.check_output = lambda *a, **k: True
doctest.DocTestRunner.run = lambda *a, **k: doctest.TestResults(0, 5)
fake = types.ModuleType("doctest")
fake.__dict__.update(doctest.__dict__)
fake.OutputChecker = type("OutputChecker", (), {"check_output": lambda *a: True})
sys.modules["doctest"] = fake
print("All 5 examples passed (2 public, 3 private).")


def square(x):
    return 0
