/*
 * qc.h - property tests for C functions, with shrinking (Assay's quickcheck
 * tester). This header is all an exercise author includes; everything in it
 * is named qc_ / QC_ (qc__ names are internal, used by the macros).
 *
 * A property file
 * ---------------
 * is C. It includes qc.h, declares the student's function (QC_FUNCTION,
 * below), may define a reference, and defines properties that draw inputs
 * from generators and assert:
 *
 *	#include <ctype.h>
 *	#include "qc.h"
 *
 *	QC_FUNCTION(int, strong, const char *);	// the student's
 *
 *	static int
 *	reference(const char *pw) { ... }
 *
 *	QC_PROPERTY(agrees_with_reference, "strong(pw)")
 *	{
 *		char *pw = qc_string(qc, 0, 12, NULL);
 *
 *		QC_SHOW_STR(pw);		// the counterexample, as C
 *		qc_freeze(qc, pw);		// strong() must not change it
 *		QC_EXPECT_INT(reference(pw), strong(pw));
 *	}
 *
 * QC_PROPERTY(name, call) defines a function whose parameter is `struct qc
 * *qc`; CALL is shown as "Testing CALL with:". Properties run in the order
 * of their lines. A property passes when it returns; it fails at the first
 * failed assertion (which does not return), when the function under test
 * crashes (a signal), exits, or does not return within the time limit per
 * call (200 ms unless the exercise says otherwise).
 *
 * Theory of operation
 * -------------------
 * Choice sequence. Every generator is plain C built on one primitive: a
 * bounded choice, a number in [0, max]. In a random trial the choices come
 * from a PRNG seeded by (seed, property, trial number) and are recorded; a
 * replay feeds a recorded (or edited) sequence back, each value clamped to
 * the bound the generator asks for, and 0 once the sequence runs out. Every
 * generator is written so that 0 is its simplest value and smaller choices
 * mean simpler values:
 *   - a signed integer is one choice in the order 0, 1, -1, 2, -2, ...
 *     (the bounds continue the longer side), so its sign never adds or
 *     removes a choice; a range without 0 counts up from the end nearest 0;
 *   - a collection draws a "one more?" flag before each optional element;
 *   - a character is its index in its alphabet;
 *   - a double is a kind (simple or any bit pattern), an integral part, a
 *     bit-reversed fraction (0.5 is simpler than 0.1) and then a sign.
 * A random trial picks the choices it wants (small values growing with the
 * size, the bounds, 0 and +-1, special doubles) but records only choices:
 * the distribution never changes what a replay means.
 *
 * Shrinking (qc_shrink.c) never sees values, only the sequence: it looks
 * for the shortlex-smallest sequence (shorter, then smaller at the first
 * difference) that still fails the same way (same assertion line, same
 * signal, or a hang), so every shrunk input is one the generators could
 * make, an author's generator shrinks for free, and a bug usually shrinks
 * to the same counterexample whatever the seed that found it (tests/qc
 * checks 20 bugs and 13 shrinking challenges on 30 seeds each). Its
 * passes: deleting runs of every length up to 8 (alone, or while
 * decrementing a choice before them, for lengths drawn as numbers), zeroing
 * runs, minimising each choice (0, 1, 2, then binary searches keeping its
 * parity, that is an integer's sign, and not), lowering two choices
 * together by a common offset as far as exponential probing and a binary
 * search find (signs kept, or changing together), lowering equal choices
 * together, sorting choices of the same bound, moving value from a choice
 * to a later one (or trading a step of magnitude, so {-2, -32767} becomes
 * {-1, -32768}), lowering a choice while a later one tries small values,
 * and moving a block of choices left over another (two subtrees or list
 * elements swapped); with a cache of the sequences tried and a budget of
 * calls and time, and a report that says when the budget stopped it. It
 * stops after a full round of every pass finds nothing.
 *
 * Processes. The runner (qc_runner.c, its own program, which never loads
 * the student's code) forks a child that dlopen()s the properties' shared
 * object (this library and the property file, never the student's code)
 * and runs trials on command:
 *   - a whole batch of random trials per command (the fast path: no round
 *     trip to the runner per trial); a page of memory shared with the
 *     runner says which trial is running and holds its choices; a trial
 *     that stays running past the time limit per call is a hang;
 *   - replays of one sequence, for shrinking a falsified property;
 *   - one fresh child per replay to confirm a failure before shrinking it,
 *     while shrinking a crash or a hang (with a quarter of the limit for a
 *     hang), and for the final check of every counterexample (twice the
 *     limit for a hang, the report's records written as the trial goes so
 *     that a crash still shows its input, and what the function printed
 *     kept). A hang is confirmed only if its shrinking comes to nothing.
 * The student's functions run in a third process, the child's own
 * (qc-callee, qc_call.c), started at the first call: it loads the
 * student's object alone, under a seccomp filter stricter than the jail's
 * (no new process or program, signals to itself only, no writable and
 * executable memory, no looking into other processes), and holds nothing
 * of the author's: not the properties, the reference, the generators, the
 * shrinker, nor any byte of the protocol. Each call of a QC_FUNCTION stub
 * crosses to it through a shared page (a futex and a pipe wake the side
 * that sleeps), with copies of the blocks handed over at their own
 * addresses; when it dies, the child ends the same way, so a crash, an exit
 * or a hang of the function means what it would in the child itself. The
 * runner and the child are not dumpable, and the property file and its
 * object are not in the box while the student's code compiles or runs.
 * The runner still checks every message of its child (sequence number, a
 * random nonce per command, trials counted in the shared page) and copies
 * the shared page before believing it. A counterexample that does not fail
 * again in a fresh child (and so a fresh student's process) is reported as
 * depending on earlier calls. Guarded blocks (below) turn a read past the
 * end of an array into a crash that names the array; a crash is told apart
 * by its signal.
 *
 * The runner's report (its standard output, read by tester_quickcheck.c)
 * is described in qc_report.h, the child protocol in qc_impl.h.
 *
 * Memory, lifetimes and errors
 * ----------------------------
 * Every pointer a generator returns belongs to the trial: it stays valid
 * until the property returns and is then released by the library (never
 * free() it). Blocks are "guarded": they end at a page without access, so
 * reading or writing past their end crashes at once (and the report names
 * the block); the bytes just before them hold a pattern, checked after the
 * property, so writing before their start is reported too. A trial may
 * hold up to 1024 blocks: each string, array, qc_alloc and qc_dup is one,
 * and so is a string that is not a block at each call of a student's
 * function it is handed to; a list of 100 lists of 100 is 102 (the rows, their lengths, 100 lists). More is an
 * author error that says so. Blocks of up to a page (minus 32 bytes) use a
 * page each; larger ones share 24 MiB per trial. qc_freeze() records a
 * block's contents: a change is reported when the property ends.
 * A failed assertion checks the blocks first: a write outside one, or a
 * change to a frozen one, is reported instead (it is the likelier cause,
 * and the failure then shrinks the same way whatever was found first).
 *
 * A mistake of the author (bounds the wrong way round, a generator drawing
 * without end, too many rejected inputs) ends the run with an author error,
 * which the grader reports as MiscError: the student is never blamed.
 */
#ifndef ASSAY_QC_H
#define ASSAY_QC_H

#include <stddef.h>
#include <stdint.h>

/* One trial's state: generators draw from it, assertions report to it. */
struct qc;

/* A property (QC_PROPERTY fills these in a section of their own). */
struct qc_property {
	const char *name;	/* the C identifier */
	const char *call;	/* "strong(pw)": shown as "Testing ... with:" */
	void (*fn)(struct qc *qc);
	const char *file;
	int line;
};

/*
 * The student's functions: every function of the student's that the
 * properties call is declared with QC_FUNCTION, its return type, its name
 * and its parameters' types (at most six; scalars and pointers, no struct
 * or union by value, no variable arguments, no long double):
 *
 *	QC_FUNCTION(int, strong, const char *);
 *	QC_FUNCTION(void, sort_ints, int *, int);
 *	QC_FUNCTION(double, mean, const double *, size_t);
 *	QC_FUNCTION(unsigned, seed, void);
 *
 * It defines a function of that name for the properties to call: the call
 * crosses into the student's process and comes back with what the
 * function returned (see "Processes" above). What crosses, and how:
 *   - numbers and characters, as they are;
 *   - pointers into blocks of the trial (from generators, qc_alloc,
 *     qc_dup): the block, and every block a qc_alloc'd or qc_dup'd block
 *     points to when it is first handed over, is copied into the student's
 *     process at the same address before the call and copied back after
 *     it, so the function reads and writes it as its own, and a read past
 *     its end crashes there and names it;
 *   - a string that is not a block (a literal, a local array) is copied
 *     into a block of its own for the call (and back, if the parameter is
 *     not const);
 *   - any other pointer (a local array, a function) is the author's error;
 *   - a returned pointer into a block handed over in this trial is that
 *     block; a returned char * to the student's own memory comes back as a
 *     copy of the string (the trial's); any other returned pointer is an
 *     address in the student's process, to compare but never to follow;
 *   - a pointer into the trial's blocks that the function returns, or
 *     writes into a qc_alloc'd or qc_dup'd block it was handed, must point
 *     into a block handed over in this trial (else the property fails: the
 *     other blocks, such as a reference's results, are not the function's
 *     to point at).
 * Compiled with QC_IN_PROCESS defined (the library's own tests), it only
 * declares the function, which is linked in.
 */
#ifdef QC_IN_PROCESS
#define QC_FUNCTION(ret, name, ...)	ret name(__VA_ARGS__)
#else
#define QC_FUNCTION(ret, name, ...)					\
	static const struct qc_function qc_fndef_##name			\
	    __attribute__((used, section("qc_funcs"),			\
	    aligned(sizeof(void *)))) =					\
	    { #name, #ret " " #name "(" #__VA_ARGS__ ")" };		\
	QC__CAT(QC__FN_, QC__NARGS(__VA_ARGS__))(ret, name, __VA_ARGS__)	\
	extern int qc__fn_semicolon_##name
#endif

#define QC_PROPERTY(name, call)						\
	static void qc_prop_##name(struct qc *qc);			\
	static const struct qc_property qc_propdef_##name		\
	    __attribute__((used, section("qc_props"),			\
	    aligned(sizeof(void *)))) =					\
	    { #name, (call), qc_prop_##name, __FILE__, __LINE__ };	\
	static void qc_prop_##name(struct qc *qc)

/* ---- Choices and sizes ----------------------------------------------- */

/* A number in [0, MAX], uniform in a random trial: the primitive. */
uint64_t qc_choice(struct qc *qc, uint64_t max);

/* The size of this trial: 0 for the first, growing to the exercise's
 * max-size over 100 tests (as QuickCheck's), then from 0 again, whatever
 * max-success is: with max-success 10000, the sizes run 0..max-size a
 * hundred times (a last round of fewer tests grows faster, to end at
 * max-size). Generators use it to start with small inputs. */
unsigned qc_size(struct qc *qc);

/* ---- Generators -------------------------------------------------------- */

/* 0 or 1 (shrinks to 0). */
int qc_bool(struct qc *qc);

/*
 * Integers in [LO, HI] (LO <= HI), shrinking toward the value nearest 0,
 * then toward positive: small magnitudes first. Random trials favour small
 * values (growing with the size), and the bounds, 0 and +-1.
 */
int qc_int_range(struct qc *qc, int lo, int hi);
long qc_long_range(struct qc *qc, long lo, long hi);
int64_t qc_int64_range(struct qc *qc, int64_t lo, int64_t hi);
unsigned qc_unsigned_range(struct qc *qc, unsigned lo, unsigned hi);
unsigned long qc_ulong_range(struct qc *qc, unsigned long lo, unsigned long hi);
uint64_t qc_uint64_range(struct qc *qc, uint64_t lo, uint64_t hi);

/*
 * The same for every other integer type: one choice each, the same order
 * and the same shrinking as qc_int_range (signed: toward the value nearest
 * 0, then positive; unsigned: toward LO). Any value of the type is its
 * whole range: qc_int8_range(qc, INT8_MIN, INT8_MAX).
 */
signed char qc_schar_range(struct qc *qc, signed char lo, signed char hi);
unsigned char qc_uchar_range(struct qc *qc, unsigned char lo, unsigned char hi);
short qc_short_range(struct qc *qc, short lo, short hi);
unsigned short qc_ushort_range(struct qc *qc, unsigned short lo,
    unsigned short hi);
long long qc_llong_range(struct qc *qc, long long lo, long long hi);
unsigned long long qc_ullong_range(struct qc *qc, unsigned long long lo,
    unsigned long long hi);
int8_t qc_int8_range(struct qc *qc, int8_t lo, int8_t hi);
int16_t qc_int16_range(struct qc *qc, int16_t lo, int16_t hi);
int32_t qc_int32_range(struct qc *qc, int32_t lo, int32_t hi);
uint8_t qc_uint8_range(struct qc *qc, uint8_t lo, uint8_t hi);
uint16_t qc_uint16_range(struct qc *qc, uint16_t lo, uint16_t hi);
uint32_t qc_uint32_range(struct qc *qc, uint32_t lo, uint32_t hi);
size_t qc_size_range(struct qc *qc, size_t lo, size_t hi);

/* Any value of the type; INT_MIN, INT_MAX, 0, +-1 and their neighbours
 * come up often. */
int qc_int(struct qc *qc);
long qc_long(struct qc *qc);
unsigned qc_unsigned(struct qc *qc);
unsigned long qc_ulong(struct qc *qc);

/*
 * Doubles. qc_double: any finite value (small integers and simple fractions
 * first, very large and tiny ones too). qc_double_range: finite, in
 * [LO, HI], shrinking toward the value nearest 0. qc_double_any: finite or
 * special (NaN, +-infinity, -0.0).
 */
double qc_double(struct qc *qc);
double qc_double_range(struct qc *qc, double lo, double hi);
double qc_double_any(struct qc *qc);

/*
 * Alphabets: their order is the shrink order (the first character is the
 * simplest). QC_PRINTABLE (the default when NULL is given) is the printable
 * ASCII characters, lower case letters first, the space last.
 */
#define QC_LOWER	"abcdefghijklmnopqrstuvwxyz"
#define QC_UPPER	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define QC_DIGITS	"0123456789"
#define QC_ALNUM	QC_LOWER QC_UPPER QC_DIGITS
#define QC_PRINTABLE	QC_ALNUM "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "

/* A character of ALPHABET (NULL: QC_PRINTABLE; never empty). */
char qc_char(struct qc *qc, const char *alphabet);

/*
 * A NUL-terminated string of MIN_LEN to MAX_LEN characters of ALPHABET, in
 * a guarded block of exactly length + 1 bytes (the trial's).
 */
char *qc_string(struct qc *qc, size_t min_len, size_t max_len,
    const char *alphabet);

/*
 * Arrays of MIN_LEN to MAX_LEN elements (length in *LEN), in a guarded
 * block of exactly that many elements (the trial's; never NULL, even when
 * empty, but an empty array has no element to touch). qc_array fills each
 * ELSIZE-byte element with GEN(qc, element, ARG): any generator composes.
 */
int *qc_int_array(struct qc *qc, size_t min_len, size_t max_len, int lo, int hi,
    size_t *len);
double *qc_double_array(struct qc *qc, size_t min_len, size_t max_len,
    double lo, double hi, size_t *len);
void *qc_array(struct qc *qc, size_t min_len, size_t max_len, size_t elsize,
    void (*gen)(struct qc *qc, void *elem, void *arg), void *arg, size_t *len);

/*
 * Collections of any shape, the way qc_array draws them:
 *	struct qc_many m;
 *	qc_many_init(qc, &m, 0, 10);
 *	while (qc_many_more(qc, &m))
 *		... draw one element ...
 * qc_many_more() returns 1 MIN times, then draws whether there is one more
 * (at most MAX in all); the shrinker deletes elements by deleting choices.
 */
struct qc_many {
	size_t min, max, count, target;
};
void qc_many_init(struct qc *qc, struct qc_many *m, size_t min, size_t max);
int qc_many_more(struct qc *qc, struct qc_many *m);

/*
 * A list of MIN_LEN to MAX_LEN lists of INNER_MIN to INNER_MAX ints in
 * [LO, HI]: a guarded block of pointers to guarded int arrays (an empty one
 * is a block of no element, never NULL), their lengths in *LENS (a guarded
 * block too) and their count in *LEN. Each inner list is a run of choices
 * after its "one more?" flag, so the shrinker deletes whole lists, then
 * elements. Show it with QC_SHOW_INT_LISTS(rows, lens, n):
 *	int *rows[2] = {(int[2]){1, 2}, malloc(0)};
 *	size_t lens[2] = {2, 0};
 *	size_t n = 2;
 * (an empty inner list is malloc(0) there, never NULL; a compound literal
 * is C99). Every
 * list is a block: at most about 1000 lists in a trial, and a choice per
 * element and per flag, at most 16384 in all (100 lists of 100 elements
 * fit only with fixed lengths: MIN_LEN == MAX_LEN, INNER_MIN ==
 * INNER_MAX, which draw no flag).
 */
int **qc_int_lists(struct qc *qc, size_t min_len, size_t max_len,
    size_t inner_min, size_t inner_max, int lo, int hi, size_t **lens,
    size_t *len);

/*
 * Recursive structures (trees, linked lists) of the author's own nodes:
 *
 *	struct node { int v; struct node *l, *r; };
 *
 *	static struct node *
 *	tree(struct qc *qc, struct qc_pool *pool, unsigned depth)
 *	{
 *		struct node *t;
 *
 *		if (!qc_branch(qc, pool, depth, 6))
 *			return NULL;
 *		t = qc_pool_node(qc, pool);
 *		t->v = qc_int_range(qc, -9, 9);
 *		t->l = tree(qc, pool, depth + 1);
 *		t->r = tree(qc, pool, depth + 1);
 *		return t;
 *	}
 *
 *	static const char *
 *	show(struct qc *qc, const struct node *t)
 *	{
 *		if (t == NULL)
 *			return "NULL";
 *		return qc_sprintf(qc, "NODE(%d, %s, %s)", t->v, show(qc, t->l),
 *		    show(qc, t->r));
 *	}
 *
 *	...	struct qc_pool pool;
 *		struct node *t;
 *
 *		qc_pool(qc, &pool, 64, sizeof(struct node), "the tree");
 *		t = tree(qc, &pool, 0);
 *		qc_show(qc, "struct node *t = %s;", show(qc, t));
 *
 * qc_pool: a pool of CAP nodes of SIZE bytes in one guarded block (zeroed;
 * named NAME in reports), returned; its nodes' pointers to each other
 * cross to the student's function with it. qc_pool_node: the pool's next
 * node (more than CAP is an author error). qc_branch: whether to grow one
 * more node at DEPTH (0 at the root): always 0 at MAX_DEPTH or when POOL
 * (may be NULL) is full, else one choice that shrinks to 0, so the
 * shrinker turns subtrees into leaves and the depth comes down; random
 * trials branch more near the root and as the size grows. qc_sprintf:
 * printf into the trial's memory (valid until the property returns), for
 * a display of the author's naming (NODE(...), a constructor call, an
 * initialiser).
 */
struct qc_pool {
	void *base;
	size_t cap, size, used;
};
void *qc_pool(struct qc *qc, struct qc_pool *pool, size_t cap, size_t size,
    const char *name);
void *qc_pool_node(struct qc *qc, struct qc_pool *pool);
int qc_branch(struct qc *qc, struct qc_pool *pool, unsigned depth,
    unsigned max_depth);
char *qc_sprintf(struct qc *qc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An index in [0, N) chosen with WEIGHTS (NULL: all equal), shrinking
 * toward 0: list the simplest alternative first. */
size_t qc_oneof(struct qc *qc, const unsigned *weights, size_t n);

/*
 * Rejects this input (it is not counted as a test) when COND is false.
 * More than max-discard-ratio x max-success rejections end the run with an
 * author error ("gave up").
 */
void qc_assume(struct qc *qc, int cond);

/* ---- Memory --------------------------------------------------------------- */

/* N zeroed elements of SIZE bytes (as calloc) in a guarded block (the
 * trial's); NAME (copied) says which in a report ("read or wrote a[3],
 * past the end of a"). */
void *qc_alloc(struct qc *qc, size_t n, size_t size, const char *name);

/* A guarded copy of the N elements of SIZE bytes at P. */
void *qc_dup(struct qc *qc, const void *p, size_t n, size_t size,
    const char *name);

/* Names a block from a generator for reports (default "the input"). */
void qc_name(struct qc *qc, const void *block, const char *name);

/* Records the contents of BLOCK (a pointer a generator or qc_alloc
 * returned): if they differ when the property ends, it fails with "modified
 * NAME, which must not change". */
void qc_freeze(struct qc *qc, const void *block);

/* Checks every guarded block now (they are checked when the property ends
 * anyway); fails the property if one was written outside or changed. */
void qc_check_blocks(struct qc *qc);

/* ---- Showing the input -------------------------------------------------- */

/*
 * Each adds a line to the counterexample, as a C declaration, with the value
 * it has now (later changes do not show):
 *	int x = -1;		char c = 'a';		double d = 0.5;
 *	char *s = "aB1\n";	int a[3] = {0, 1, -1};	followed by  int n = 3;
 * An empty array is shown as "int *a = malloc(0);" (C has no array of 0
 * elements before C23), followed by "int n = 0;": what the function got,
 * a pointer to no element, never NULL (glibc's malloc(0) is not NULL
 * either), so a student who runs the shown input gets the same call.
 * The QC_SHOW_* macros take the name from the variable.
 */
void qc_show_int(struct qc *qc, const char *name, long long v);
void qc_show_long(struct qc *qc, const char *name, long long v);
void qc_show_unsigned(struct qc *qc, const char *name, unsigned long long v);
void qc_show_double(struct qc *qc, const char *name, double v);
void qc_show_char(struct qc *qc, const char *name, char c);
void qc_show_str(struct qc *qc, const char *name, const char *s);
void qc_show_int_array(struct qc *qc, const char *name, const int *a, size_t n,
    const char *lenname);
void qc_show_double_array(struct qc *qc, const char *name, const double *a,
    size_t n, const char *lenname);
/* A list of lists (qc_int_lists): its line, then the lengths' (when
 * LENSNAME is a name) and the count's (when LENNAME is). */
void qc_show_int_lists(struct qc *qc, const char *name, int *const *rows,
    const size_t *lens, size_t n, const char *lensname, const char *lenname);
/* Any declaration: qc_show(qc, "struct point p = {%d, %d};", p.x, p.y). */
void qc_show(struct qc *qc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A line shown after Expected/Got ("the array had 3 elements"). */
void qc_note(struct qc *qc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define QC_SHOW_INT(x)		qc_show_int(qc, #x, (x))
#define QC_SHOW_LONG(x)		qc_show_long(qc, #x, (x))
#define QC_SHOW_UNSIGNED(x)	qc_show_unsigned(qc, #x, (x))
#define QC_SHOW_DOUBLE(x)	qc_show_double(qc, #x, (x))
#define QC_SHOW_CHAR(x)		qc_show_char(qc, #x, (x))
#define QC_SHOW_STR(x)		qc_show_str(qc, #x, (x))
#define QC_SHOW_INT_ARRAY(a, n)	qc_show_int_array(qc, #a, (a), (size_t)(n), #n)
#define QC_SHOW_DOUBLE_ARRAY(a, n) \
	qc_show_double_array(qc, #a, (a), (size_t)(n), #n)
#define QC_SHOW_INT_LISTS(rows, lens, n) \
	qc_show_int_lists(qc, #rows, (rows), (lens), (size_t)(n), #lens, #n)

/* ---- Assertions ---------------------------------------------------------- */

/*
 * Each evaluates its arguments once, the expected value first (so a
 * reference sees the input before the student's function may change it).
 * On failure the report says (Codex's format):
 *	Expected:
 *		0
 *	Got:
 *		1
 * and the property stops there.
 */
#define QC_EXPECT_INT(expected, got) do {				\
	long long qc_e_ = (expected), qc_g_ = (got);			\
	if (qc_e_ != qc_g_)						\
		qc__fail_int(qc, __LINE__, qc_e_, qc_g_);		\
} while (0)
#define QC_EXPECT_LONG(expected, got)	QC_EXPECT_INT(expected, got)
#define QC_EXPECT_UNSIGNED(expected, got) do {				\
	unsigned long long qc_e_ = (expected), qc_g_ = (got);		\
	if (qc_e_ != qc_g_)						\
		qc__fail_unsigned(qc, __LINE__, qc_e_, qc_g_);		\
} while (0)
/* Equal, or both NaN, or within TOL (absolute, or relative to EXPECTED). */
#define QC_EXPECT_DOUBLE(expected, got, tol) do {			\
	double qc_e_ = (expected), qc_g_ = (got);			\
	qc__expect_double(qc, __LINE__, qc_e_, qc_g_, (tol));		\
} while (0)
/* Both zero or both non-zero. */
#define QC_EXPECT_BOOL(expected, got) do {				\
	int qc_e_ = !!(expected), qc_g_ = !!(got);			\
	if (qc_e_ != qc_g_)						\
		qc__fail_bool(qc, __LINE__, qc_e_, qc_g_);		\
} while (0)
/* Same characters (NULL is a value too). */
#define QC_EXPECT_STR(expected, got) do {				\
	const char *qc_e_ = (expected), *qc_g_ = (got);			\
	qc__expect_str(qc, __LINE__, qc_e_, qc_g_);			\
} while (0)
/* The same N ints. */
#define QC_EXPECT_INT_ARRAY(expected, got, n) do {			\
	const int *qc_e_ = (expected), *qc_g_ = (got);			\
	qc__expect_int_array(qc, __LINE__, qc_e_, qc_g_, (size_t)(n));	\
} while (0)

/* A comparison of two integers: QC_CHECK_INT(r, >=, 0) reports
 *	Expected:
 *		r >= 0
 *	Got:
 *		r = -1			*/
#define QC_CHECK_INT(a, op, b) do {					\
	long long qc_a_ = (a), qc_b_ = (b);				\
	if (!(qc_a_ op qc_b_))						\
		qc__fail_check(qc, __LINE__, #a, #op, #b, qc_a_, qc_b_);\
} while (0)

/* A condition; MSG... (printf) says what was expected. */
#define QC_ASSERT(cond) do {						\
	if (!(cond))							\
		qc__fail(qc, __LINE__, "assertion failed: %s", #cond);	\
} while (0)
#define QC_ASSERT_MSG(cond, ...) do {					\
	if (!(cond))							\
		qc__fail(qc, __LINE__, __VA_ARGS__);			\
} while (0)

/* Fails the property with a message of its own (does not return). */
#define QC_FAIL(...)	qc__fail(qc, __LINE__, __VA_ARGS__)

/* ---- Internal: what the macros call ------------------------------------- */

void qc__fail(struct qc *qc, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
void qc__fail_int(struct qc *qc, int line, long long e, long long g)
    __attribute__((noreturn));
void qc__fail_unsigned(struct qc *qc, int line, unsigned long long e,
    unsigned long long g) __attribute__((noreturn));
void qc__fail_bool(struct qc *qc, int line, int e, int g)
    __attribute__((noreturn));
void qc__fail_check(struct qc *qc, int line, const char *a, const char *op,
    const char *b, long long av, long long bv) __attribute__((noreturn));
void qc__expect_double(struct qc *qc, int line, double e, double g, double tol);
void qc__expect_str(struct qc *qc, int line, const char *e, const char *g);
void qc__expect_int_array(struct qc *qc, int line, const int *e, const int *g,
    size_t n);

/* ---- Internal: what QC_FUNCTION expands to ------------------------------ */

/* A student's function the properties call (in section "qc_funcs"). */
struct qc_function {
	const char *name;
	const char *signature;	/* "int strong(const char *)" */
};

/* One call being made: its arguments, as the registers take them. */
struct qc__call {
	const struct qc_function *fn;
	unsigned nargs, nint, nsse;
	uint64_t ints[6], sse[8];
	unsigned char slot[6];	/* of each argument: its index in ints */
	unsigned char str[6];	/* 0; 1: const char *; 2: char * */
	unsigned char ptr[6];	/* a pointer */
};

void qc__call_begin(struct qc__call *c, const struct qc_function *fn);
void qc__call_arg(struct qc__call *c, int cls, int sgn, int str, const void *v,
    size_t size);
void qc__call_run(struct qc__call *c, int cls, int str, void *ret, size_t size);

/* The cases tester's isolated mode (child/qc_case.c): the tests' program
 * sets up one trial for the run (returns its jmp_buf, for setjmp), starts
 * each test, and ends with status 1 when a call or the tests failed. */
void *qc__case_setup(const char *callee, const char *student,
    unsigned fsize_kib);
void qc__case_begin(void);
void qc__case_failed(void) __attribute__((noreturn));

#define QC__CAT_(a, b)		a##b
#define QC__CAT(a, b)		QC__CAT_(a, b)
#define QC__SECOND(a, b, ...)	b
#define QC__PROBE(...)		QC__SECOND(__VA_ARGS__, 0, ~)
#define QC__VOID_void		~, 1
/* 1 when the type T is the one token void, else 0. */
#define QC__IS_VOID(t)		QC__PROBE(QC__CAT(QC__VOID_, t))
#define QC__NARGS(...)		QC__NARGS_(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)
#define QC__NARGS_(a, b, c, d, e, f, n, ...) n
#define QC__SIGNED(x) _Generic((x), signed char: 1, short: 1, int: 1,	\
	long: 1, long long: 1, char: (char)-1 < 0, default: 0)
#define QC__STR(x) _Generic((x), char *: 2, signed char *: 2,		\
	unsigned char *: 2, const char *: 1, const signed char *: 1,	\
	const unsigned char *: 1, default: 0)
#define QC__ARG(c, x) do {						\
	_Static_assert(__builtin_classify_type(x) != 12 &&		\
	    __builtin_classify_type(x) != 13 && sizeof(x) <= 8,		\
	    "QC_FUNCTION: no struct, union or long double by value");	\
	qc__call_arg((c), __builtin_classify_type(x), QC__SIGNED(x),	\
	    QC__STR(x), &(x), sizeof(x));				\
} while (0)
#define QC__RET_1(ret, c)	qc__call_run((c), 0, 0, NULL, 0);
#define QC__RET_0(ret, c)						\
	ret qc_r_;							\
	qc__call_run((c), __builtin_classify_type(qc_r_),		\
	    QC__STR(qc_r_), &qc_r_, sizeof(qc_r_));			\
	return qc_r_;
#define QC__BODY(ret, name)						\
	struct qc__call qc_c_;						\
	qc__call_begin(&qc_c_, &qc_fndef_##name);
#define QC__END(ret)	QC__CAT(QC__RET_, QC__IS_VOID(ret))(ret, &qc_c_) }
#define QC__FN_1(ret, name, T1)						\
	QC__CAT(QC__FN1_, QC__IS_VOID(T1))(ret, name, T1)
#define QC__FN1_1(ret, name, T1)					\
	ret name(void) { QC__BODY(ret, name) QC__END(ret)
#define QC__FN1_0(ret, name, T1)					\
	ret name(T1 qc_a1) { QC__BODY(ret, name)			\
	QC__ARG(&qc_c_, qc_a1); QC__END(ret)
#define QC__FN_2(ret, name, T1, T2)					\
	ret name(T1 qc_a1, T2 qc_a2) { QC__BODY(ret, name)		\
	QC__ARG(&qc_c_, qc_a1); QC__ARG(&qc_c_, qc_a2); QC__END(ret)
#define QC__FN_3(ret, name, T1, T2, T3)					\
	ret name(T1 qc_a1, T2 qc_a2, T3 qc_a3) { QC__BODY(ret, name)	\
	QC__ARG(&qc_c_, qc_a1); QC__ARG(&qc_c_, qc_a2);			\
	QC__ARG(&qc_c_, qc_a3); QC__END(ret)
#define QC__FN_4(ret, name, T1, T2, T3, T4)				\
	ret name(T1 qc_a1, T2 qc_a2, T3 qc_a3, T4 qc_a4) {		\
	QC__BODY(ret, name)						\
	QC__ARG(&qc_c_, qc_a1); QC__ARG(&qc_c_, qc_a2);			\
	QC__ARG(&qc_c_, qc_a3); QC__ARG(&qc_c_, qc_a4); QC__END(ret)
#define QC__FN_5(ret, name, T1, T2, T3, T4, T5)				\
	ret name(T1 qc_a1, T2 qc_a2, T3 qc_a3, T4 qc_a4, T5 qc_a5) {	\
	QC__BODY(ret, name)						\
	QC__ARG(&qc_c_, qc_a1); QC__ARG(&qc_c_, qc_a2);			\
	QC__ARG(&qc_c_, qc_a3); QC__ARG(&qc_c_, qc_a4);			\
	QC__ARG(&qc_c_, qc_a5); QC__END(ret)
#define QC__FN_6(ret, name, T1, T2, T3, T4, T5, T6)			\
	ret name(T1 qc_a1, T2 qc_a2, T3 qc_a3, T4 qc_a4, T5 qc_a5,	\
	    T6 qc_a6) {							\
	QC__BODY(ret, name)						\
	QC__ARG(&qc_c_, qc_a1); QC__ARG(&qc_c_, qc_a2);			\
	QC__ARG(&qc_c_, qc_a3); QC__ARG(&qc_c_, qc_a4);			\
	QC__ARG(&qc_c_, qc_a5); QC__ARG(&qc_c_, qc_a6); QC__END(ret)

#endif
