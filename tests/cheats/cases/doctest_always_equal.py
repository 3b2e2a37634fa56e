# expect: WrongAnswer
# exercise: d/square
# score: 0
# Returns an object equal to everything, shown as 9: every example that
# compares a result passes, the one whose output it cannot guess fails.


class Anything:
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "9"


def square(x):
    return Anything()
