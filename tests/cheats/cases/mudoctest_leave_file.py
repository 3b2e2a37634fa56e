# expect: WrongAnswer
# exercise: mu/sign
# score: 0
# report: 2 of the 2 mutants
# The target runs first: a file left in the box or /tmp would tell the
# mutants' runs apart from it, and fail them. Each run has a fresh /tmp and
# a read-only box: nothing is left.
>>> import os; seen = any(os.path.exists(p) for p in ('flag', '/tmp/flag'))
>>> for p in ('flag', '/tmp/flag'):
...     try:
...         open(p, 'w').close()
...     except OSError:
...         pass
>>> seen
False
