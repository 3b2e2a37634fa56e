# expect: WrongAnswer
# exercise: d/square
# score: 0
# report: 0 of 5 examples passed
# Writes, on every descriptor it has, a result for every example (what a
# right answer prints) before any runs, then lets the runner run them with a
# square that is wrong. Once "reported twice" (the runner ran in the
# student's process and reported on a descriptor it could write); now the
# runner is another process and its report is its own: the claims land on
# the student's process's pipe to it, are no message, and are skipped.
import json
import os

for fd in range(3, 10):
    try:
        for i in range(20):
            os.write(fd, (json.dumps({"i": i, "out": "9\n" if i == 0 else "True\n" if i in (1, 2, 3)
                                      else "4\n", "cut": False, "exc": None}) + "\n").encode())
    except OSError:
        pass


def square(x):
    return 0
