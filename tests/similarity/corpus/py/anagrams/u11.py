import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def same_letters(s, t):
    if len(s) != len(t):
        return False
    left = list(t.lower())
    for ch in s.lower():
        if ch in left:
            left.remove(ch)
        else:
            return False
    return True


words = list(dict.fromkeys(read_words()))
groups = []
for w in words:
    for g in groups:
        if same_letters(g[0], w):
            g.append(w)
            break
    else:
        groups.append([w])
groups = sorted((sorted(g) for g in groups if len(g) > 1), key=lambda g: (-len(g), g[0]))
if groups:
    for g in groups:
        print(" ".join(g))
else:
    print("none")
