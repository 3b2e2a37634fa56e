# expect: TimeLimitExceeded
# report: CPU time limit of 0.5 s exceeded
# exercise: py/spin
while True:
    pass
