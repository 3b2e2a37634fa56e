>>> square(3)
9
>>> square(-2)
4
