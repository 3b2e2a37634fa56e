# expect: WrongAnswer
# exercise: k/yell
# score: 0.25
# Returns a subclass of str whose == is always true, to pass the tests that
# compare it. The test that only asks `yell(x) == y` asks the student's
# object, which may say yes, as in one program: that is not a forgery
# (the test should print the value); but the result is never a str in the
# tests' process (a proxy of the student's object), so a test that checks
# isinstance(r, str) is not fooled.


class Yes(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


def yell(s):
    return Yes(s.lower())
