# expect: WrongAnswer
# exercise: d/square
# score: 0
# report: 0 of 5 examples passed
# Patches json.dumps, which the runner writes its reports with, so that
# every example reports what a right answer would print where it can be
# guessed: "9" for the first (shown on the page) and "True" for the
# others. Once 4 of 5 passed so (the runner ran in the student's process);
# now the json it patches is its own process's, and the runner's is out of
# its reach.
import json

real = json.dumps


def forged(obj, *a, **k):
    if isinstance(obj, dict) and "i" in obj:
        obj = dict(obj, out="9\n" if obj["i"] == 0 else "True\n", exc=None)
    return real(obj, *a, **k)


json.dumps = forged


def square(x):
    return 0
