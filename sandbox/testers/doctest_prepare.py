"""doctest_prepare.py - run 1 of the doctest tester (tester_doctest.c).

Trusted: no code of the student runs here. It checks that the student's
module (main.py) compiles, and cuts the author's examples out of their texts
with doctest's own parser, so that run 2 can be given the examples' sources
and nothing else.

Standard input: {"public": TEXT or null, "private": TEXT or null}.
Standard output, one JSON object:
  {"syntax": "  File \"main.py\", line 1 ... SyntaxError: ..."}
  {"error": "..."}                   the author's text cannot be parsed
  {"examples": [[GROUP, SOURCE, SKIP, LINENO], ...],  in order, public
   "magic": HEX}                     (GROUP 0) then private (GROUP 1); the
                                     interpreter's bytecode magic number
                                     (run 2's runner is run from the grader's
                                     compiled copy when it matches)
"""
import doctest
import importlib.util
import json
import sys
import traceback

GROUPS = ("public", "private")


def main():
    data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    try:
        with open("main.py", "rb") as f:
            compile(f.read(), "main.py", "exec", dont_inherit=True)
    except Exception as e:  # SyntaxError, ValueError, RecursionError...
        text = "".join(traceback.format_exception_only(type(e), e))
        json.dump({"syntax": text}, sys.stdout)
        return
    examples = []
    parser = doctest.DocTestParser()
    for group, key in enumerate(GROUPS):
        text = data.get(key)
        if text is None:
            continue
        try:
            for ex in parser.get_examples(text, key):
                skip = bool(ex.options.get(doctest.SKIP, False))
                examples.append([group, ex.source, skip, ex.lineno + 1])
        except ValueError as e:
            json.dump({"error": "the %s examples: %s" % (key, e)}, sys.stdout)
            return
    json.dump({"examples": examples, "magic": importlib.util.MAGIC_NUMBER.hex()},
              sys.stdout)


main()
