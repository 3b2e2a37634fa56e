>>> is_prime(25) # golden-private-example
False
