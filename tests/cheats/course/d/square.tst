>>> square(3)
9
>>> square(4) == 16
True
