import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def anagram_of(x, y):
    if len(x) != len(y):
        return False
    pool = list(y.lower())
    for ch in x.lower():
        if ch in pool:
            pool.remove(ch)
        else:
            return False
    return True


def find_all(ws):
    taken = [False] * len(ws)
    res = []
    for a in range(len(ws)):
        if not taken[a]:
            grp = [ws[a]]
            taken[a] = True
            b = a + 1
            while b < len(ws):
                if not taken[b] and anagram_of(ws[a], ws[b]):
                    taken[b] = True
                    if ws[b] not in grp:
                        grp.append(ws[b])
                b += 1
            if len(grp) >= 2:
                res.append(sorted(grp))
    res.sort(key=lambda g: (-len(g), g[0]))
    return res


res = find_all(read_words())
print("\n".join(map(" ".join, res)) or "none")
