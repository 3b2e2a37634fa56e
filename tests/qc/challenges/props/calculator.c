/*
 * calculator.c - long long evaluate(const struct expr *e): the value of an
 * expression of int literals, + and / (integer division). The shrinking
 * challenge "calculator": with no subterm "x / 0" written as a literal 0,
 * the claim that evaluation cannot divide by zero, false for 0 / (0 + 0).
 * The challenge's smallest counterexamples (Hypothesis's report):
 * ('/', 0, ('+', 0, 0)) and ('/', 0, ('/', 0, 1)); in this generator's
 * order (literal, +, /) the first. Trees are drawn by hand: a pool of
 * nodes, a depth bound, constructor calls for the display.
 */
#include <stdio.h>

#include "qc.h"

struct expr {
	int op;			/* 0: the literal val; '+'; '/' */
	int val;
	const struct expr *l, *r;
};

#define DEPTH	4
#define NODES	((1 << (DEPTH + 1)) - 1)

QC_FUNCTION(long long, evaluate, const struct expr *);	/* the student's */

static struct expr *
gen(struct qc *qc, struct expr *pool, int *used, int depth)
{
	static const int ops[] = { 0, '+', '/' };
	struct expr *e = &pool[(*used)++];

	e->op = depth < DEPTH ? ops[qc_oneof(qc, NULL, 3)] : 0;
	if (e->op == 0) {
		e->val = qc_int(qc);
		return e;
	}
	e->l = gen(qc, pool, used, depth + 1);
	e->r = gen(qc, pool, used, depth + 1);
	return e;
}

static int
no_literal_division_by_zero(const struct expr *e)
{
	if (e->op == 0)
		return 1;
	if (e->op == '/' && e->r->op == 0 && e->r->val == 0)
		return 0;
	return no_literal_division_by_zero(e->l) &&
	    no_literal_division_by_zero(e->r);
}

static size_t
show_expr(char *buf, size_t size, size_t k, const struct expr *e)
{
	if (k >= size)
		return k;
	if (e->op == 0)
		return k + (size_t)snprintf(buf + k, size - k, "lit(%d)", e->val);
	k += (size_t)snprintf(buf + k, size - k, "%s(", e->op == '+' ? "add" : "div");
	k = show_expr(buf, size, k, e->l);
	if (k < size)
		k += (size_t)snprintf(buf + k, size - k, ", ");
	k = show_expr(buf, size, k, e->r);
	if (k < size)
		k += (size_t)snprintf(buf + k, size - k, ")");
	return k;
}

QC_PROPERTY(evaluates, "evaluate(e)")
{
	struct expr *pool = qc_alloc(qc, NODES, sizeof(*pool), "e");
	int used = 0;
	const struct expr *e = gen(qc, pool, &used, 0);
	char buf[4096];

	qc_assume(qc, no_literal_division_by_zero(e));
	show_expr(buf, sizeof(buf), 0, e);
	qc_show(qc, "struct expr *e = %s;", buf);
	(void)evaluate(e);
}
