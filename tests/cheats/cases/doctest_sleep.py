# expect: TimeLimitExceeded
# exercise: d/square
# score: 0
# Sleeps in the function, hoping a hang passes.
import time


def square(x):
    time.sleep(30)
    return x * x
