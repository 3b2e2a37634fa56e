>>> is_prime(2)
True
>>> is_prime(9)
False
