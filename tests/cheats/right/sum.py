# exercise: s/sum-py
# The right answer: the exercise can be passed.
a, b = map(int, input().split())
print(a + b)
