#!/bin/sh
# bench_engine.sh - one grading by the engine alone (engine_grade(), no HTTP,
# no store) of the integration course's c/hello (the small C stdio exercise
# of bench_grading.py: compile, then two tests), beside the same work done
# by a shell loop (gcc with the engine's flags, the program on both tests'
# inputs, the outputs compared), in blocks of B gradings, interleaved, as
# medians per grading and their ratio. N=gradings of each (default 200),
# B=block size (default 10). Needs root (the jail) and `make`.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
N=${N:-200}
BLOCK=${BLOCK:-10}
if [ "$(id -u)" != 0 ]; then
	echo "bench_engine: needs root (the jail does); skipped"
	exit 0
fi
make --no-print-directory -s "$B/libassay-engine.a" bin/sitegen
tmp=$(mktemp -d /tmp/assay-bench-engine-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
bin/sitegen tests/integration/course "$tmp/site" >/dev/null
# The program of bench_grading.py, and its baseline, direct_loop.sh.
cp tests/bench/hello.c tests/bench/direct_loop.sh "$tmp/"
cat >"$tmp/bench.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "sandbox/format/spec.h"
#include "tests/bench/timing.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(65536);

	if (f == NULL || buf == NULL)
		exit(1);
	*len = fread(buf, 1, 65535, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	const char *dir = argv[1];
	int n = atoi(argv[2]), block = atoi(argv[3]), nblocks, bad = 0;
	char path[1024], cmd[4096], err[512], cwd[1024];
	struct engine_config cfg = { .slot = 0, .uid_base = 64990 };
	struct grade_submission sub = { .language = "c" };
	struct spec *spec = NULL;
	double *te, *td;

	(void)argc;
	snprintf(path, sizeof(path), "%s/site/current/specs/c/hello.json", dir);
	if (spec_load(path, &spec, err, sizeof(err)) != SPEC_OK) {
		fprintf(stderr, "bench_engine: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/boxes", dir);
	cfg.box_root = path;
	{
		char src[1024];

		snprintf(src, sizeof(src), "%s/hello.c", dir);
		sub.code = slurp(src, &sub.code_len);
	}
	snprintf(cmd, sizeof(cmd), "/bin/sh %s/direct_loop.sh %s/hello.c %d"
	    " %s/tests/integration/course/c", dir, dir, block, getcwd(cwd, sizeof(cwd)));
	nblocks = (n + block - 1) / block;
	te = calloc((size_t)nblocks, sizeof(double));
	td = calloc((size_t)nblocks, sizeof(double));
	/* Warm up: the page cache, the compiler, the jail's state. */
	for (int i = 0; i < 3; i++) {
		struct grade_result r;

		engine_grade(&cfg, spec, &sub, &r);
		grade_result_clear(&r);
	}
	if (system(cmd) != 0)
		return 1;
	/* Interleaved blocks, so that the machine's moods fall on both alike. */
	for (int b = 0; b < nblocks; b++) {
		double a = now_ms();

		for (int i = 0; i < block; i++) {
			struct grade_result r;

			if (engine_grade(&cfg, spec, &sub, &r) != 0 ||
			    r.status != LABEL_ACCEPTED) {
				if (bad++ == 0)
					fprintf(stderr, "bench_engine: %s: %s\n",
					    label_name(r.status), r.log ? r.log : r.report);
			}
			grade_result_clear(&r);
		}
		te[b] = (now_ms() - a) / block;
		a = now_ms();
		if (system(cmd) != 0)
			return 1;
		td[b] = (now_ms() - a) / block;
	}
	{
		double e = percentile(te, nblocks, 0.5), d = percentile(td, nblocks, 0.5);

		printf("the C stdio exercise c/hello (compile + 2 tests), %d gradings"
		    " each, in blocks of %d, interleaved\n\n", nblocks * block, block);
		printf("%-44s %9s %9s %8s\n", "benchmark", "assay", "baseline", "ratio");
		printf("%-44s %6.1f ms %6.1f ms %8.2f\n",
		    "engine_grade vs shell loop, ms per grading", e, d, d / e);
	}
	spec_free(spec);
	return bad != 0;
}
EOF
gcc -O2 -D_GNU_SOURCE -I. -o "$tmp/bench" "$tmp/bench.c" "$B/libassay-engine.a" \
	$(pkg-config --libs jansson libseccomp) -lm
"$tmp/bench" "$tmp" "$N" "$BLOCK"
