# expect: WrongAnswer
# exercise: d/square
# score: 0
# Returns an object equal to everything, shown as 9: every example that
# compares a result passes, the one whose output it cannot guess fails.
# That is doctest's own semantics, not a forgery: the examples ran, and what
# they printed is what the object's == and repr() computed. An example that
# compares (`f(x) == y`) trusts the result's ==; one that shows the value
# (`f(x)`, expecting `4`) does not.


class Anything:
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "9"


def square(x):
    return Anything()
