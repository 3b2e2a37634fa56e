"""mudoctest_check.py - the check of the mutation tester (tester_mudoctest.c).

Trusted: neither the student's examples nor the author's modules run here.
It judges what each run of mudoctest_run.py reported (the target's first,
then each mutant's) with the doctest tester's own check (doctest_check.py,
in the box as assay-check.py, loaded as a module), the student's text being
the "public" examples: doctest's OutputChecker, Codex's flags, in order, to
the first failure.

Standard input: {"text": THE STUDENT'S EXAMPLES, "results": [RUN OUTPUT, ...]}
Standard output: {"verdicts": [VERDICT, ...]}, one per run, each as
doctest_check.py prints it ("failure" null when every example passed).
"""
import importlib.util
import json
import sys


def load_check():
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location("doctest_check", "assay-check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    check = load_check()
    verdicts = [check.judge({"public": data["text"], "results": [r, ""]})
                for r in data["results"]]
    json.dump({"verdicts": verdicts}, sys.stdout)


main()
