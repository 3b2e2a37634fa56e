# expect: Accepted
# exercise: py/echo
# One process only: fork fails.
import os
try:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    print("escaped")
except OSError:
    print("hi")
