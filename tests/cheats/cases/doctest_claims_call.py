# expect: RuntimeError
# exercise: d/cube
# score: 0
# report: 0 of 5 examples passed
# report: the program ended before the example did
# The same claims as doctest_claims_import.py, written from inside the
# function at its first call, which then ends the process. Accepted while
# the examples ran in the student's process; now its end ends the runner
# the same way, before the example's result is written.
import json
import os

CLAIMS = "".join(json.dumps({"i": i, "out": "8\n" if i == 0 else "True\n", "cut": False,
                             "exc": None}) + "\n" for i in range(5)) + '{"done": true}\n'


def cube(x):
    for fd in range(3, 20):
        try:
            os.write(fd, CLAIMS.encode())
        except OSError:
            pass
    os._exit(0)
