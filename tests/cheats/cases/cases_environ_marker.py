# expect: WrongAnswer
# exercise: k/yell
# score: 0
# Reads the run's end-of-test marker from its environment as the answer is
# loaded, then, called by a test, prints what a pass prints ("OK"), closes
# the test with the marker and exits: every test claimed. The marker is
# never in the student's process: without it, the answer is wrong.
import os

MARK = os.environ.get("ASSAY_MARK")


def yell(s):
    if MARK:
        os.write(1, ("OK\n\n%s\n" % MARK).encode())
        os._exit(0)
    return s.lower()
