#!/usr/bin/python3
"""test_codex_sql.py - Codex's accept and sqlite-query testers through the
real stack (site, API, worker, engine, jail), on the pages of
codex-course/accept/ and codex-course/sql/, modelled on Codex's example
course: the labels Codex gives, what a private database hides, what the
site publishes, and the time from POST to verdict of a query.

TAP output; run by tests/run.
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, diag, ok, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "codex-course")

SCRIPT = "#!/bin/sh\ncd \"$1\" && rm -f -- *.aux *.log *.toc *.out\n"
FEW_OK = ("select c.first_name, c.last_name from customer c\n"
          "join rental r on r.customer_id = c.customer_id\n"
          "group by c.customer_id having count(*) < 3 order by c.last_name desc;\n")
FEW_WRONG = FEW_OK.replace("< 3", "< 2")
FILMS_OK = ("select f.title from film f join rental r using (film_id)\n"
            "group by f.film_id having count(*) > 1 order by 1\n")
FILMS_ALL = "select title from film order by title\n"
FILMS_DESC = FILMS_OK.replace("order by 1", "order by 1 desc")


def grade(c, exercise, language, code):
    r = c.submit(exercise, language, code)
    if r.status != 202:
        return {"status": "HTTP %d: %s" % (r.status, r.body)}
    return c.wait(r.json["id"], timeout=120)


def test_accept(c):
    s = grade(c, "accept/cleanup", "sh", SCRIPT)
    ok(s.get("status") == "Accepted" and "graded by hand" in s.get("report", ""),
       "accept: a shell script is recorded, Accepted, for grading by hand", s)
    s = grade(c, "accept/cleanup", "sh", "")
    ok(s.get("status") == "Accepted", "accept: even an empty one (Codex's rule)", s)
    r = c.submit("accept/cleanup", "python", "print(1)\n")
    ok(r.status == 400 and "not accepted" in r.body,
       "accept: a language the page does not name is refused", r.body)


def test_query(c):
    s = grade(c, "sql/customers", "sql", FEW_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1,
       "sqlite-query: right, in another order, with ignore-order: Accepted", s)
    s = grade(c, "sql/customers", "sql", FEW_WRONG)
    rep = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "expected 3 rows, obtained 2" in rep and
       "BARBARA | LISKOV" in rep, "a row missing: WrongAnswer, counts and the row", s)
    s = grade(c, "sql/films", "sql", FILMS_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1,
       "right on the public and the private database: Accepted", s)
    s = grade(c, "sql/films", "sql", FILMS_DESC)
    ok(s.get("status") == "WrongAnswer" and "row 1 expected: ALIEN" in s.get("report", ""),
       "wrong order without ignore-order: WrongAnswer, the rows shown", s)
    s = grade(c, "sql/films", "sql", FILMS_ALL)
    text = s.get("report", "") + str(s.get("tests", ""))
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0.5,
       "right on the public database only: WrongAnswer, half the score", s)
    ok("ZARDOZ" not in text and "VERTIGO" not in text and "other.sql" not in text and
       "private 1: wrong result." in text, "the private database shows nothing of itself", s)
    s = grade(c, "sql/films", "sql", "select titel from film")
    ok(s.get("status") == "CompileError" and "no such column: titel" in s.get("report", ""),
       "a query that does not compile: CompileError with SQLite's message", s)
    s = grade(c, "sql/films", "sql", "delete from rental")
    ok(s.get("status") == "CompileError" and "would change the database" in s.get("report", ""),
       "a statement that writes is refused", s)
    s = grade(c, "sql/films", "sql", "with recursive n(x) as (select 1 union all "
              "select x + 1 from n) select count(*) from n")
    ok(s.get("status") == "TimeLimitExceeded", "an endless recursive query: "
       "TimeLimitExceeded", s)


def test_published(stack, c):
    r = c.request("GET", "/sql/db/shop.sqlite")
    ok(r.status == 200, "the public database the page attaches is published", r.status)
    for path in ("/sql/db/other.sql", "/sql/db/shop.sql", "/specs/sql/films.json"):
        r = c.request("GET", path)
        ok(r.status == 404, "%s is not published" % path, r.status)
    r = c.request("GET", "/sql/customers.html")
    ok(r.status == 200 and "select first_name" not in r.body,
       "the page does not show the answer", r.status)


def measure(c, n=15):
    """POST to verdict of a right query, polled every 5 ms."""
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        r = c.submit("sql/films", "sql", FILMS_OK)
        sid = r.json["id"]
        while True:
            s = c.request("GET", "/api/submissions/%d" % sid).json
            if s.get("status") != "Evaluating":
                break
            time.sleep(0.005)
        times.append((time.monotonic() - t0) * 1000)
    diag("sqlite-query POST to verdict, 2 databases: median %.0f ms, min %.0f, max %.0f"
         % (statistics.median(times), min(times), max(times)))
    ok(statistics.median(times) < 2000, "a query is graded in well under two seconds")


def main():
    try:
        stack = Stack(COURSE)
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        c = stack.client()
        c.login("alice", "alice-pw")
        test_accept(c)
        test_query(c)
        test_published(stack, c)
        b = stack.client()
        b.login("bob", "bob-pw")
        measure(b)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "nothing left running", left)
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
