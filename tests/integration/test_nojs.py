#!/usr/bin/python3
"""test_nojs.py - the student's side without JavaScript, through the real
stack and plain HTTP, as a browser with scripts off would speak it: the
pages' forms, a login by form (303 to its next, never elsewhere), a
submission by form (303 to its verdict page, which refreshes itself until it
is graded, escapes everything and shows the history), the quiz by form, the
Origin check, another student's page, the per-user limit's 429 page, and the
JSON API answering as before.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, diag, done  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

HELLO_OK = r'''#include <stdio.h>
int main(void)
{
	char name[100];
	if (scanf("%99s", name) != 1)
		return 1;
	printf("Hello, %s!\n", name);
	return 0;
}
'''
HELLO_SLOW = HELLO_OK.replace("#include <stdio.h>", "#include <stdio.h>\n#include <unistd.h>") \
    .replace("char name[100];", "char name[100];\n\tusleep(1500000);")
HOSTILE = "</pre><script>alert(1)</script> & \"quotes\" 'single'\nint main(void) { return x; }\n"

FORM = {"Content-Type": "application/x-www-form-urlencoded",
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PAGE = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def course():
    """The integration course with the testers' quiz beside it."""
    d = tempfile.mkdtemp(prefix="assay-nojs-course-")
    shutil.copytree(os.path.join(HERE, "course"), os.path.join(d, "course"))
    os.makedirs(os.path.join(d, "course", "q"))
    shutil.copy(os.path.join(HERE, "testers-course", "q", "quiz.md"),
                os.path.join(d, "course", "q", "quiz.md"))
    return d, os.path.join(d, "course")


def form(pairs):
    return urllib.parse.urlencode(pairs)


def post_form(c, path, pairs, **kw):
    return c.request("POST", path, form(pairs), FORM, **kw)


def is_page(r):
    return r.headers.get("content-type", "").startswith("text/html") and "<!DOCTYPE html>" in r.body


def verdict_id(r):
    m = re.fullmatch(r"/api/submissions/(\d+)\.html", r.headers.get("location", ""))
    return int(m.group(1)) if m else None


def follow(c, sid, timeout=60):
    """Loads the verdict page as its refresh would, until it stops refreshing.
    Returns (pages seen, the last one)."""
    seen = []
    end = time.time() + timeout
    while True:
        r = c.request("GET", "/api/submissions/%d.html" % sid, headers=PAGE)
        seen.append(r)
        if r.status != 200 or 'http-equiv="refresh"' not in r.body or time.time() > end:
            return seen, r
        time.sleep(0.2)


def test_pages(stack):
    c = stack.client()
    r = c.request("GET", "/c/hello.html")
    body = r.body
    ok(r.status == 200 and re.search(r'<form id="assay-form"[^>]* method="post" '
                                     r'action="/api/submissions"', body) is not None,
       "the exercise's form posts to /api/submissions", body[:3000])
    ok('<input type="hidden" name="exercise" value="c/hello">' in body,
       "it names its exercise in a hidden field")
    ok('<select id="assay-language" name="language">' in body and 'name="code"' in body,
       "a language select and the code's text area")
    ok('id="assay-submit">Submit</button>' in body, "Submit is not disabled without the script")
    ok(re.search(r'<form class="login" method="post" action="/api/login">', body) is not None
       and '<input type="hidden" name="next" value="/c/hello.html">' in body,
       "the login box is a form posting to /api/login, next = the page's path")
    r = c.request("GET", "/q/quiz.html")
    ok(r.status == 200 and re.search(r'<form id="assay-quiz"[^>]* method="post" '
                                     r'action="/api/submissions"', r.body) is not None
       and 'name="answer.capital" value="b"' in r.body
       and 'name="answer.answer"' in r.body and 'name="quiz" value="1"' in r.body,
       "the quiz's form posts answer.QUESTION fields", r.body[:3000])


def test_login(stack):
    c = stack.client()
    r = post_form(c, "/api/login", [("login", "alice"), ("password", "wrong"),
                                    ("next", "/c/hello.html")])
    ok(r.status == 401 and is_page(r) and "wrong login or password" in r.body
       and 'href="/c/hello.html"' in r.body and c.cookie is None,
       "a wrong password by form: 401, a page with the message and a link back", r)
    for bad in ("//evil.example/", "http://evil.example/", "https:evil.example",
                "/\\evil.example", "\\\\evil.example", "/%2F/evil.example",
                "%2F%2Fevil.example", "/c/hello.html\r\nSet-Cookie: x=1", "/\t/evil.example",
                "javascript:alert(1)", ""):
        r = post_form(c, "/api/login", [("login", "alice"), ("password", "alice-pw"),
                                        ("next", bad)])
        ok(r.status == 400 and "location" not in r.headers and c.cookie is None and is_page(r),
           "next=%r refused: 400, no redirect, no session" % bad, r)
    r = post_form(c, "/api/login", [("login", "alice"), ("password", "alice-pw"),
                                    ("next", "/c/hello.html")], origin="http://evil.example")
    ok(r.status == 403 and is_page(r) and c.cookie is None, "a login from another site: 403", r)
    r = post_form(c, "/api/login", [("login", "alice"), ("password", "alice-pw"),
                                    ("next", "/c/hello.html")])
    ok(r.status == 303 and r.headers.get("location") == "/c/hello.html" and c.cookie,
       "login by form: 303 to next, with the session cookie", r)
    ok(c.request("GET", "/api/me").json.get("login") == "alice", "the cookie is a session")
    # The page's script: urlencoded, asks for JSON, no next.
    j = stack.client()
    r = j.request("POST", "/api/login", "login=alice&password=alice-pw",
                  {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/json"})
    ok(r.status == 200 and r.json == {"login": "alice", "role": "student"} and j.cookie,
       "the script's login: 200 {login, role} as before", r)
    r = j.login("alice", "nope")
    ok(r.status == 401 and r.json and "error" in r.json, "and its failure: 401 {error}", r)
    return c


def test_submit(stack, alice):
    r = post_form(alice, "/api/submissions", [("exercise", "c/hello"), ("language", "c"),
                                              ("code", HELLO_SLOW.replace("\n", "\r\n"))])
    sid = verdict_id(r)
    ok(r.status == 303 and sid is not None, "a submission by form: 303 to its verdict page", r)
    seen, last = follow(alice, sid)
    ok(len(seen) > 1 and all("Being graded" in p.body and "label-Evaluating" in p.body
                             for p in seen[:-1]),
       "the page refreshes itself while Evaluating (%d loads)" % len(seen), seen[0])
    ok(last.status == 200 and is_page(last) and 'http-equiv="refresh"' not in last.body
       and "label-Accepted" in last.body and "Accepted" in last.body,
       "then it shows the label and stops refreshing", last)
    ok('href="/assets/style.css"' in last.body and 'href="/c/hello.html"' in last.body
       and 'href="/api/submissions/%d.html"' % sid in last.body,
       "in the site's look, with a link back and the history")
    ok("Zyxwvut" not in last.body, "no private test on the page")
    js = alice.request("GET", "/api/submissions/%d" % sid).json
    ok(js["status"] == "Accepted" and js["code"] == HELLO_SLOW,
       "the form's code arrived with LF lines, as the script sends it", js)

    r = post_form(alice, "/api/submissions", [("exercise", "c/hello"), ("language", "c"),
                                              ("code", HOSTILE)])
    sid2 = verdict_id(r)
    _, last = follow(alice, sid2)
    ok(last.status == 200 and "<script>" not in last.body and "</pre><script" not in last.body
       and "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in last.body
       and "&quot;quotes&quot; &#39;single&#39;" in last.body,
       "the code and the report are escaped", last)
    ok('href="/api/submissions/%d.html"' % sid in last.body and "label-CompileError" in last.body,
       "the history lists the earlier one", last)
    return sid


def test_refusals(stack, alice, sid):
    code = [("exercise", "c/hello"), ("language", "c"), ("code", HELLO_OK)]
    for origin, what in (("http://evil.example", "another site's Origin"), (None, "no Origin")):
        r = post_form(alice, "/api/submissions", code, origin=origin or False)
        ok(r.status == 403 and is_page(r) and "location" not in r.headers
           and "cross-site" in r.body, "a form with %s: 403 page" % what, r)
    anon = stack.client()
    r = post_form(anon, "/api/submissions", code)
    ok(r.status == 403 and is_page(r) and "not logged in" in r.body
       and 'href="/c/hello.html"' in r.body, "not logged in: 403 page with a link back", r)
    for pairs, status, what in (
            (code + [("colour", "red")], 400, "an unknown field"),
            (code + [("code", "x")], 400, "a field twice"),
            ([("exercise", "c/hello"), ("language", "cobol"), ("code", "x")], 400,
             "a language not accepted"),
            ([("exercise", "c/nothing"), ("language", "c"), ("code", "x")], 404,
             "no such exercise"),
            ([("exercise", "c/hello"), ("quiz", "1"), ("answer.x", "a")], 400,
             "a quiz's form for a program")):
        r = post_form(alice, "/api/submissions", pairs)
        ok(r.status == status and is_page(r) and "location" not in r.headers
           and 'class="error"' in r.body, "%s: %d page" % (what, status), r)
    r = alice.request("POST", "/api/submissions", "exercise=c%2Fhello&code=%zz", FORM)
    ok(r.status == 400 and is_page(r), "a malformed form: 400 page", r)
    bob = stack.client()
    bob.login("bob", "bob-pw")
    r = bob.request("GET", "/api/submissions/%d.html" % sid, headers=PAGE)
    ok(r.status == 404 and is_page(r) and "Hello" not in r.body,
       "another student's verdict page: 404", r)
    r = bob.request("GET", "/api/submissions/%d" % sid)
    ok(r.status == 404 and r.json and "error" in r.json, "and its JSON: 404 as before", r)
    r = anon.request("GET", "/api/submissions/%d.html" % sid, headers=PAGE)
    ok(r.status == 401 and is_page(r), "the verdict page without a session: 401 page", r)
    for bad in ("%d.htm" % sid, "%d.html.html" % sid, "x.html", ".html"):
        r = alice.request("GET", "/api/submissions/" + bad, headers=PAGE)
        ok(r.status == 404, "/api/submissions/%s: 404" % bad, r)
    root = stack.client()
    root.login("root", "root-pw")
    r = root.request("GET", "/api/submissions/%d.html" % sid, headers=PAGE)
    ok(r.status == 200 and "label-Accepted" in r.body, "an admin sees the page", r)


def test_quiz(stack, alice):
    pairs = [("exercise", "q/quiz"), ("quiz", "1"), ("answer.capital", "b"),
             ("answer.primes", "c"), ("answer.primes", "a"), ("answer.answer", "42"),
             ("answer.v1", "a"), ("answer.v2", "b")]
    r = post_form(alice, "/api/submissions", pairs)
    sid = verdict_id(r)
    ok(r.status == 303 and sid is not None, "the quiz by form: 303 to its verdict page", r)
    _, last = follow(alice, sid)
    ok(last.status == 200 and "label-Evaluating" not in last.body and "Score:" in last.body,
       "its page shows the verdict", last)
    js = alice.request("GET", "/api/submissions/%d" % sid).json
    ok(js["answers"].get("capital") == ["b"] and js["answers"].get("primes") == ["a", "c"]
       and js["answers"].get("answer") == ["42"],
       "the answers as the script sends them: {question: [labels]}, a set sorted", js)
    ok(js.get("answers_shown") is False and "zanzibar" not in last.body
       and "Right answer" not in last.body,
       "the page shows no key the JSON view does not", last)
    r = post_form(alice, "/api/submissions", [("exercise", "q/quiz"), ("quiz", "1")])
    ok(r.status == 303, "an unanswered quiz is a submission too", r)


def test_json_unchanged(stack, alice):
    r = alice.submit("c/hello", "c", HELLO_OK)
    ok(r.status == 202 and r.json and r.json.get("status") == "Evaluating"
       and "location" not in r.headers, "a JSON submission: 202 {id, status} as before", r)
    r = alice.request("GET", "/api/submissions/%d" % r.json["id"])
    ok(r.status == 200 and r.json and r.headers["content-type"].startswith("application/json"),
       "a submission without Accept: JSON", r)
    r = alice.request("POST", "/api/submissions", "{", {"Content-Type": "application/json"})
    ok(r.status == 400 and r.json and "error" in r.json, "malformed JSON: 400 {error}", r)


def test_limit(stack):
    alice = stack.client()
    alice.login("alice", "alice-pw")
    code = [("exercise", "c/hello"), ("language", "c"), ("code", HELLO_SLOW)]
    r = post_form(alice, "/api/submissions", code)
    ok(r.status == 303, "the first submission: 303", r)
    r = post_form(alice, "/api/submissions", code)
    ok(r.status == 429 and is_page(r) and r.headers.get("retry-after") == "5"
       and "waiting for a verdict" in r.body and 'href="/c/hello.html"' in r.body,
       "over --max-waiting 1: a 429 page with Retry-After and a link back", r)


def main():
    tmp, path = course()
    try:
        stack = Stack(path)
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        test_pages(stack)
        alice = test_login(stack)
        sid = test_submit(stack, alice)
        test_refusals(stack, alice, sid)
        test_quiz(stack, alice)
        test_json_unchanged(stack, alice)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    ok(stack.stop() == [], "stopped")
    stack.cleanup()
    try:
        stack = Stack(path, workers=1, serve_args=["--max-waiting", "1"])
    except Exception as e:  # noqa: BLE001
        ok(False, "the limited stack starts", e)
        done()
    try:
        test_limit(stack)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the limit test ran to its end", traceback.format_exc())
    ok(stack.stop() == [], "stopped")
    stack.cleanup()
    if not os.environ.get("KEEP"):
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
