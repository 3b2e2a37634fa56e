import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def make_groups(items):
    buckets = {}
    for item in items:
        k = sig(item)
        if k not in buckets:
            buckets[k] = []
        if item not in buckets[k]:
            buckets[k].append(item)
    return [sorted(b) for b in buckets.values() if len(b) > 1]


def sig(item):
    # the letters in order
    return "".join(sorted(item.lower()))


def main():
    items = read_words()
    debug = False
    if debug:
        print(items)
    res = make_groups(items)
    res.sort(key=lambda b: (-len(b), b[0]))
    for b in res:
        print(" ".join(b))
    if not res:
        print("none")


main()
