# exercise: d/cube
# The right answer: the exercise can be passed.
def cube(x):
    return x * x * x
