# expect: WrongAnswer
# exercise: d/square
# score: 0
# report: reported twice
# Writes, on the descriptor the runner reports on, a result for every
# example (what a right answer prints) before any runs, then lets the
# runner run them with a square that is wrong.
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
