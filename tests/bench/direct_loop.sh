# direct_loop.sh SOURCE N TESTDIR - the baseline of the grading benchmarks:
# the work of the stdio tester done directly, N times: compile SOURCE with
# the engine's flags, run the program on each test input of TESTDIR/hello,
# compare with the expected output. No jail, no platform.
set -e
d=$(mktemp -d)
cp "$1" "$d/main.c"
cd "$d"
i=0
while [ $i -lt "$2" ]; do
	gcc -std=gnu11 -O2 -pipe -Wall -o prog main.c -lm
	for t in "$3"/hello/*-1.in; do
		./prog < "$t" > out
		cmp -s out "${t%.in}.out"
	done
	i=$((i + 1))
done
rm -rf "$d"
