import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def count_letters(w):
    counts = [0] * 26
    for ch in w.lower():
        if "a" <= ch <= "z":
            counts[ord(ch) - ord("a")] += 1
    return tuple(counts)


class Groups:
    def __init__(self):
        self.table = {}
        self.order = []

    def add(self, word):
        k = count_letters(word)
        if k not in self.table:
            self.table[k] = []
            self.order.append(k)
        bucket = self.table[k]
        if word not in bucket:
            bucket.append(word)

    def result(self):
        out = []
        for k in self.order:
            if len(self.table[k]) > 1:
                out.append(sorted(self.table[k]))
        out.sort(key=lambda b: (-len(b), b[0]))
        return out


g = Groups()
for word in read_words():
    g.add(word)
lines = g.result()
if len(lines) == 0:
    print("none")
for b in lines:
    print(" ".join(b))
