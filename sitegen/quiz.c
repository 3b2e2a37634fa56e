/*
 * quiz.c - quiz pages; see quiz.h.
 *
 * The questions are found line by line (scan.h skips code and comments):
 * md4c knows neither Pandoc's header attributes nor its "(a)" lists, so the
 * page is cut into ranges here and each range is rendered by render.c as
 * Markdown of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "sitegen/attr.h"
#include "sitegen/quiz.h"
#include "sitegen/scan.h"

static unsigned
column_of(const char *body, const char *p)
{
	const char *s = p;

	while (s > body && s[-1] != '\n')
		s--;
	return (unsigned)(p - s) + 1;
}

static struct quiz_range
range_at(const char *body, const char *p, unsigned line)
{
	struct quiz_range r = { (size_t)(p - body), (size_t)(p - body), line,
		column_of(body, p) };

	return r;
}

/*
 * An ATX header line: returns the start of its text (after the #s and
 * spaces) and sets *TEND to its end (trailing spaces and a closing #
 * sequence removed), or NULL.
 */
static const char *
atx_header(const char *p, const char *e, const char **tend)
{
	const char *q = p, *t;
	int n = 0;

	for (int i = 0; i < 3 && q < e && *q == ' '; i++)
		q++;
	while (q < e && *q == '#' && n < 7)
		q++, n++;
	if (n < 1 || n > 6 || (q < e && *q != ' ' && *q != '\t' && *q != '\r'))
		return NULL;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	t = e;
	while (t > q && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
		t--;
	*tend = t;
	return q;
}

/* An option marker: "(x)" or "x)" then a space or the end of the line. */
static const char *
option_marker(const char *p, const char *e, char *label, size_t labsz)
{
	const char *q = p, *l;
	size_t n;
	int paren = 0;

	for (int i = 0; i < 3 && q < e && *q == ' '; i++)
		q++;
	if (q < e && *q == '(') {
		paren = 1;
		q++;
	}
	l = q;
	if (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) {
		/* One letter, or a roman numeral. */
		const char *r = q;

		while (r < e && r - q < 8 && strchr("ivxlcdmIVXLCDM", *r) != NULL && *r != '\0')
			r++;
		q = (r > q && r < e && *r == ')') ? r : q + 1;
	} else {
		while (q < e && *q >= '0' && *q <= '9' && q - l < 3)
			q++;
	}
	n = (size_t)(q - l);
	if (n == 0 || q >= e || *q != ')' || n + 1 > labsz)
		return NULL;
	q++;
	if (q < e && *q != ' ' && *q != '\t' && *q != '\r')
		return NULL;
	(void)paren;
	memcpy(label, l, n);
	label[n] = '\0';
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	return q;
}

static int
add_answer(struct quiz_question *qq, const char *s, size_t n)
{
	char **a = realloc(qq->answers, (qq->nanswers + 1) * sizeof(*a));

	if (a == NULL)
		return -1;
	qq->answers = a;
	if ((a[qq->nanswers] = strndup(s, n)) == NULL)
		return -1;
	qq->nanswers++;
	return 0;
}

/* Fills the question from its header's attributes. Returns 0, or -1 (ENOMEM). */
static int
question_from_attrs(struct quiz_question *qq, const struct attr *a, int *answer_given)
{
	int multiple = attr_has_class(a, "multiple"), fillin = attr_has_class(a, "fillin");
	const char *g = attr_get(a, "group");

	qq->type = fillin ? QUIZ_FILLIN : multiple ? QUIZ_MULTIPLE : QUIZ_SINGLE;
	if (a->id != NULL && (qq->id = strdup(a->id)) == NULL)
		return -1;
	if (g != NULL && (qq->group = strdup(g)) == NULL)
		return -1;
	*answer_given = 0;
	for (size_t i = 0; i < a->nkvs; i++) {
		const char *v = a->kvs[i].value;

		if (strcmp(a->kvs[i].key, "answer") != 0 && strcmp(a->kvs[i].key, "answers") != 0)
			continue;
		*answer_given = 1;
		if (fillin) {
			if (add_answer(qq, v, strlen(v)))
				return -1;
			continue;
		}
		while (*v != '\0') {
			size_t n = strcspn(v, ", \t");

			if (n > 0 && add_answer(qq, v, n))
				return -1;
			v += n;
			v += strspn(v, ", \t");
		}
	}
	return 0;
}

static void
question_free(struct quiz_question *qq)
{
	free(qq->id);
	free(qq->title);
	free(qq->group);
	for (size_t i = 0; i < qq->nanswers; i++)
		free(qq->answers[i]);
	free(qq->answers);
	for (size_t i = 0; i < qq->noptions; i++)
		free(qq->options[i].label);
	free(qq->options);
	memset(qq, 0, sizeof(*qq));
}

void
quiz_free(struct quiz *q)
{
	for (size_t i = 0; i < q->nquestions; i++)
		question_free(&q->questions[i]);
	free(q->questions);
	memset(q, 0, sizeof(*q));
}

/* Checks a finished question. */
static void
check_question(const char *file, struct diags *d, const struct quiz_question *qq,
    int answer_given)
{
	unsigned line = qq->header.line, col = qq->header.column;

	if (!answer_given) {
		diag_report(d, DIAG_ERROR, file, line, col, "question without an answer: "
		    "add answer=... to its attributes");
		return;
	}
	if (qq->type == QUIZ_FILLIN)
		return;
	if (qq->noptions == 0) {
		diag_report(d, DIAG_ERROR, file, line, col, "question without options: "
		    "write them as lines \"(a) ...\", \"(b) ...\" (or make it .fillin)");
		return;
	}
	if (qq->type == QUIZ_SINGLE && qq->nanswers != 1)
		diag_report(d, DIAG_ERROR, file, line, col, "a single-choice question has "
		    "exactly one answer (this one has %zu): add .multiple for more", qq->nanswers);
	for (size_t i = 0; i < qq->nanswers; i++) {
		size_t k;

		for (k = 0; k < qq->noptions; k++)
			if (strcmp(qq->options[k].label, qq->answers[i]) == 0)
				break;
		if (k == qq->noptions)
			diag_report(d, DIAG_ERROR, file, line, col, "answer \"%s\" is not one of "
			    "the question's options", qq->answers[i]);
		for (k = 0; k < i; k++)
			if (strcmp(qq->answers[k], qq->answers[i]) == 0)
				diag_report(d, DIAG_WARNING, file, line, col,
				    "answer \"%s\" is given twice", qq->answers[i]);
	}
}

/* Where the lines of the current question go. */
enum { IN_TEXT, IN_OPTIONS, IN_AFTER };

/* The parse of one page, line by line. */
struct parser {
	const char *body;
	size_t len;
	const char *file;
	struct diags *d;
	struct quiz *q;
	struct quiz_question *cur;	/* the question being read, or NULL */
	int state;			/* IN_ */
	int prev_blank;			/* the previous line was blank */
	int answer_given;		/* cur has an answer= */
	const char *prev_group;		/* the previous question's group */
};

/*
 * Line L is a question's header, whose attributes A start at BRACE: ends
 * the current question and starts the next. Returns 0, or -1 (ENOMEM).
 */
static int
start_question(struct parser *ps, const struct scan_line *l, const char *brace,
    const struct attr *a)
{
	const char *body = ps->body;
	struct quiz *q = ps->q;
	struct quiz_question *v, *cur = ps->cur;
	size_t here = (size_t)(l->start - body);

	if (cur != NULL) {
		(ps->state == IN_TEXT ? &cur->text : &cur->after)->end = here;
		check_question(ps->file, ps->d, cur, ps->answer_given);
	} else {
		q->preamble.end = here;
	}
	v = realloc(q->questions, (q->nquestions + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	q->questions = v;
	cur = ps->cur = &v[q->nquestions++];
	memset(cur, 0, sizeof(*cur));
	if (question_from_attrs(cur, a, &ps->answer_given))
		return -1;
	if (attr_has_class(a, "multiple") && attr_has_class(a, "fillin"))
		diag_report(ps->d, DIAG_ERROR, ps->file, l->line, column_of(body, brace),
		    "a question is .multiple or .fillin, not both");
	/* Consecutive questions of one group form one unit. */
	if (!(cur->group != NULL && ps->prev_group != NULL &&
	    strcmp(cur->group, ps->prev_group) == 0))
		q->nunits++;
	cur->unit = (unsigned)q->nunits - 1;
	ps->prev_group = cur->group;
	cur->header = range_at(body, l->start, l->line);
	cur->header.end = (size_t)(l->next - body);
	cur->header.column = column_of(body, brace);
	cur->text = range_at(body, l->next, l->line + 1);
	cur->text.end = ps->len;
	ps->state = IN_TEXT;
	ps->prev_blank = 0;
	return 0;
}

/*
 * Line L starts option LABEL, whose text starts at CONTENT. Returns 0, or
 * -1 (ENOMEM).
 */
static int
add_option(struct parser *ps, const struct scan_line *l, const char *label,
    const char *content)
{
	const char *body = ps->body;
	struct quiz_question *cur = ps->cur;
	struct quiz_option *o;

	if (ps->state == IN_TEXT) {
		cur->text.end = (size_t)(l->start - body);
		ps->state = IN_OPTIONS;
	} else {
		o = &cur->options[cur->noptions - 1];
		if (o->text.end < o->text.start)
			o->text.end = o->text.start;
	}
	for (size_t k = 0; k < cur->noptions; k++)
		if (strcmp(cur->options[k].label, label) == 0)
			diag_report(ps->d, DIAG_ERROR, ps->file, l->line, column_of(body, l->start),
			    "option (%s) is given twice", label);
	o = realloc(cur->options, (cur->noptions + 1) * sizeof(*o));
	if (o == NULL)
		return -1;
	cur->options = o;
	o = &o[cur->noptions++];
	memset(o, 0, sizeof(*o));
	if ((o->label = strdup(label)) == NULL)
		return -1;
	o->text = range_at(body, content, l->line);
	o->text.end = (size_t)(l->next - body);
	o->indent = (size_t)(content - l->start);
	cur->after = range_at(body, l->next, l->line + 1);
	cur->after.end = ps->len;
	ps->prev_blank = 0;
	return 0;
}

/* Line L, among the options and no option's start: continues the last
   option, or ends them. */
static void
continue_option(struct parser *ps, const struct scan_line *l, int blank)
{
	const char *body = ps->body, *tend;
	struct quiz_question *cur = ps->cur;
	struct quiz_option *o = &cur->options[cur->noptions - 1];
	int header = l->text && atx_header(l->start, l->end, &tend) != NULL;

	if (!blank && !header && (!ps->prev_blank || scan_indent(l->start, l->end) > 0)) {
		o->text.end = (size_t)(l->next - body);
		cur->after = range_at(body, l->next, l->line + 1);
		cur->after.end = ps->len;
	} else if (!blank) {
		cur->after = range_at(body, l->start, l->line);
		cur->after.end = ps->len;
		ps->state = IN_AFTER;
	}
}

/* Explicit ids are unique (auto ids are made so by the renderer). */
static void
check_ids(const struct quiz *q, const char *file, struct diags *d)
{
	for (size_t i = 0; i < q->nquestions; i++)
		for (size_t k = 0; k < i && q->questions[i].id != NULL; k++)
			if (q->questions[k].id != NULL &&
			    strcmp(q->questions[k].id, q->questions[i].id) == 0)
				diag_report(d, DIAG_ERROR, file, q->questions[i].header.line,
				    q->questions[i].header.column, "question id \"%s\" is used "
				    "twice", q->questions[i].id);
}

int
quiz_parse(const char *body, size_t len, const char *file, struct diags *d,
    struct quiz *q)
{
	struct parser ps = { .body = body, .len = len, .file = file, .d = d, .q = q,
		.state = IN_TEXT };
	unsigned errors = d->errors;
	struct scan sc;
	struct scan_line l;

	memset(q, 0, sizeof(*q));
	q->preamble = range_at(body, body, 1);
	q->preamble.end = len;
	scan_init(&sc, body, len, 1);
	while (scan_next(&sc, &l)) {
		int blank = scan_blank(l.start, l.end);
		const char *t, *tend, *brace, *content;
		char label[16];
		struct attr a;

		if (l.text && (t = atx_header(l.start, l.end, &tend)) != NULL) {
			brace = attr_parse_trailing(t, tend, &a);
			if (brace != NULL && attr_has_class(&a, "question")) {
				int rc = start_question(&ps, &l, brace, &a);

				attr_free(&a);
				if (rc)
					goto nomem;
				continue;
			}
			if (brace != NULL)
				attr_free(&a);
		}
		if (ps.cur == NULL || ps.cur->type == QUIZ_FILLIN) {
			ps.prev_blank = blank;
			continue;
		}
		content = l.text ? option_marker(l.start, l.end, label, sizeof(label)) : NULL;
		if (content != NULL && ps.state != IN_AFTER) {
			if (add_option(&ps, &l, label, content))
				goto nomem;
			continue;
		}
		if (ps.state == IN_OPTIONS)
			continue_option(&ps, &l, blank);
		ps.prev_blank = blank;
	}
	if (ps.cur != NULL) {
		(ps.state == IN_TEXT ? &ps.cur->text : &ps.cur->after)->end = len;
		check_question(file, d, ps.cur, ps.answer_given);
	}
	check_ids(q, file, d);
	return d->errors == errors ? 0 : -1;
nomem:
	diag_error(d, file, 0, "out of memory");
	return -1;
}
