#!/usr/bin/python3
"""bench_jobe.py - Jobe's API (issue 17): C hello-world runs per second
through POST /jobe/index.php/restapi/runs on the service's port (`assay
serve`, its local Jobe grading processes, twice as many as CPUs, each run in
the jail), CLIENTS clients in a closed loop, beside the bare loop of Jobe's
own commands (`gcc -Wall -Werror -std=c99 -x c -o prog.c.exe prog.c`, then
`./prog.c.exe`) on the same cores, two loops in parallel, no jail, no HTTP.
Ratio = API / bare (goal >= 1.0; Jobe's README reports 18 C jobs/s on 8
cores).

The same source run again (Jobe's own performance test, and CodeRunner's
tests of one answer, which differ in their input) is compiled once: the run
tester keeps the compiled box (sandbox/testers/run_cache.h). Each source
made different (a comment with the run's number) measures the compile every
time; both are reported.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402

COURSE = os.path.join(harness.ROOT, "tests", "integration", "course")
CLIENTS = int(os.environ.get("CLIENTS", "4"))
TOTAL = int(os.environ.get("TOTAL", "100"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
HELLO = '#include <stdio.h>\nint main(void) {\n    printf("Hello world\\n");\n    return 0;\n}\n'

BARE = r'''
set -e
cd "$1"
i=0
while [ $i -lt "$2" ]; do
	gcc -Wall -Werror -std=c99 -x c -o prog.c.exe prog.c
	./prog.c.exe > out
	i=$((i + 1))
done
'''


def bare(total, parallel):
    dirs = []
    for _ in range(parallel):
        d = tempfile.mkdtemp(prefix="assay-bench-jobe-")
        with open(os.path.join(d, "prog.c"), "w") as f:
            f.write(HELLO)
        dirs.append(d)
    per = [total // parallel + (1 if i < total % parallel else 0) for i in range(parallel)]
    t0 = time.time()
    procs = [subprocess.Popen(["/bin/sh", "-c", BARE, "bare", d, str(n)])
             for d, n in zip(dirs, per)]
    for p in procs:
        if p.wait() != 0:
            raise RuntimeError("the bare loop failed")
    rate = total / (time.time() - t0)
    subprocess.run(["rm", "-rf"] + dirs)
    return rate


def api(port, total, clients, distinct=False, tag=0):
    left, bad, lat = [total], [], []
    lock = threading.Lock()

    def body(n):
        code = HELLO + ("/* round %d, run %d */\n" % (tag, n) if distinct else "")
        return json.dumps({"run_spec": {"language_id": "c", "sourcecode": code,
                                        "sourcefilename": "prog.c"}})

    def client():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if left[0] == 0:
                    break
                left[0] -= 1
                n = left[0]
            t0 = time.time()
            c.request("POST", "/jobe/index.php/restapi/runs/", body=body(n),
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            data = json.loads(r.read())
            with lock:
                lat.append(time.time() - t0)
                if r.status != 200 or data.get("outcome") != 15:
                    bad.append(data)
        c.close()

    t0 = time.time()
    ts = [threading.Thread(target=client) for _ in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return total / (time.time() - t0), sorted(lat), bad


def row(name, rate, lat, bad):
    print("%-44s %10.1f %8.3f %8.3f %d" % (name, rate, lat[len(lat) // 2],
          lat[min(len(lat) - 1, int(len(lat) * 0.99))], len(bad)))
    if bad:
        print("# a failed run: %s" % bad[0])


def main():
    stack = harness.Stack(COURSE)
    bares, dists, ratios = [], [], []
    try:
        api(stack.port, 8, CLIENTS)     # warm up
        same = api(stack.port, TOTAL, CLIENTS)
        for r in range(ROUNDS):
            # Bare and API side by side, in turns: the machine's noise
            # moves both of a round alike.
            b = bare(TOTAL, 2)
            d = api(stack.port, TOTAL, CLIENTS, distinct=True, tag=r)
            bares.append(b)
            dists.append(d)
            ratios.append(d[0] / b)
    finally:
        stack.stop()
        stack.cleanup()
    base = statistics.median(bares)
    mid = sorted(range(ROUNDS), key=lambda i: ratios[i])[ROUNDS // 2]
    print("# Jobe API: %d C hello-world runs, %d clients; the bare loop: Jobe's gcc"
          " command and the program, 2 in parallel; %d rounds of bare then API,"
          " the median round shown" % (TOTAL, CLIENTS, ROUNDS))
    print("%-44s %10s %8s %8s %s" % ("", "runs/s", "p50 s", "p99 s", "failed"))
    row("POST runs, one source (compiled once)", *same)
    row("POST runs, a source each (each compiled)", *dists[mid])
    print("%-44s %10.1f" % ("bare gcc + run (baseline)", bares[mid]))
    print("ratio API / bare, one source (goal >= 1.0): %.2f" % (same[0] / base))
    print("ratio API / bare, a source each: %.2f (rounds: %s)" % (
        ratios[mid], " ".join("%.2f" % x for x in ratios)))


if __name__ == "__main__":
    main()
