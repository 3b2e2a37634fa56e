# expect: WrongAnswer
# exercise: mu/sign
# score: 0
# report: 2 of the 2 mutants
# absent: x >= 0
# absent: return 0
# Looks for the mutants' files in the box and everywhere it can read, to
# fail where one is found: none is in the box or /tmp (a module comes on standard input), and
# the box is the same for every run.
>>> import glob
>>> [f for f in glob.glob('**', recursive=True) + glob.glob('/tmp/**', recursive=True)
...  if 'sign' in f or 'mut' in f]
[]
