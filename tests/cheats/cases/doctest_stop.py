# expect: TimeLimitExceeded
# exercise: d/square
# score: 0
# Stops its own process at import with SIGSTOP, hoping the tester waits or
# takes a stopped runner for a finished one.
import os
import signal

os.kill(os.getpid(), signal.SIGSTOP)


def square(x):
    return x * x
