/*
 * calculator.c - long long evaluate(const struct expr *e): the value of an
 * expression of int literals, + and / (integer division). The shrinking
 * challenge "calculator": with no subterm "x / 0" written as a literal 0,
 * the claim that evaluation cannot divide by zero, false for 0 / (0 + 0).
 * The challenge's smallest counterexamples (Hypothesis's report):
 * ('/', 0, ('+', 0, 0)) and ('/', 0, ('/', 0, 1)); in this generator's
 * order (literal, then +, then /) the first. Expressions of at most four
 * levels of operators below the root, constructor calls for the display.
 */
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
expr(struct qc *qc, struct qc_pool *pool, unsigned depth)
{
	struct expr *e = qc_pool_node(qc, pool);

	if (!qc_branch(qc, pool, depth, DEPTH)) {
		e->val = qc_int(qc);
		return e;
	}
	e->op = qc_bool(qc) ? '/' : '+';
	e->l = expr(qc, pool, depth + 1);
	e->r = expr(qc, pool, depth + 1);
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

static const char *
show(struct qc *qc, const struct expr *e)
{
	if (e->op == 0)
		return qc_sprintf(qc, "lit(%d)", e->val);
	return qc_sprintf(qc, "%s(%s, %s)", e->op == '+' ? "add" : "div",
	    show(qc, e->l), show(qc, e->r));
}

QC_PROPERTY(evaluates, "evaluate(e)")
{
	struct qc_pool pool;
	const struct expr *e;

	qc_pool(qc, &pool, NODES, sizeof(struct expr), "e");
	e = expr(qc, &pool, 0);
	qc_assume(qc, no_literal_division_by_zero(e));
	qc_show(qc, "struct expr *e = %s;", show(qc, e));
	(void)evaluate(e);
}
