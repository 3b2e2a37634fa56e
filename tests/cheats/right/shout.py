# exercise: k/shout
# The right answer: the exercise can be passed.
def shout(s):
    return s.upper()
