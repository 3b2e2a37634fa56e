>>> cube(2)
8
>>> cube(3) == 27
True
