# expect: RuntimeError
# exercise: d/cube
# score: 0
# report: 0 of 5 examples passed
# report: the program ended before the example did
# Writes, at import, on every descriptor it has, the runner's report of a
# full pass (a result for every example, with the output it expects where
# that can be guessed: 8, shown on the page, then True) and the runner's last
# line, then ends its process before any example runs. Accepted while the
# examples ran in the student's process, which held the report's descriptor;
# now the report is the runner's alone, and the student's process only
# answers the runner's requests.
import json
import os

CLAIMS = "".join(json.dumps({"i": i, "out": "8\n" if i == 0 else "True\n", "cut": False,
                             "exc": None}) + "\n" for i in range(5)) + '{"done": true}\n'
for fd in range(3, 20):
    try:
        os.write(fd, CLAIMS.encode())
    except OSError:
        pass
os._exit(0)


def cube(x):
    return 0
