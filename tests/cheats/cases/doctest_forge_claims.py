# expect: RuntimeError
# exercise: d/square
# score: 0
# report: 0 of 5 examples passed
# Writes, on every descriptor it has, a result for every example (what a
# right answer prints), then ends the process before any example runs: the
# runner ends the same way, having reported nothing.
import json
import os

for fd in range(3, 10):
    try:
        for i in range(20):
            os.write(fd, (json.dumps({"i": i, "out": "9\n" if i == 0 else "True\n" if i in (1, 2, 3)
                                      else "4\n", "cut": False, "exc": None}) + "\n").encode())
    except OSError:
        pass
os._exit(0)


def square(x):
    return 0
