# expect: WrongAnswer
# exercise: s/sum-py
# score: 0
# report: 0 of 2 tests passed
# Prints what the tester reports when every test passes, then ends the
# process with os._exit(0).
import os
import sys

sys.stdout.write("All 2 tests passed.\n")
sys.stdout.flush()
os._exit(0)
