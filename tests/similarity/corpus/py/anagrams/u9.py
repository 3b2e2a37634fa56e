import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


PR = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
      73, 79, 83, 89, 97, 101]


def code(w):
    result = 1
    letters = w.lower()
    i = 0
    while i < len(letters):
        c = letters[i]
        if c.isalpha() and c.isascii():
            result *= PR[ord(c) - 97]
        else:
            result *= 103 + ord(c)
        i += 1
    return result


def go():
    table = {}
    words = read_words()
    n = 0
    while n < len(words):
        w = words[n]
        table.setdefault(code(w), [])
        if w not in table[code(w)]:
            table[code(w)].append(w)
        n += 1
    groups = []
    for v in table.values():
        if len(v) > 1:
            groups.append(sorted(v))
    groups.sort(key=lambda v: (-len(v), v[0]))
    if not groups:
        print("none")
        return
    for v in groups:
        print(" ".join(v))


go()
