/*
 * props: tests/qc/challenges/props/calculator.c
 * kind: the shrinking challenge "calculator": a division by a subterm that
 * adds up to 0 (a crash, SIGFPE); an outer wrapper of three choices, such
 * as add(lit(0), ...), must go at once.
 * result: crashed 8
 * minimal:
 *	struct expr *e = div(lit(0), add(lit(0), lit(0)));
 */
struct expr {
	int op;
	int val;
	const struct expr *l, *r;
};

long long evaluate(const struct expr *e)
{
	if (e->op == 0)
		return e->val;
	if (e->op == '+')
		return evaluate(e->l) + evaluate(e->r);
	return evaluate(e->l) / evaluate(e->r);
}
