# expect: WrongAnswer
# exercise: mu/sign
# score: 0
# report: 2 of the 2 mutants
# absent: x >= 0
# Writes the reports of a run where every example passed, then ends its
# process: the same on the target's run and on each mutant's, so every
# mutant survives (a run tells target from mutant only by the module).
>>> import os; os.write(1, b'{"i": 0, "out": "", "cut": false, "exc": null}\n{"i": 1, "out": "1\\n", "cut": false, "exc": null}\n{"done": true}\n'); os._exit(0)
>>> sign(1)
1
