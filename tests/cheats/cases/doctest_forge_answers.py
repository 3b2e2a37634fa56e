# expect: WrongAnswer
# exercise: d/square
# score: 0
# report: 1 of 5 examples passed
# Answers the runner's requests itself: finds, among the frames of its
# process, the request being served, and writes on every descriptor an
# answer to it (9, what the first example shows, then True) before its
# function returns 0. A forged answer is taken as the function's: it gains
# what returning 9, then True, would (the first example passes, as a
# function that returns 9 would pass it), never a result the runner did not
# compute from the example.
import json
import os
import sys

calls = []


def square(x):
    calls.append(x)
    frame = sys._getframe(1)
    while frame is not None:
        m = frame.f_locals.get("m")
        if isinstance(m, dict) and isinstance(m.get("q"), int):
            answer = json.dumps({"r": m["q"], "v": 9 if len(calls) == 1 else True})
            for fd in range(3, 20):
                try:
                    os.write(fd, ("\n" + answer + "\n").encode())
                except OSError:
                    pass
            break
        frame = frame.f_back
    return 0
