# expect: CompileError
# exercise: d/square
# score: 0
# report: too many nested parentheses
# Nests parentheses deeper than Python's parser goes, so that the tester's
# trusted first run, which compiles the module, fails: the student's
# CompileError, never the platform's MiscError.
x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))


def square(x):
    return x * x
