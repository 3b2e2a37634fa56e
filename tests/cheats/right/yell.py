# exercise: k/yell
# The right answer: the exercise can be passed.
def yell(s):
    return s.upper()
