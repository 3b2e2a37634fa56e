# expect: RuntimeError
# report: output limit of 64 KiB exceeded
# exercise: py/echo
while True:
    print("flood flood flood flood")
