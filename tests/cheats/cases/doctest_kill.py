# expect: RuntimeError
# exercise: d/square
# score: 0
# report: SIGKILL
# Signals its parent (the runner) and the jail's init, then kills its own
# process, hoping the tester takes a killed runner for a finished one.
import os
import signal


def square(x):
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    os.kill(os.getpid(), signal.SIGKILL)
