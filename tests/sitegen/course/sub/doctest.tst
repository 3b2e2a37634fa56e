>>> median([3, 1, 2])
2
>>> median([4, 1, 3, 2]) # golden-doctest-example
2.5
