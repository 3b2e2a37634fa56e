import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


import itertools


def key_of(word):
    return sorted(word.lower())


def main():
    words = sorted(set(read_words()), key=key_of)
    groups = []
    for _, members in itertools.groupby(words, key=lambda w: "".join(key_of(w))):
        members = sorted(members)
        if len(members) > 1:
            groups.append(members)
    groups.sort(key=lambda m: (-len(m), m[0]))
    if groups:
        for members in groups:
            print(*members)
    else:
        print("none")


main()
