>>> cube(-2) == -8
True
>>> cube(10) == 1000
True
>>> cube(0) == 0
True
