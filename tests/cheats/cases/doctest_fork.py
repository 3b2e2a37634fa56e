# expect: WrongAnswer
# exercise: d/square
# score: 0
# Forks a child meant to outlive the run and write a passing report for
# every example once the runner is done: the run's processes are the runner
# and the student's process, which cannot make another.
import json
import os
import time

try:
    if os.fork() == 0:
        time.sleep(1)
        for i in range(5):
            os.write(3, (json.dumps({"i": i, "out": "True\n", "cut": False, "exc": None})
                         + "\n").encode())
        os._exit(0)
except OSError:
    pass


def square(x):
    return 0
