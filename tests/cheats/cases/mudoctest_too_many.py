# expect: CompileError
# exercise: mu/sign
# score: 0
# report: at most 3 examples
# More examples than limit-tests allows.
>>> sign(1)
1
>>> sign(2)
1
>>> sign(0)
0
>>> sign(-1)
-1
