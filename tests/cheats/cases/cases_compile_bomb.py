# expect: CompileError
# exercise: k/shout
# score: 0
# report: too many nested parentheses
# Nests parentheses deeper than Python's parser goes, so that checking the
# program (a run of the tester's own, before any test) fails: the
# student's CompileError, never the platform's MiscError.
x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))


def shout(s):
    return s.upper()
