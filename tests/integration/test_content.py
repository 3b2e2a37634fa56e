#!/usr/bin/python3
"""test_content.py - the example course (content/) as an author keeps it,
built by sitegen and graded through the real stack: each reference solution
of content/solutions/ is Accepted with score 1 on its exercise, and each
exercise's skeleton (code:), submitted as it is, gets a student's label
below Accepted, never MiscError. So the course a new author copies works,
in the modes sitegen gives it by default (the C cases exercise's tests run
apart from the answer: c/gcd's spec lists the skeleton's gcd()).

TAP output; run by tests/run (make check).
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Stack, ok, done  # noqa: E402

CONTENT = os.path.join(ROOT, "content")
LANGS = {".c": "c", ".cpp": "cpp", ".py": "python", ".java": "java"}


def solutions():
    """(exercise id, language, text) of each reference solution."""
    out = []
    for path in sorted(glob.glob(os.path.join(CONTENT, "solutions", "*", "*"))):
        name, ext = os.path.splitext(path)
        if ext not in LANGS:
            continue
        folder = os.path.basename(os.path.dirname(path))
        with open(path) as f:
            out.append(("%s/%s" % (folder, os.path.basename(name)), LANGS[ext], f.read()))
    return out


def spec(stack, exercise):
    path = os.path.join(stack.site, "current", "specs", exercise + ".json")
    with open(path) as f:
        return json.load(f)


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the sandbox needs root")
        return
    sols = solutions()
    ok(len(sols) >= 4, "the example course has reference solutions (%d)" % len(sols))
    stack = Stack(CONTENT)
    try:
        gcd = spec(stack, "c/gcd")
        ok(gcd["options"]["cases"].get("functions") ==
           [{"ret": "int", "name": "gcd", "params": ["int", "int"]}],
           "c/gcd: the tests call the skeleton's gcd() across (the default)",
           gcd["options"]["cases"].get("functions"))
        client = stack.client()
        r = client.login("alice", "alice-pw")
        ok(r.status == 200, "logged in", r)
        for exercise, lang, text in sols:
            r = client.submit(exercise, lang, text)
            ok(r.status == 202, "%s: the solution is taken" % exercise, r)
            if r.status != 202:
                continue
            res = client.wait(r.json["id"], timeout=120)
            ok(res.get("status") == "Accepted" and res.get("score") == 1,
               "%s: the reference solution is Accepted, score 1" % exercise,
               "got %s, score %s\n%s" % (res.get("status"), res.get("score"),
                                         (res.get("report") or "")[-1500:]))
            skeleton = spec(stack, exercise).get("code")
            if not skeleton:
                continue
            r = client.submit(exercise, lang, skeleton)
            ok(r.status == 202, "%s: the skeleton is taken" % exercise, r)
            if r.status != 202:
                continue
            res = client.wait(r.json["id"], timeout=120)
            ok(res.get("status") not in ("Accepted", "MiscError", None) and
               (res.get("score") or 0) < 1,
               "%s: the skeleton as it is gets a student's label below Accepted" % exercise,
               "got %s, score %s\n%s" % (res.get("status"), res.get("score"),
                                         (res.get("report") or "")[-1500:]))
    finally:
        leftovers = stack.stop()
        ok(not leftovers, "stopping the stack leaves no process", leftovers)
        stack.cleanup()
    done()


if __name__ == "__main__":
    main()
