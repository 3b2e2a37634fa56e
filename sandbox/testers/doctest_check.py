"""doctest_check.py - run 3 of the doctest tester (tester_doctest.c).

Trusted: no code of the student runs here. It parses the author's examples
again (as run 1 did), reads what run 2 reported they printed or raised, and
judges each in order with doctest's own OutputChecker and the flags Codex
uses (ELLIPSIS, NORMALIZE_WHITESPACE, IGNORE_EXCEPTION_DETAIL, and the
examples' own directives), stopping at the first failure. Run 2's report is
data from the student's process: anything malformed in it is skipped, and
an example it says nothing about did not finish. The runner reports each
example once, in order, and ends with {"done": true}: an example reported
twice was reported by something else too (the student's code, writing on
the runner's descriptor), and a report without its last line "done" ended
early, so that its last example is taken as not finished (a program that
writes every example's result and exits before running them gains
nothing).

Standard input: {"public": TEXT or null, "private": TEXT or null,
                 "results": [RUN 2'S OUTPUT FOR THE PUBLIC EXAMPLES,
                             RUN 2'S OUTPUT FOR THE PRIVATE ONES]}
Each group's examples are judged on its own run's report only (an import
failure reported by the private run is a private failure).
Standard output, one JSON object:
  {"examples": N, "public": P, "passed": K (before the failure, skipped
   examples not counted), "failure": null or
   {"index": I, "group": 0 or 1, "kind": KIND, "source": ..., "want": ...,
    "got": ..., "report": doctest's text}}
KIND: "wrong" (output, or an exception other than the one expected),
"exception" (raised where none was expected), "incomplete" (no report: the
run ended before it), "import" (importing main.py raised: "got" holds the
traceback), "twice" (reported twice: not believed).
The mutation tester's check (mudoctest_check.py) loads this file and calls
judge() once per run.
"""
import doctest
import json
import sys

GROUPS = ("public", "private")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
DIVIDER = "*" * 70


def indent(s):
    return "".join("    " + line + "\n" for line in s.splitlines())


def strip_details(msg):
    # doctest's own rule for IGNORE_EXCEPTION_DETAIL: the exception's name
    # without its module, without the detail after the colon.
    start, end = 0, len(msg)
    i = msg.find("\n")
    if i >= 0:
        end = i
    i = msg.find(":", 0, end)
    if i >= 0:
        end = i
    i = msg.rfind(".", 0, end)
    if i >= 0:
        start = i + 1
    return msg[start:end]


def fix(s):
    # Text from run 2 may hold lone surrogates ("\\ud800" is valid JSON):
    # made valid Unicode, so that the verdict is valid UTF-8 for the grader.
    return s.encode("utf-8", "replace").decode("utf-8")


def results_of(text):
    """The results of a run 2's report TEXT, by index; the traceback of an
    import that raised, or None; the indices reported twice; whether the
    report ends with its "done" line."""
    results, imported, twice, done = {}, None, set(), False
    for line in text.splitlines():
        if not line.strip():
            continue
        done = False
        try:
            r = json.loads(line)
        except Exception:  # ValueError, RecursionError (nested a mile deep)...
            continue
        if not isinstance(r, dict):
            continue
        if r == {"done": True}:
            done = True
            continue
        if "import" in r and isinstance(r["import"], str):
            if imported is None:
                imported = fix(r["import"])
            continue
        i, out, exc = r.get("i"), r.get("out"), r.get("exc")
        if isinstance(i, int) and i in results:
            twice.add(i)
            continue
        if not isinstance(i, int) or not isinstance(out, str):
            continue
        if exc is not None and not (isinstance(exc, dict) and isinstance(exc.get("msg"), str)
                                    and isinstance(exc.get("tb"), str)):
            continue
        if exc is not None:
            exc = {"msg": fix(exc["msg"]), "tb": fix(exc["tb"])}
        results[i] = (fix(out), r.get("cut") is True, exc)
    return results, imported, twice, done


def unfinished(reports, examples):
    """Drops, from the report of each group that does not end with "done",
    the result of its last example to run (none: the runner reports each
    one after it ran, and says "done" after the last)."""
    for group, (results, imported, _, done) in enumerate(reports):
        if done or imported is not None:
            continue
        last = [index for index, (g, _, ex) in enumerate(examples)
                if g == group and not ex.options.get(doctest.SKIP, False)]
        if last and all(index in results for index in last):
            del results[last[-1]]


def judge(data):
    """The verdict on DATA (the standard input's object, decoded)."""
    streams = data.get("results") or ["", ""]
    reports = [results_of(streams[g] if isinstance(streams[g], str) else "")
               for g in range(len(GROUPS))]
    parser, checker = doctest.DocTestParser(), doctest.OutputChecker()
    examples = []
    for group, key in enumerate(GROUPS):
        if data.get(key) is not None:
            examples += [(group, key, ex) for ex in parser.get_examples(data[key], key)]
    unfinished(reports, examples)
    verdict = {"examples": len(examples), "passed": 0, "failure": None,
               "public": sum(1 for g, _, _ in examples if g == 0)}

    def fail(index, group, key, ex, kind, got, body):
        head = "%s\nLine %d, in %s examples\nFailed example:\n%s" % (
            DIVIDER, ex.lineno + 1, key, indent(ex.source))
        verdict["failure"] = {"index": index, "group": group, "kind": kind,
                              "source": ex.source, "want": ex.want, "got": got,
                              "report": head + body}

    for index, (group, key, ex) in enumerate(examples):
        flags = FLAGS
        for flag, on in ex.options.items():
            flags = flags | flag if on else flags & ~flag
        if flags & doctest.SKIP:
            continue
        results, imported, twice, _ = reports[group]
        if imported is not None:
            fail(index, group, key, ex, "import", imported, "")
            break
        if index in twice:
            fail(index, group, key, ex, "twice", "",
                 "Its result was reported twice: not by the tester alone.\n")
            break
        if index not in results:
            fail(index, group, key, ex, "incomplete", "", "")
            break
        out, cut, exc = results[index]
        if exc is None:
            good = not cut and checker.check_output(ex.want, out, flags)
            got = out
            if not good:
                fail(index, group, key, ex, "wrong", got,
                     checker.output_difference(ex, got, flags))
        elif ex.exc_msg is None:
            good = False
            fail(index, group, key, ex, "exception", out + exc["tb"],
                 "Exception raised:\n" + indent(exc["tb"]))
        else:
            good = checker.check_output(ex.exc_msg, exc["msg"], flags) or (
                flags & doctest.IGNORE_EXCEPTION_DETAIL and checker.check_output(
                    strip_details(ex.exc_msg), strip_details(exc["msg"]), flags))
            if not good:
                got = out + exc["tb"]
                fail(index, group, key, ex, "wrong", got,
                     checker.output_difference(ex, got, flags))
        if not good:
            break
        verdict["passed"] += 1
    return verdict


def main():
    data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    json.dump(judge(data), sys.stdout)


# mudoctest_check.py loads this file as a module, for judge().
if __name__ == "__main__":
    main()
