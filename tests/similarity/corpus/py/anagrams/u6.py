import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
          73, 79, 83, 89, 97, 101]


def product(word):
    p = 1
    for c in word.lower():
        if c.isalpha() and c.isascii():
            p *= PRIMES[ord(c) - 97]
        else:
            p *= 103 + ord(c)
    return p


def run():
    seen = {}
    for word in read_words():
        seen.setdefault(product(word), [])
        if word not in seen[product(word)]:
            seen[product(word)].append(word)
    many = [sorted(v) for v in seen.values() if len(v) > 1]
    many.sort(key=lambda v: (-len(v), v[0]))
    if not many:
        print("none")
        return
    for v in many:
        print(" ".join(v))


run()
