#!/usr/bin/python3
"""test_jobe.py - Jobe's REST API (fcgi/jobe.h) as CodeRunner and Jobe's own
test script use it, against the real stack: on the service's port (`assay
serve`, grading on this machine) at /jobe/index.php/restapi/, and on a grader
host with API keys. C and Python 3 runs through the jail: outcomes 11, 12,
13, 15, 17 (a real memory limit), 19 (a forbidden system call), stdout and
stderr as Jobe gives them (non-UTF-8 escaped, stderr empty on a time limit),
parameters (cputime, numprocs, compileargs, interpreterargs, runargs), files
(PUT, HEAD, file_list, CodeRunner's run / 404 / PUT / run again), the errors
with their JSON-string bodies, parallel runs, overload (21), keys and rates;
the same code with other inputs (CodeRunner's tests of one answer) compiled
once, and the compiled boxes of an earlier start forgotten.

TAP output; run by tests/run.
"""
import base64
import hashlib
import http.client
import json
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done  # noqa: E402
from test_grader import Host  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
BASE = "/jobe/index.php/restapi"


class Jobe:
    def __init__(self, port, key=None):
        self.port, self.key = port, key

    def call(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        h = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.key:
            h["X-API-KEY"] = self.key
        h.update(headers or {})
        c.request(method, BASE + path, body=json.dumps(body) if body is not None else None,
                  headers=h)
        r = c.getresponse()
        data = r.read()
        ctype = r.getheader("Content-Type") or ""
        c.close()
        try:
            j = json.loads(data) if data else None
        except ValueError:
            j = data.decode("utf-8", "replace")
        return r.status, j, ctype

    def run(self, lang, code, name=None, **spec):
        rs = {"language_id": lang, "sourcecode": code}
        if name:
            rs["sourcefilename"] = name
        rs.update(spec)
        return self.call("POST", "/runs/", {"run_spec": rs})


C_HELLO = '#include <stdio.h>\nint main() {\n    printf("Hello world\\nIsn\'t this fun!\\n");\n}\n'


def c_tests(j):
    st, r, ctype = j.run("c", C_HELLO, "prog.c")
    ok(st == 200 and r["outcome"] == 15 and r["stdout"] == "Hello world\nIsn't this fun!\n" and
       r["run_id"] is None and list(r) == ["run_id", "outcome", "cmpinfo", "stdout", "stderr"]
       and ctype.startswith("application/json"), "C hello world: 15, Jobe's fields in order", r)
    st, r, _ = j.run("c", C_HELLO.replace(");", ")"), "prog.c")
    ok(r["outcome"] == 11 and "error" in r["cmpinfo"] and r["stdout"] == "",
       "a compile error: 11 with gcc's message", r)
    st, r, _ = j.run("c", C_HELLO, "prog.c", parameters={"compileargs": ["std=c89"]})
    ok(r["outcome"] == 11, "compileargs replace the defaults (std=c89 is no flag): 11", r)
    st, r, _ = j.run("c", '#include <stdio.h>\nint main() { char *s = 0; printf("%c", *s); }\n',
                     "prog.c")
    ok(r["outcome"] == 12 and r["stderr"] == "", "a segfault: 12, stderr empty (as Jobe)", r)
    st, r, _ = j.run("c", "int main() { while (1) {} }\n", "prog.c", parameters={"cputime": 1})
    ok(r["outcome"] == 13 and r["stderr"] == "", "an endless loop: 13, stderr empty", r)
    st, r, _ = j.run("c", '#include <stdio.h>\nint main() { while (1) printf("Hello"); }\n',
                     "prog.c", parameters={"cputime": 1})
    ok(r["outcome"] == 13 and 0 < len(r["stdout"]) <= 2048000 and r["stdout"][:5] == "Hello",
       "endless output: 13, stdout kept up to the stream size", (r["outcome"], len(r["stdout"])))
    st, r, _ = j.run("c", '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n'
                     'int main() { char *p = malloc(2000000000); if (p) memset(p, 1, 2000000000);'
                     ' puts("Oh dear"); }\n', "prog.c", parameters={"memorylimit": 200})
    ok(r["outcome"] == 17 and "Oh dear" not in r["stdout"],
       "over the memory limit: 17 (a real cgroup limit; Jobe says 12)", r)
    st, r, _ = j.run("c", "int f(int n) { return n == 0 ? 0 : 1 + f(n + 1); }\n"
                     "int main(int c, char **v) { (void)v; return f(c); }\n", "prog.c")
    ok(r["outcome"] == 12, "endless recursion: 12", r)
    fork = ('#include <stdio.h>\n#include <unistd.h>\nint main() { int ok = 0, bad = 0;\n'
            ' for (int i = 0; i < 1000; i++) { int pid = fork(); if (pid == -1) bad++;\n'
            ' else if (pid == 0) { while (1) {} } else ok++; }\n'
            ' if (ok > 5 && ok <= 20) puts("OK"); else printf("%d forks\\n", ok); }\n')
    st, r, _ = j.run("c", fork, "test.c", parameters={"numprocs": 20})
    ok(r["outcome"] == 15 and r["stdout"] == "OK\n",
       "numprocs bounds the forks; the run ends with its main process", r)
    st, r, _ = j.run("c", '#include <stdio.h>\nint main() { printf("Hello world\\n'
                     '\\01\\006\\300\\311\\n"); }\n', "prog.c")
    ok(r["outcome"] == 15 and r["stdout"] == "Hello world\n\\x01\\x06\\xc0\\xc9\n",
       "output that is not UTF-8 escaped as Jobe does", r)
    st, r, _ = j.run("c", '#include <iostream>\nint main() { std::cout << "x"; }\n', "prog.c")
    ok(r["outcome"] == 11, "C++ given as C: 11", r)
    st, r, _ = j.run("c", '#include <sys/socket.h>\nint main() { return socket(AF_INET, '
                     'SOCK_STREAM, 0) < 0; }\n', "prog.c")
    ok(r["outcome"] == 19, "a forbidden system call: 19", r)


def py_tests(j):
    st, r, _ = j.run("python3", 'print("Hello world!")\n', "test.py")
    ok(r["outcome"] == 15 and r["stdout"] == "Hello world!\n", "Python 3 hello: 15", r)
    st, r, _ = j.run("python3", "print(input())\nprint(input())\n", "test.py",
                     input="Line1\nLine2\n")
    ok(r["stdout"] == "Line1\nLine2\n", "standard input", r)
    st, r, _ = j.run("python3", 'print("Hello world!"\n', "test.py")
    ok(r["outcome"] == 11 and "SyntaxError" in r["cmpinfo"], "a syntax error: 11", r)
    st, r, _ = j.run("python3", "data = [1, 2]\nprint(data[2])\n", "test.py")
    ok(r["outcome"] == 12 and "IndexError" in r["stderr"], "a runtime error: 12, the traceback",
       r)
    st, r, _ = j.run("python3", "with open('t.txt', 'w') as o:\n    o.write('One fish\\nTwo fish\\n')\n"
                     "print(open('t.txt').read(), end='')\n", "test.py")
    ok(r["stdout"] == "One fish\nTwo fish\n", "files written and read in the run's directory", r)
    st, r, _ = j.run("python3", "\n", "test.py",
                     parameters={"interpreterargs": ['-c "print(\\"Blah\\")"']})
    ok(r["outcome"] == 15 and r["stdout"] == "Blah\n", "interpreterargs replace -BE (shell words)",
       r)
    st, r, _ = j.run("python3", "import sys\nfor a in sys.argv[1:]:\n    print(a)\n", "test.py",
                     parameters={"runargs": ["Arg1", "Arg2"]})
    ok(r["stdout"] == "Arg1\nArg2\n", "runargs", r)
    st, r, _ = j.run("python3", 'print("Un rôle délétère")\n', "test.py")
    ok(r["stdout"] == "Un rôle délétère\n", "UTF-8 output as it is", r)
    st, r, _ = j.run("python3", "import time\nt = time.process_time()\n"
                     "while time.process_time() < t + 3: pass\nprint('done')\n", "test.py",
                     parameters={"cputime": 5})
    ok(r["outcome"] == 15 and r["stdout"] == "done\n", "a custom cputime lets 3 s of CPU run", r)


JAVA = ('public class Test {\n    public static void main(String[] args) {\n'
        '        System.out.println("What a lot of code I need to write.");\n    }\n}\n')


PYLINT = r'''__answer__ = """%s"""
import os
import subprocess
open('source.py', 'w').write(__answer__)
os.mkdir('Home')
env = dict(os.environ, HOME=os.getcwd() + '/Home')
out = subprocess.run(['pylint', '--reports=no', '--score=n', 'source.py'], env=env,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
print("Yay!" if not out.strip() else "pylint doesn't approve of your program")
'''


def pylint_tests(j):
    """A program that runs another (pylint), as CodeRunner's Python
    questions with a style check do."""
    if not os.path.exists("/usr/bin/pylint"):
        ok(True, "# SKIP pylint is not installed")
        return
    good = '\\"\\"\\"Doc string\\"\\"\\"\nGLOBAL = 20\nprint("GLOBAL =", GLOBAL)\n'
    st, r, _ = j.run("python3", PYLINT % good, "prog.py", parameters={"memorylimit": 2000})
    ok(r["outcome"] == 15 and r["stdout"] == "Yay!\n", "a program running pylint: it approves", r)
    bad = "# Alas no docstring\nGLOBAL = 20\nprint('GLOBAL =', GLOBAL)\n"
    st, r, _ = j.run("python3", PYLINT % bad, "prog.py", parameters={"memorylimit": 2000})
    ok(r["outcome"] == 15 and r["stdout"] == "pylint doesn't approve of your program\n",
       "... and finds what it should", r)


PYLINTRC = "/etc/pylintrc"


def pylintrc_tests(j):
    """Jobe's README asks for /etc/pylintrc with score=no; the jail shows the
    host's (read-only), so pylint with no option says nothing of good code,
    as Jobe's testsubmit.py expects."""
    if not os.path.exists("/usr/bin/pylint"):
        ok(True, "# SKIP pylint is not installed")
        return
    with open(PYLINTRC) as f:
        host = f.read()
    st, r, _ = j.run("python3", "print(open('/etc/pylintrc').read(), end='')\n", "prog.py")
    ok(r["outcome"] == 15 and r["stdout"] == host, "the host's /etc/pylintrc, shown", r)
    st, r, _ = j.run("python3", "open('/etc/pylintrc', 'a').write('x')\n", "prog.py")
    ok(r["outcome"] == 12 and ("Read-only" in r["stderr"] or "Permission denied" in r["stderr"]),
       "... not writable", r)
    if "score=no" not in host.replace(" ", ""):
        ok(True, "# SKIP this host's /etc/pylintrc does not say score=no")
        return
    good = '\\"\\"\\"Doc string\\"\\"\\"\nGLOBAL = 20\nprint("GLOBAL =", GLOBAL)\n'
    st, r, _ = j.run("python3", PYLINT.replace("'--reports=no', '--score=n', ", "") % good,
                     "prog.py", parameters={"memorylimit": 2000})
    ok(r["outcome"] == 15 and r["stdout"] == "Yay!\n",
       "pylint with no options, score=no from /etc/pylintrc: nothing said", r)


def java_tests(j):
    st, r, _ = j.run("java", JAVA, "Test.java", parameters={"cputime": 10})
    ok(r["outcome"] == 15 and r["stdout"] == "What a lot of code I need to write.\n",
       "Java: 15", r)
    st, r, _ = j.run("java", JAVA, parameters={"cputime": 10})
    ok(r["outcome"] == 15, "Java without a file name: the public class names it", r)
    st, r, _ = j.run("java", JAVA.replace('");', '");x'), "Test.java", parameters={"cputime": 10})
    ok(r["outcome"] == 11 and "error" in r["cmpinfo"], "Java that does not compile: 11", r)
    thing = ('public class Thing {\n    private String m;\n    public Thing(String m) { this.m = m; }\n'
             '    public void printme() { System.out.println(m); }\n}\n')
    fid = hashlib.md5(thing.encode()).hexdigest()
    j.call("PUT", "/files/" + fid, {"file_contents": base64.b64encode(thing.encode()).decode()})
    st, r, _ = j.run("java", 'public class Blah {\n    public static void main(String[] a) {\n'
                     '        new Thing("Farewell cruel world").printme();\n    }\n}\n',
                     "Blah.java", file_list=[[fid, "Thing.java"]], parameters={"cputime": 10})
    ok(r["outcome"] == 15 and r["stdout"] == "Farewell cruel world\n",
       "Java with a support class from file_list", r)


def file_tests(j):
    one, two = "The first file\nLine 2", "Second file"
    for fid, text in (("randomid0129798", one), ("randomid0980128", two)):
        st, _, _ = j.call("PUT", "/files/" + fid,
                          {"file_contents": base64.b64encode(text.encode()).decode()})
        ok(st == 204, "PUT file %s: 204" % fid, st)
        st, _, _ = j.call("HEAD", "/files/" + fid)
        ok(st == 204, "HEAD: 204", st)
    st, _, _ = j.call("HEAD", "/files/nosuchfile123")
    ok(st == 404, "HEAD of a file never put: 404", st)
    st, r, _ = j.run("python3", "print(open('file1').read())\nprint(open('file2').read())\n",
                     "test.py", file_list=[["randomid0129798", "file1"],
                                           ["randomid0980128", "file2"]])
    ok(r["outcome"] == 15 and r["stdout"] == one + "\n" + two + "\n", "file_list: the files", r)
    # CodeRunner: run first; on 404 PUT every file (id = md5) and run again.
    text = "data only CodeRunner has\n"
    fid = hashlib.md5(text.encode()).hexdigest()
    spec = {"file_list": [[fid, "data.txt"]]}
    st, r, _ = j.run("python3", "print(open('data.txt').read(), end='')\n", "__tester__.python3",
                     **spec)
    ok(st == 404 and r == "One or more of the specified files is missing/unavailable",
       "a run whose file is not there: 404 with Jobe's text", (st, r))
    st, _, _ = j.call("PUT", "/files/" + fid,
                      {"file_contents": base64.b64encode(text.encode()).decode()})
    st, r, _ = j.run("python3", "print(open('data.txt').read(), end='')\n", "__tester__.python3",
                     **spec)
    ok(st == 200 and r["stdout"] == text, "... put, the run again: its output", r)
    st, r, _ = j.call("PUT", "/files/abc123", {"file_contents": "not*base64"})
    ok(st == 400 and r == "put: contents of file abc123 are not valid base-64",
       "PUT of bad base64: 400, Jobe's text", (st, r))


def error_tests(j):
    st, r, _ = j.call("GET", "/languages")
    names = [x[0] for x in r] if st == 200 else []
    ok(st == 200 and "c" in names and "python3" in names and all(len(x) == 2 for x in r),
       "languages: [name, version] pairs, c and python3 among them", r)
    st, r, _ = j.run("c", C_HELLO, "prog.c", parameters={"cputime": 151})
    ok(st == 400 and isinstance(r, str) and
       r.startswith("cputime exceeds maximum allowed on this Jobe server"),
       "cputime 151: 400 with a JSON string (testsubmit's check)", (st, r))
    st, r, _ = j.run("cobol", "x", "x.cob")
    ok(st == 400 and r == "Language 'cobol' is not known", "an unknown language: 400", (st, r))
    st, r, _ = j.call("POST", "/runs/", {"nothing": 1})
    ok(st == 400 and r == "No run_spec attribute found in post data", "no run_spec: 400",
       (st, r))
    st, r, _ = j.run("c", C_HELLO, "../evil.c")
    ok(st == 400 and r == "The sourcefilename for the run_spec is illegal",
       "an unsafe source file name: 400", (st, r))
    st, r, _ = j.call("GET", "/runs/1")
    ok(st == 404, "GET runs/ID: 404 (results are not kept)", st)


def parallel_tests(j):
    got = []
    lock = threading.Lock()

    def one():
        st, r, _ = j.run("c", C_HELLO, "prog.c")
        with lock:
            got.append((st, r.get("outcome") if isinstance(r, dict) else r))

    ts = [threading.Thread(target=one) for _ in range(10)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ok(got.count((200, 15)) == 10, "10 runs at once: all 15", got)


def overload_test(j):
    slow = '#include <unistd.h>\nint main() { sleep(8); }\n'
    got = []
    lock = threading.Lock()

    def one():
        st, r, _ = j.run("c", slow, "prog.c")
        with lock:
            got.append(r.get("outcome") if isinstance(r, dict) else r)

    # The service's Jobe grading processes: twice the CPUs, 2 to 8 (launch.c).
    n = min(8, max(2, 2 * (os.cpu_count() or 1)))
    ts = [threading.Thread(target=one) for _ in range(3 * n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ok(sorted(got) == [15] * (2 * n) + [21] * n,
       "%d grading processes, %d 8 s runs: %d run, %d find none free within 10 s: 21"
       % (n, 3 * n, 2 * n, n), got)


def keys_test(tmp):
    keys = os.path.join(tmp, "keys")
    with open(keys, "w") as f:
        f.write("# Jobe keys\nLIMITED 2\nFREE 0\n")
    d = os.path.join(tmp, "host")
    os.makedirs(d)
    h = Host(d, uid_base=64600, extra=["--jobe-keys", keys])
    try:
        st, r, ctype = Jobe(h.port).run("c", C_HELLO, "prog.c")
        ok(st == 403 and r == "Missing API key" and ctype.startswith("text/plain"),
           "keys configured, none sent: 403 Missing API key", (st, r))
        st, r, _ = Jobe(h.port, "WRONG").run("c", C_HELLO, "prog.c")
        ok(st == 403 and r == "Unknown API key (WRONG)", "an unknown key: 403", (st, r))
        lim = Jobe(h.port, "LIMITED")
        seen = [lim.run("c", C_HELLO, "prog.c")[0] for _ in range(3)]
        ok(seen == [200, 200, 429], "a key of 2 runs an hour: the third is 429", seen)
        st, r, _ = Jobe(h.port).call("GET", "/languages")
        ok(st == 200, "languages need no key (as Jobe)", st)
        ok(Jobe(h.port, "FREE").run("c", C_HELLO, "prog.c")[0] == 200, "a key of rate 0: no limit")
    finally:
        h.stop()


def planted_cache(data):
    """A compiled box of an earlier start, in DATA before the service starts."""
    entry = os.path.join(data, "boxes", "runcache", "0123456789abcdef")
    os.makedirs(os.path.join(entry, "box"))
    with open(os.path.join(entry, "key"), "w") as f:
        f.write("{}")
    return entry


def cache_entries(stack):
    d = os.path.join(stack.data, "boxes", "runcache")
    return sorted(n for n in (os.listdir(d) if os.path.isdir(d) else []) if len(n) == 16)


def cache_tests(j, stack, planted):
    ok(not os.path.exists(planted), "the compiled boxes of an earlier start are gone")
    # The program says when it was compiled (__TIME__): a second apart, a
    # compile again would say another second.
    echo = ('#include <stdio.h>\nint main() { int c; puts(__TIME__);'
            ' while ((c = getchar()) != EOF) putchar(c); }\n')
    before = cache_entries(stack)
    outs = []
    for text in ("one\n", "two\n", "3\n"):
        outs.append(j.run("c", echo, "prog.c", input=text)[1])
        time.sleep(1.1)
    ok([r["stdout"].split("\n", 1)[1] for r in outs] == ["one\n", "two\n", "3\n"] and
       all(r["outcome"] == 15 for r in outs),
       "one answer, three inputs: each run its own output", outs)
    ok(len({r["stdout"].split("\n", 1)[0] for r in outs}) == 1 and
       len(cache_entries(stack)) == len(before) + 1,
       "one answer, three inputs a second apart: compiled once, kept once",
       (outs, before, cache_entries(stack)))


def main():
    tmp = tempfile.mkdtemp(prefix="assay-jobe-")
    os.chmod(tmp, 0o755)
    stack = None
    made = []
    try:
        if not os.path.exists(PYLINTRC):     # as Jobe's README asks; ours for the test
            with open(PYLINTRC, "w") as f:
                f.write("[REPORTS]\nscore=no\n")
            made.append(PYLINTRC)
        data = os.path.join(tmp, "data")
        planted = planted_cache(data)
        stack = Stack(COURSE, data=data)
        j = Jobe(stack.port)
        cache_tests(j, stack, planted)
        error_tests(j)
        c_tests(j)
        py_tests(j)
        java_tests(j)
        pylint_tests(j)
        pylintrc_tests(j)
        file_tests(j)
        parallel_tests(j)
        overload_test(j)
        keys_test(tmp)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    finally:
        if stack is not None:
            left = stack.stop()
            ok(left == [], "nothing left running", left)
            stack.cleanup()
        os.system("rm -rf '%s'" % tmp)
        for f in made:
            os.unlink(f)
    done()


if __name__ == "__main__":
    main()
