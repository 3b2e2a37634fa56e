#!/usr/bin/python3
"""test_cheats.py - submissions that try to win without solving, through the
real stack (nginx, the FastCGI programs, the workers, the jail), each with
the verdict it must get.

Every file under cases/ is a submission (its language from its extension:
.c, .cpp, .py, .java; or a "language:" line), whose first comment says
  exercise: ID      the exercise of course/ it is submitted to (may
                    repeat: submitted to each, with the same expectations)
  expect: LABEL     the label it must get: a student's label, never
                    Accepted (a cheat does not solve) nor MiscError (a
                    student's trick is never the platform's fault)
  score: X          (optional) the score it must get: what its code earns
  report: TEXT      (optional, may repeat) words the report or a test's
                    message must hold
  absent: TEXT      (optional, may repeat) words nothing the student is
                    shown may hold (the report and the tests entries, as
                    the API gives them to the student): the author's data
                    the submission tries to read. These lines are emptied
                    (their comment mark kept) before submitting, so that a
                    submission that shows its own code does not show them
Every file under right/ is a right answer to an exercise ("exercise:"),
which must be Accepted with score 1: each exercise can be passed, so a
cheat's failure is the platform's doing, not a broken exercise's.

The submissions are all made at once, by one student, over the HTTP API,
and graded by two workers. Any tester's cheats may join: a file in cases/
and, when needed, an exercise in course/ (or one of content/, copied in at
run time: BORROWED).

TAP output; run by tests/run cheats (make check). KEEP=1 keeps the stack's
temporary directory.
"""
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
from harness import Stack, diag, done, ok  # noqa: E402

COURSE = os.path.join(HERE, "course")
ROOT = os.path.dirname(os.path.dirname(HERE))
# Exercises of the example course the cheats target as they are: copied
# into the course at run time (course path: content path).
BORROWED = {"qc/strong.md": "content/c/strong.md", "qc/strong.c": "content/c/strong.c"}


def course():
    """course/ with the borrowed exercises, in a new temporary directory."""
    d = tempfile.mkdtemp(prefix="assay-cheats-course-")
    shutil.copytree(COURSE, d, dirs_exist_ok=True)
    for dst, src in BORROWED.items():
        os.makedirs(os.path.dirname(os.path.join(d, dst)), exist_ok=True)
        shutil.copy(os.path.join(ROOT, src), os.path.join(d, dst))
    return d
LANGS = {".c": "c", ".cpp": "cpp", ".py": "python", ".java": "java"}
KEYS = ("exercise", "expect", "score", "report", "absent", "language")


def parse(path):
    """The text to submit, the submission's header ({key: [values]}) and
    its language."""
    with open(path) as f:
        text = f.read()
    head = {}
    for key in KEYS:
        for m in re.finditer(r"^\W*%s:[ \t]*(.*?)[ \t]*(\*/)?[ \t]*$" % key, text, re.M):
            head.setdefault(key, []).append(m.group(1))
    lang = head.get("language", [LANGS.get(os.path.splitext(path)[1])])[0]
    text = re.sub(r"^(\W*)absent:.*?([ \t]*\*/)?[ \t]*$", lambda m: m.group(1) + (m.group(2) or ""),
                  text, flags=re.M)
    return text, head, lang


def submissions(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, folder, "*"))):
        text, head, lang = parse(path)
        out.append((folder + "/" + os.path.basename(path), text, head, lang))
    return out


def check_header(name, head, lang, right):
    """Whether the header of submission NAME says what the suite needs."""
    if lang is None or "exercise" not in head:
        return ok(False, "%s has a language and an exercise: line" % name, head)
    if right:
        return True
    if "expect" not in head:
        return ok(False, "%s has an expect: line" % name)
    if head["expect"][0] in ("Accepted", "MiscError"):
        return ok(False, "%s expects a student's label, not %s" % (name, head["expect"][0]))
    return True


def shown(res):
    """All that the student is shown of a result, as one text."""
    return (res.get("report") or "") + "\n" + json.dumps(res.get("tests") or [],
                                                         ensure_ascii=False)


def judge(name, head, res):
    status, score = res.get("status"), res.get("score")
    said = (res.get("report") or "") + "\n" + "\n".join(
        t.get("message", "") for t in res.get("tests") or [])
    if head.get("expect") is None:      # a right answer
        ok(status == "Accepted" and score == 1, "%s: Accepted, score 1" % name,
           "got %s, score %s\n%s" % (status, score, said[-1500:]))
        return
    expect = head["expect"][0]
    ok(status == expect, "%s: %s" % (name, expect),
       "got %s, score %s\n%s" % (status, score, said[-1500:]))
    if "score" in head:
        want = float(head["score"][0])
        ok(isinstance(score, (int, float)) and abs(score - want) < 1e-9,
           "%s: score %s" % (name, head["score"][0]), "got score %s" % score)
    for words in head.get("report", []):
        ok(words in said, "%s: the report says \"%s\"" % (name, words), said[-1500:])
    seen = shown(res)
    for words in head.get("absent", []):
        at = seen.find(words)
        ok(at < 0, "%s: the student is shown no \"%s\"" % (name, words),
           seen[max(0, at - 300):at + 300])


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the sandbox needs root")
        return
    cheats = submissions("cases")
    rights = submissions("right")
    ok(len(cheats) >= 30, "at least 30 cheats (%d)" % len(cheats))
    todo = [(name, text, head, lang) for name, text, head, lang in cheats
            if check_header(name, head, lang, False)]
    todo += [(name, text, head, lang) for name, text, head, lang in rights
             if check_header(name, head, lang, True)]
    # A submission that names several exercises is made to each.
    todo = [(name if len(head["exercise"]) == 1 else "%s@%s" % (name, ex), text,
             dict(head, exercise=[ex]), lang)
            for name, text, head, lang in todo for ex in head["exercise"]]
    course_dir = course()
    stack = Stack(course_dir, workers=2)
    start = time.time()
    try:
        client = stack.client()
        r = client.login("alice", "alice-pw")
        ok(r.status == 200, "logged in", r)

        def grade(sub):
            name, text, head, lang = sub
            r = client.submit(head["exercise"][0], lang, text)
            if r.status != 202:
                return sub, {"status": "HTTP %d" % r.status, "report": r.body}
            return sub, client.wait(r.json["id"], timeout=300)

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(grade, todo))
        for (name, text, head, lang), res in results:
            judge(name, head, res)
    finally:
        leftovers = stack.stop()
        ok(not leftovers, "stopping the stack leaves no process", leftovers)
        stack.cleanup()
        shutil.rmtree(course_dir, ignore_errors=True)
    diag("cheats suite: %.1f s" % (time.time() - start))
    done()


if __name__ == "__main__":
    main()
