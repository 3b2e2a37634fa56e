import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]


def is_anagram(a, b):
    if len(a) != len(b):
        return False
    rest = list(b.lower())
    for c in a.lower():
        if c in rest:
            rest.remove(c)
        else:
            return False
    return True


def solve(words):
    used = [False] * len(words)
    answer = []
    i = 0
    while i < len(words):
        if not used[i]:
            cluster = [words[i]]
            used[i] = True
            for j in range(i + 1, len(words)):
                if not used[j] and is_anagram(words[i], words[j]):
                    used[j] = True
                    if words[j] not in cluster:
                        cluster.append(words[j])
            if len(cluster) >= 2:
                answer.append(sorted(cluster))
        i += 1
    answer.sort(key=lambda c: (-len(c), c[0]))
    return answer


out = solve(read_words())
print("\n".join(map(" ".join, out)) or "none")
