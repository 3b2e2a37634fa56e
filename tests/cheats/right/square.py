# exercise: d/square
# The right answer: the exercise can be passed.
def square(x):
    return x * x
