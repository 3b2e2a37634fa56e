import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


from collections import defaultdict


def main():
    by_letters = defaultdict(set)
    for word in read_words():
        by_letters[tuple(sorted(word.lower()))].add(word)
    found = sorted((sorted(s) for s in by_letters.values() if len(s) >= 2),
                   key=lambda s: (-len(s), s[0]))
    print("\n".join(" ".join(s) for s in found) if found else "none")


if __name__ == "__main__":
    main()
