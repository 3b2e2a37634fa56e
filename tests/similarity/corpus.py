"""corpus.py - the similarity corpus (tests/similarity/corpus) and its truth,
shared by tests/integration/test_similarity.py and sweep.py.

truth.txt names copy pairs, "EXERCISE LOGIN LOGIN" a line. They are taken
transitively: two copies of one original (u1 and its copies u7 and u11)
are a copying pair too, since they hold the same borrowed code. Every
other pair of an exercise is independent work.
"""
import glob
import itertools
import os
import re
import subprocess

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
EXERCISES = ("c/stats", "c/rpn", "c/reverse", "py/anagrams")


def login(path):
    return os.path.splitext(os.path.basename(path))[0]


def files(ex):
    """EX's submissions (u*), by login."""
    return sorted(glob.glob(os.path.join(CORPUS, ex, "u*")),
                  key=lambda p: int(re.sub(r"\D", "", login(p))))


def skeleton(ex):
    got = glob.glob(os.path.join(CORPUS, ex, "skeleton.*"))
    return got[0] if got else None


def language(path):
    ext = os.path.splitext(path)[1]
    return {".py": "python", ".cpp": "cpp"}.get(ext, "c")


def pair(a, b):
    return (a, b) if (int(a[1:]), a) < (int(b[1:]), b) else (b, a)


def truth():
    """{exercise: set of copy pairs (a, b)}, closed transitively."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    with open(os.path.join(CORPUS, "truth.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                ex, a, b = line.split()
                parent[find((ex, a))] = find((ex, b))
    groups = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    copies = {ex: set() for ex in EXERCISES}
    for members in groups.values():
        for (ex, a), (_, b) in itertools.combinations(members, 2):
            copies[ex].add(pair(a, b))
    return copies


def all_pairs(ex):
    return {pair(login(a), login(b)) for a, b in itertools.combinations(files(ex), 2)}


def score(pairs, copies, ex, threshold):
    """PAIRS {(a, b): similarity} of EX against the truth: (tp, fp, fn,
    weakest copy's similarity, strongest independent pair's)."""
    want = copies[ex]
    found = {p for p, s in pairs.items() if s >= threshold}
    indep = [pairs.get(p, 0.0) for p in all_pairs(ex) - want]
    return (len(found & want), len(found - want), len(want - found),
            min(pairs.get(p, 0.0) for p in want) if want else 1.0,
            max(indep) if indep else 0.0)


def sim_c(ex):
    """{(a, b): percent} from Debian's similarity-tester on EX's files
    (sim_c, or sim_c++ when a file is C++), the larger of the two
    directions; None when it is not installed."""
    paths = files(ex)
    prog = "sim_c++" if any(p.endswith(".cpp") for p in paths) else "sim_c"
    try:
        p = subprocess.run([prog, "-p", "-t", "1"] + paths, capture_output=True, text=True)
    except FileNotFoundError:
        return None
    best = {}
    for line in p.stdout.splitlines():
        m = re.match(r"(\S+) consists for (\d+) % of (\S+) material", line)
        if m:
            key = pair(login(m.group(1)), login(m.group(3)))
            best[key] = max(best.get(key, 0), int(m.group(2)))
    return best


def ranked(pairs):
    return sorted(pairs, key=lambda p: (-pairs[p], p))
