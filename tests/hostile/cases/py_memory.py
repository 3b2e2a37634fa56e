# expect: MemoryLimitExceeded
# report: memory limit of 64 MiB exceeded
# exercise: py/echo
x = [0] * (10 ** 9)
print("escaped")
