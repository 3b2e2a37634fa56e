>>> square(-7919) == 62710561
True
>>> square(1234) == 1522756
True
>>> square(2)
4
