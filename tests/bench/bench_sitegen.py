#!/usr/bin/python3
"""sitegen.py - building a course of PAGES generated pages (front matter,
headings, lists, code, tables, math) with bin/sitegen, beside Hugo (Debian's
hugo, a minimal layout) building the same pages and pandoc converting them,
in the same command.

Rows (each the median of RUNS runs, wall-clock time of the whole command):
  full build: from scratch (an empty output directory), every page.
    Baselines: `hugo` from scratch on the same pages; pandoc converting each
    page to a standalone HTML page (one process per page, as a Makefile
    would; SAMPLE pages timed and scaled to PAGES, said so in the row).
    Ratio = sitegen / baseline (below 1: sitegen is faster).
  one page changed: one page edited, then an incremental build (the other
    pages' outputs are hard links to the previous build's). Baseline: Hugo's
    build, which has no incremental mode outside `hugo server`.
  nothing changed: the same with no edit.
Nothing here asserts a time: the table is the result.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SITEGEN = os.path.join(ROOT, "bin", "sitegen")
PAGES = int(os.environ.get("PAGES", "2000"))
RUNS = int(os.environ.get("RUNS", "5"))
SAMPLE = int(os.environ.get("SAMPLE", "100"))
DIRS = 20

HUGO_CONFIG = 'baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
HUGO_LAYOUT = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
               '<title>{{ .Title }}</title></head>\n<body>\n<main>{{ .Content }}</main>\n'
               '</body>\n</html>\n')


def page(i):
    """Page I: front matter, headings, paragraphs, lists, code, a table, math."""
    n = i + 1
    return f"""---
title: "Lesson {n}: loops and sums"
author: Bench
---

# Lesson {n}: loops and sums

This lesson ({n} of {PAGES}) shows how to add up the numbers read on
**standard input**, and why the *type* of the sum matters. See also
[the previous lesson](p{max(n - DIRS, 1 + i % DIRS):04d}.md) and [an outside page](https://example.org/).

## What you will learn

- reading numbers with `scanf` until the end of the input;
- choosing a type wide enough: `long long` holds $2^{{63}}-1$;
- the closed form $\\sum_{{k=1}}^{{n}} k = \\frac{{n(n+1)}}{{2}}$ of the sum.

1. Read the statement.
2. Write the program.
3. Test it on the examples.

## The program

```c
#include <stdio.h>

int main(void)
{{
	long long total = 0;
	int x;

	while (scanf("%d", &x) == 1)
		total += x;	/* step {n} */
	printf("%lld\\n", total);
	return 0;
}}
```

## Examples

| input | output | note |
|:------|-------:|------|
| 1 2 3 | 6 | small |
| {n} {n} | {2 * n} | twice {n} |
| 2147483647 1 | 2147483648 | beyond `int` |

$$\\sum_{{k=1}}^{{{n}}} k = {n * (n + 1) // 2}$$

> A quotation, with *emphasis* and `code`, to finish lesson {n}.
"""


def make_course(root):
    """The course for sitegen, and a Hugo site with the same pages."""
    course = os.path.join(root, "course")
    hugo = os.path.join(root, "hugo")
    os.makedirs(os.path.join(hugo, "content"))
    os.makedirs(os.path.join(hugo, "layouts", "_default"))
    with open(os.path.join(hugo, "config.toml"), "w") as f:
        f.write(HUGO_CONFIG)
    for name in ("single.html", "list.html"):
        with open(os.path.join(hugo, "layouts", "_default", name), "w") as f:
            f.write(HUGO_LAYOUT)
    paths = []
    for i in range(PAGES):
        rel = os.path.join("d%02d" % (i % DIRS), "p%04d.md" % (i + 1))
        for base in (course, os.path.join(hugo, "content")):
            os.makedirs(os.path.join(base, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(base, rel), "w") as f:
                f.write(page(i))
        paths.append(rel)
    return course, hugo, paths


def timed(cmd, **kw):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def median_of(fn, runs=RUNS):
    return statistics.median(fn(k) for k in range(runs))


def main():
    if not os.access(SITEGEN, os.X_OK):
        print("bin/sitegen is not built: run make", file=sys.stderr)
        return 1
    have_hugo = shutil.which("hugo") is not None
    have_pandoc = shutil.which("pandoc") is not None
    tmp = tempfile.mkdtemp(prefix="assay-bench-sitegen-")
    try:
        course, hugo, paths = make_course(tmp)
        size = sum(os.path.getsize(os.path.join(course, p)) for p in paths)
        print("# sitegen: %d pages (%.1f MB of Markdown) in %d directories, median of %d runs"
              % (PAGES, size / 1e6, DIRS, RUNS))
        out = os.path.join(tmp, "out")

        def full(_):
            shutil.rmtree(out, ignore_errors=True)
            return timed([SITEGEN, "-q", course, out])

        def hugo_full(_):
            dest = os.path.join(tmp, "hugo-out")
            shutil.rmtree(dest, ignore_errors=True)
            return timed(["hugo", "--quiet", "-s", hugo, "-d", dest])

        t_full = median_of(full)
        r = subprocess.run([SITEGEN, course, out], check=True, capture_output=True, text=True)
        if r.stderr:
            print("# sitegen says: " + r.stderr.strip().replace("\n", "\n# "))

        def one(k):
            with open(os.path.join(course, paths[(k * 97) % PAGES]), "a") as f:
                f.write("\nOne more line, edit %d.\n" % k)
            return timed([SITEGEN, "-q", course, out])

        t_one = median_of(one)
        t_none = median_of(lambda _: timed([SITEGEN, "-q", course, out]))
        t_hugo = median_of(hugo_full) if have_hugo else None
        t_pandoc = None
        if have_pandoc:
            dest = os.path.join(tmp, "pandoc-out")
            os.makedirs(dest)
            sample = paths[:min(SAMPLE, PAGES)]
            t0 = time.perf_counter()
            for p in sample:
                subprocess.run(["pandoc", "-s", "--mathjax", "-f", "markdown", "-t", "html",
                                "-o", os.path.join(dest, os.path.basename(p) + ".html"),
                                os.path.join(course, p)], check=True,
                               stderr=subprocess.DEVNULL)
            t_pandoc = (time.perf_counter() - t0) * PAGES / len(sample)

        def row(name, t, base, base_name):
            if base is None:
                print("%-40s %10.1f ms %22s %8s" % (name, t * 1e3, base_name + " n/a", "-"))
            else:
                print("%-40s %10.1f ms %14.1f ms %-6s %8.3f" % (name, t * 1e3, base * 1e3,
                      base_name, t / base))

        print("%-40s %13s %24s %8s" % ("benchmark", "sitegen", "baseline", "ratio"))
        row("full build, %d pages" % PAGES, t_full, t_hugo, "hugo")
        row("full build, %d pages" % PAGES, t_full, t_pandoc,
            "pandoc" if SAMPLE >= PAGES else "pandoc*")
        row("one page changed, incremental", t_one, t_hugo, "hugo")
        row("one page changed / full build", t_one, t_full, "full")
        row("nothing changed", t_none, t_hugo, "hugo")
        if t_pandoc is not None and SAMPLE < PAGES:
            print("# pandoc*: %d pages converted (one process each), time scaled to %d"
                  % (min(SAMPLE, PAGES), PAGES))
        if t_hugo is not None:
            print("# full build: sitegen %.1fx faster than hugo (goal: 5x); one page changed: "
                  "%.1f ms (goal: under 50 ms)" % (t_hugo / t_full, t_one * 1e3))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
