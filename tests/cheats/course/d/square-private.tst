>>> square(-7) == 49
True
>>> square(1234) == 1522756
True
>>> square(2)
4
