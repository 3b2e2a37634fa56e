#!/bin/sh
# bench_jail.sh - start-up and teardown of one run of a trivial static
# program: in the jail with every layer on (jail_run(), the C profile),
# and as one more run of an open cell (jail_cell_run(): the runs of a
# grading, in the jail its grader keeps), beside plain fork+exec+wait and
# beside bubblewrap running the same program
# with a similar root, all in this one command, interleaved, as medians and
# ratios. N=iterations (default 300). Needs root, gcc with a static libc,
# bwrap (Debian's bubblewrap; `make bench` installs it), and `make`.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
N=${N:-300}
if [ "$(id -u)" != 0 ]; then
	echo "bench_jail: needs root (the jail does); skipped"
	exit 0
fi
make --no-print-directory -s "$B/libassay-engine.a"
tmp=$(mktemp -d /tmp/assay-bench-jail-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/box"
chmod 755 "$tmp" "$tmp/box"
printf 'int main(void) { return 0; }\n' >"$tmp/true.c"
gcc -O2 -static -o "$tmp/box/prog" "$tmp/true.c"
cat >"$tmp/bench.c" <<'EOF'
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/jail/jail.h"
#include "tests/bench/timing.h"

extern char **environ;

/* fork+exec+wait of ARGV; -1 if it did not exit 0. */
static int
spawn(char *const *argv)
{
	pid_t pid;
	int st;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0 ||
	    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	const char *dir = argv[1];
	int n = atoi(argv[2]);
	char box[512], prog[600], bind[600];
	double *t[4];
	int fails[4] = { 0, 0, 0, 0 };
	struct jail_cell *s = NULL;
	char serr[256];
	unsigned layers = 0;

	(void)argc;
	snprintf(box, sizeof(box), "%s/box", dir);
	snprintf(prog, sizeof(prog), "%s/prog", box);
	snprintf(bind, sizeof(bind), "%s", box);
	char *plain[] = { prog, NULL };
	char *bwrap[] = { "/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
	    "--new-session", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
	    "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
	    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", bind,
	    "/tmp/box", "--chdir", "/tmp/box", "/tmp/box/prog", NULL };
	char *jargv[] = { "./prog", NULL };
	struct jail_config cfg = {
		.box = box, .uid = 64998, .gid = 64998, .argv = jargv,
		.profile = JAIL_PROFILE_C,
		.limits = { .cpu_ms = 1000, .wall_ms = 3000, .memory_kib = 256 * 1024,
		    .output_kib = 64, .fsize_kib = 1024, .files = 64, .processes = 1,
		    .tmp_kib = 1024 },
	};

	for (int k = 0; k < 4; k++)
		t[k] = calloc((size_t)n, sizeof(double));
	if (jail_cell_open(box, cfg.uid, cfg.gid, &s, serr, sizeof(serr)) != 0) {
		fprintf(stderr, "jail: %s\n", serr);
		return 1;
	}
	/* Interleaved, so that the machine's moods fall on all three alike. */
	for (int i = 0; i < n; i++) {
		struct jail_result r;
		char err[256];
		double a;

		a = now_ms();
		fails[0] += spawn(plain) != 0;
		t[0][i] = now_ms() - a;

		a = now_ms();
		if (jail_run(&cfg, &r, err, sizeof(err)) != 0 ||
		    r.status != JAIL_EXITED || r.code != 0) {
			if (fails[1]++ == 0)
				fprintf(stderr, "jail: %s\n", err);
		}
		t[1][i] = now_ms() - a;
		layers = r.layers;
		jail_result_clear(&r);

		a = now_ms();
		fails[2] += spawn(bwrap) != 0;
		t[2][i] = now_ms() - a;

		a = now_ms();
		if (jail_cell_run(s, &cfg, &r, err, sizeof(err)) != 0 ||
		    r.status != JAIL_EXITED || r.code != 0) {
			if (fails[3]++ == 0)
				fprintf(stderr, "jail cell: %s\n", err);
		}
		t[3][i] = now_ms() - a;
		jail_result_clear(&r);
	}
	jail_cell_close(s);
	{
		double p50[4], p90[4];
		const char *name[4] = {
			"fork+exec+wait (baseline)",
			"jail_run, every layer",
			"bwrap --unshare-all, minimal root",
			"a run in an open cell, every layer",
		};

		for (int k = 0; k < 4; k++) {
			p50[k] = percentile(t[k], n, 0.5);
			p90[k] = percentile(t[k], n, 0.9);
		}
		printf("start-up and teardown of a static program that exits 0, %d runs"
		    " each, interleaved\n", n);
		printf("jail layers on:");
		for (unsigned b = 1; b <= JAIL_LAYERS_ALL; b <<= 1)
			if (layers & b)
				printf(" %s", jail_layer_name(b));
		printf("\n\n%-38s %9s %9s %10s %10s %6s\n", "", "p50 ms", "p90 ms",
		    "/ baseline", "/ bwrap", "fails");
		for (int k = 0; k < 4; k++)
			printf("%-38s %9.2f %9.2f %9.1fx %9.2fx %6d\n", name[k], p50[k], p90[k],
			    p50[k] / p50[0], p50[k] / p50[2], fails[k]);
	}
	return fails[1] || fails[2] || fails[3];
}
EOF
gcc -O2 -D_GNU_SOURCE -I. -o "$tmp/bench" "$tmp/bench.c" "$B/libassay-engine.a" \
	$(pkg-config --libs jansson libseccomp)
if ! command -v bwrap >/dev/null 2>&1; then
	echo "bench_jail: bwrap is missing (apt-get install bubblewrap); skipped"
	exit 0
fi
"$tmp/bench" "$tmp" "$N"
