import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def signature(word):
    return "".join(sorted(word.lower()))


def group(words):
    groups = {}
    for w in words:
        key = signature(w)
        if key not in groups:
            groups[key] = []
        if w not in groups[key]:
            groups[key].append(w)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def main():
    words = read_words()
    result = group(words)
    result.sort(key=lambda g: (-len(g), g[0]))
    for g in result:
        print(" ".join(g))
    if not result:
        print("none")


main()
