import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


VERBOSE = False
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def log(*args):
    if VERBOSE:
        print("[debug]", *args, file=sys.stderr)


def letter_counts(word):
    tally = [0] * 26
    for letter in word.lower():
        if "a" <= letter <= "z":
            tally[ord(letter) - ord("a")] += 1
    return tuple(tally)


def pretty(counts):
    # shows the counts, for checking
    parts = []
    for i in range(26):
        if counts[i]:
            parts.append("%s=%d" % (ALPHABET[i], counts[i]))
    return ",".join(parts)


def validate(words):
    bad = []
    for w in words:
        if not w.isalpha():
            bad.append(w)
    if bad:
        log("non-letters in", bad)
    return len(bad) == 0


class Table:
    def __init__(self):
        self.buckets = {}
        self.keys = []
        self.added = 0

    def insert(self, word):
        c = letter_counts(word)
        log("insert", word, pretty(c))
        self.added += 1
        if c not in self.buckets:
            self.buckets[c] = []
            self.keys.append(c)
        b = self.buckets[c]
        if word not in b:
            b.append(word)

    def size(self):
        return len(self.keys)

    def stats(self):
        total = 0
        for c in self.keys:
            total += len(self.buckets[c])
        return total, self.size(), self.added

    def groups(self):
        res = []
        for c in self.keys:
            if len(self.buckets[c]) > 1:
                res.append(sorted(self.buckets[c]))
        res.sort(key=lambda x: (-len(x), x[0]))
        return res


def unused_brute_force(words):
    out = []
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            if sorted(words[i]) == sorted(words[j]):
                out.append((words[i], words[j]))
    return out


t = Table()
all_words = read_words()
validate(all_words)
for w in all_words:
    t.insert(w)
log("stats", t.stats())
found = t.groups()
if len(found) == 0:
    print("none")
for x in found:
    print(" ".join(x))
