# expect: RuntimeError
# exercise: mu/sign
# score: 0
# report: SIGKILL
# Kills its own process on the target's run: the examples did not finish.
>>> import os, signal; os.kill(os.getpid(), signal.SIGKILL)
