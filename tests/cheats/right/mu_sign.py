# exercise: mu/sign
# The right answer: examples that reject both mutants.
# >>> sign(5)
# 1
# (the lines above are comments: doctest's examples are the ones below)
>>> sign(0)
0
>>> sign(-3)
-1
