#!/usr/bin/python3
"""rush.py - the last hour before a deadline: many students, one flooder.

Rows:
  time to verdict, p50 and p99: STUDENTS students (300) each submit a
    correct or a wrong C program (the integration course's c/hello) at
    random times over DURATION seconds (120), with a rate that climbs
    to twice the graders' capacity half-way and falls again (a triangle:
    on average the capacity). The capacity is measured first, in the same
    stack. A student waits for the verdict before the next submission, as
    the page makes them. Time to verdict: from the POST to the poll that
    sees the result (polls every 100 ms at first, then less often, at most
    every 400 ms). The same schedule (same seed) runs twice on fresh stacks:
    with one flooder (a student who submits a program that sleeps until
    killed, again and again, as fast as the server lets them) and without
    (the baseline). Ratio = with / without; the goal is under 1.2 for p99.
  store bytes per submission: submissions of two kinds are stored and
    graded, and the store's file grows by so much per submission, against
    the code's bytes: a C program of 4 KiB (the right answer and real C
    source in a comment), and 64 KiB of random control bytes (what a
    JSON-escaped store would have blown up sixfold). Records are
    compressed, so the ratio depends on the text.
    Ratio = stored / code; goal under 1.5.
  progress page: GET /api/progress for a student with 1,000 submissions,
    against the same for a student with one (median of 200 requests on a
    kept connection). Goal: the same time.

Environment: STUDENTS, DURATION, WORKERS (2), SEED.
"""
import json
import os
import random
import shutil
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

COURSE = os.path.join(harness.ROOT, "tests", "integration", "course")
STUDENTS = int(os.environ.get("STUDENTS", "300"))
DURATION = float(os.environ.get("DURATION", "120"))
WORKERS = int(os.environ.get("WORKERS", "2"))
SEED = int(os.environ.get("SEED", "13"))

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "hello.c")) as f:
    RIGHT = f.read()
WRONG = RIGHT.replace("Hello, %s!", "Hallo, %s!")
FLOOD = "#include <unistd.h>\nint main(void)\n{\n\tfor (;;)\n\t\tpause();\n}\n"


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def add_users(stack, logins):
    """Adds LOGINS (password: the login and "-pw") in one import."""
    path = os.path.join(stack.tmp, "users.csv")
    with open(path, "w") as f:
        f.write("login,password\n")
        for login in logins:
            f.write("%s,%s-pw\n" % (login, login))
    harness.run(os.path.join(harness.BIN, "assay"), "--data", stack.data, "user", "import",
                path)


def wait(c, sid, timeout=600):
    """Polls submission SID until it has a verdict; its JSON, or None."""
    end = time.time() + timeout
    pause = 0.1
    while time.time() < end:
        r = c.request("GET", "/api/submissions/%d" % sid)
        if r.status != 200:
            return {"status": "HTTP %d" % r.status}
        if r.json.get("status") != "Evaluating":
            return r.json
        time.sleep(pause)
        pause = min(pause * 1.5, 0.4)
    return None


def submit(c, code, refused):
    """Submits CODE to c/hello, waiting out 429s (counted in REFUSED);
    the id, or None."""
    while True:
        r = c.submit("c/hello", "c", code)
        if r.status == 202:
            return r.json["id"]
        if r.status == 429:
            refused.append(r.json.get("limit") if r.json else None)
            time.sleep(max(0.2, float(r.headers.get("retry-after", "1"))))
            continue
        return None


def capacity(stack, clients):
    """Gradings per second of c/hello with CLIENTS clients in a closed loop."""
    cs = []
    for i in range(clients):
        c = stack.client(keepalive=True)
        c.login("cap%d" % i, "cap%d-pw" % i)
        cs.append(c)
    n = [0]
    lock = threading.Lock()
    end = time.time() + 15

    def loop(c):
        while time.time() < end:
            sid = submit(c, RIGHT, [])
            if sid is not None and wait(c, sid):
                with lock:
                    n[0] += 1

    # Warm the page cache and the compiler first.
    for c in cs[:WORKERS]:
        wait(c, submit(c, RIGHT, []))
    end = time.time() + 15
    t0 = time.time()
    ts = [threading.Thread(target=loop, args=(c,)) for c in cs]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return n[0] / (time.time() - t0)


def schedule(rate, rng):
    """Submission times and students: a triangle of arrivals over DURATION
    peaking at 2 * RATE, rate * DURATION of them in all."""
    n = int(rate * DURATION)
    times = []
    for _ in range(n):
        u = rng.random()
        # The inverse of the triangle's distribution function.
        x = (u / 2) ** 0.5 if u < 0.5 else 1 - ((1 - u) / 2) ** 0.5
        times.append(x * DURATION)
    times.sort()
    per = [[] for _ in range(STUDENTS)]
    for t in times:
        per[rng.randrange(STUDENTS)].append((t, rng.random() < 0.5))
    return per, n


def rush(per, flooder):
    """One run on a fresh stack: the latencies of the well-behaved, their
    429s, what the flooder got, and submissions without a verdict."""
    # The default per-user limits (the harness switches them off).
    stack = harness.Stack(COURSE, workers=WORKERS,
                          users=(("root", "root-pw", True),),
                          serve_args=["--max-waiting", "3", "--max-per-minute", "20"])
    try:
        add_users(stack, ["s%03d" % i for i in range(STUDENTS)] + ["flood"])
        cs = []
        for i in range(STUDENTS):
            c = stack.client(keepalive=True)
            r = c.login("s%03d" % i, "s%03d-pw" % i)
            if r.status != 200:
                raise RuntimeError("s%03d cannot log in: %r" % (i, r))
            cs.append(c)
        lat, refused, lost = [], [], []
        flood = {"accepted": 0, "refused": 0, "graded": 0}
        lock = threading.Lock()
        stop = threading.Event()
        start = time.time() + 1

        def student(i):
            mine = []
            for at, right in per[i]:
                d = start + at - time.time()
                if d > 0:
                    time.sleep(d)
                t0 = time.time()
                sid = submit(cs[i], RIGHT if right else WRONG, refused)
                s = wait(cs[i], sid) if sid is not None else None
                if s is None or s.get("status") not in ("Accepted", "WrongAnswer"):
                    with lock:
                        lost.append((i, sid, s and s.get("status")))
                    continue
                mine.append(time.time() - t0)
            with lock:
                lat.extend(mine)

        def flooder_loop():
            c = stack.client(keepalive=True)
            c.login("flood", "flood-pw")
            ids = []
            while not stop.is_set():
                r = c.submit("c/hello", "c", FLOOD)
                if r.status == 202:
                    flood["accepted"] += 1
                    ids.append(r.json["id"])
                elif r.status == 429:
                    flood["refused"] += 1
                    # As fast as the server lets: the Retry-After it gives.
                    stop.wait(max(0.05, float(r.headers.get("retry-after", "1"))))
                else:
                    stop.wait(0.05)
            flood["ids"] = ids
            flood["client"] = c

        ts = [threading.Thread(target=student, args=(i,)) for i in range(STUDENTS)]
        f = threading.Thread(target=flooder_loop) if flooder else None
        if f:
            f.start()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if f:
            stop.set()
            f.join()
            # What the flooder had accepted is graded in the end, too
            # (given a minute in all).
            end = time.time() + 60
            for sid in flood["ids"]:
                s = wait(flood["client"], sid, max(0.1, end - time.time()))
                if s is not None and s.get("status") != "Evaluating":
                    flood["graded"] += 1
        return lat, refused, lost, flood
    finally:
        stack.stop()
        stack.cleanup()


def store_bytes(stack, c, code, n):
    """Growth of the store's file per submission of CODE, N of them, graded."""
    db = os.path.join(stack.data, "db", "data.mdb")
    ids = [submit(c, code, []) for _ in range(2)]
    for sid in ids:
        wait(c, sid)
    before = os.stat(db).st_size
    ids = []
    for _ in range(n):
        sid = submit(c, code, [])
        if sid is None:
            raise RuntimeError("a submission for the store's size was refused")
        ids.append(sid)
    for sid in ids:
        wait(c, sid)
    return (os.stat(db).st_size - before) / n


def progress_time(c, n=200):
    c.request("GET", "/api/progress")
    lat = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = c.request("GET", "/api/progress")
        lat.append(time.perf_counter() - t0)
        if r.status != 200:
            raise RuntimeError("progress: HTTP %d" % r.status)
    return statistics.median(lat)


def store_and_progress():
    # The per-user limits off for this stage: one student makes 1,000
    # submissions as fast as the API takes them.
    stack = harness.Stack(COURSE, workers=WORKERS,
                          users=(("root", "root-pw", True), ("many", "many-pw", False),
                                 ("one", "one-pw", False)),
                          serve_args=["--max-waiting", "0", "--max-per-minute", "0"])
    try:
        many = stack.client(keepalive=True)
        many.login("many", "many-pw")
        # A real C program's text (4 KiB of one of Assay's own sources, in a
        # comment after the right answer): it compresses as code does.
        with open(os.path.join(harness.ROOT, "fcgi", "store.c")) as f:
            real = f.read()
        pad = RIGHT + "/*" + real.replace("*/", "* /")[:4096 - len(RIGHT) - 5] + "*/\n"
        typical = store_bytes(stack, many, pad, 200)
        # Control bytes at random (as a pattern they would compress to nothing).
        rng = random.Random(SEED)
        ctrl = "".join(chr(rng.randrange(1, 32)) for i in range(65536))
        control = store_bytes(stack, many, ctrl, 100)
        have = 2 + 200 + 2 + 100
        ids = []
        for i in range(1000 - have):
            ids.append(submit(many, RIGHT if i % 2 else WRONG, []))
        for sid in ids:
            wait(many, sid)
        one = stack.client(keepalive=True)
        one.login("one", "one-pw")
        wait(one, submit(one, RIGHT, []))
        r = many.request("GET", "/api/progress")
        count = sum(e.get("submissions", 0) for e in r.json["exercises"].values())
        t_many = progress_time(many)
        t_one = progress_time(one)
        return len(pad), typical, len(ctrl.encode()), control, count, t_many, t_one
    finally:
        stack.stop()
        stack.cleanup()


def main():
    rng = random.Random(SEED)
    print("# rush: %d students over %.0f s, %d graders, seed %d" % (
        STUDENTS, DURATION, WORKERS, SEED), flush=True)
    # The capacity, measured in a stack of its own.
    stack = harness.Stack(COURSE, workers=WORKERS, users=(("root", "root-pw", True),))
    try:
        add_users(stack, ["cap%d" % i for i in range(4 * WORKERS)])
        cap = capacity(stack, 4 * WORKERS)
    finally:
        stack.stop()
        stack.cleanup()
    per, n = schedule(cap, rng)
    print("# capacity %.1f gradings/s; %d submissions, peak %.1f/s" % (cap, n, 2 * cap),
          flush=True)
    base = rush(per, False)
    with_flood = rush(per, True)
    size = store_and_progress()

    ms = 1000.0
    blat, brefused, blost, _ = base
    flat, frefused, flost, flood = with_flood
    print("%-46s %12s %12s %8s" % ("benchmark", "flooder", "no flooder", "ratio"))
    for p in (50, 99):
        a, b = pct(flat, p), pct(blat, p)
        print("%-46s %9.0f ms %9.0f ms %8.2f" % (
            "time to verdict p%d, %d students" % (p, STUDENTS), a * ms, b * ms, a / b))
    print("# well-behaved refused (429): %d with the flooder, %d without" % (
        len(frefused), len(brefused)))
    print("# the flooder: %d accepted, %d refused (429), %d of its accepted graded" % (
        flood["accepted"], flood["refused"], flood["graded"]))
    code_typ, typical, code_ctl, control, count, t_many, t_one = size
    print("%-46s %12s %12s %8s" % ("", "stored", "code", "ratio"))
    print("%-46s %10.0f B %10d B %8.2f" % ("store per submission, C program of 4 KiB",
                                           typical, code_typ, typical / code_typ))
    print("%-46s %10.0f B %10d B %8.2f" % ("store per submission, 64 KiB of control bytes",
                                           control, code_ctl, control / code_ctl))
    print("%-46s %12s %12s %8s" % ("", "1,000 subs", "1 sub", "ratio"))
    print("%-46s %9.2f ms %9.2f ms %8.2f" % ("GET /api/progress, median of 200",
                                             t_many * ms, t_one * ms, t_many / t_one))
    status = 0
    if blost or flost:
        print("# WARNING: submissions without a verdict: %r" % ((blost + flost)[:10],))
        status = 1
    if count < 1000:
        print("# WARNING: the progress page counts %d submissions, not 1000" % count)
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
