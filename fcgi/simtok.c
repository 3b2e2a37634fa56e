/*
 * simtok.c - a normalising tokenizer of C/C++ and Python; see simtok.h.
 *
 * One pass over the bytes with a cursor that is checked against the end
 * before every read (peek() answers 0 past the end). Keywords and
 * operators are looked up in small tables: the operators longest first, so
 * that `<<=` is one token.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/simtok.h"

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
	"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
	"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
	"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
	"bool", "true", "false", "class", "namespace", "template", "typename", "public",
	"private", "protected", "virtual", "new", "delete", "this", "using", "operator",
	"try", "catch", "throw", "nullptr", "const_cast", "static_cast", "dynamic_cast",
	"reinterpret_cast", "friend", "explicit", "constexpr", "override", "final",
	"noexcept", "decltype", "mutable", NULL
};

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await", "break",
	"class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
	"from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
	"pass", "raise", "return", "try", "while", "with", "yield", NULL
};

/* Longest first within each table: the first that matches is taken. */
static const char *const c_ops[] = {
	">>=", "<<=", "...", "->*", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=",
	"&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "::", "##",
	"+", "-", "*", "/", "%", "<", ">", "=", "!", "&", "|", "^", "~", "?", ":", ";",
	",", ".", "(", ")", "[", "]", "{", "}", "#", NULL
};

static const char *const py_ops[] = {
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=",
	"==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
	"+", "-", "*", "/", "%", "@", "<", ">", "=", "&", "|", "^", "~", "(", ")", "[",
	"]", "{", "}", ",", ":", ".", ";", NULL
};

struct scan {
	const char *p, *end;
	uint32_t line;
	struct simtok *t;
	size_t n, cap;
	int nomem;
	/* Python: brackets open, the indentation stack, at a line's start */
	int depth, nindent, bol;
	unsigned indent[SIMTOK_MAXDEPTH];
};

static int
peek(const struct scan *s, size_t i)
{
	return (size_t)(s->end - s->p) > i ? (unsigned char)s->p[i] : 0;
}

static void
emit(struct scan *s, unsigned kind, uint32_t line)
{
	if (s->nomem)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct simtok *t = realloc(s->t, cap * sizeof(*t));

		if (t == NULL) {
			s->nomem = 1;
			return;
		}
		s->t = t;
		s->cap = cap;
	}
	s->t[s->n].kind = (uint16_t)kind;
	s->t[s->n++].line = line;
}

static int
is_idstart(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
	    c >= 0x80;
}

static int
is_idchar(int c)
{
	return is_idstart(c) || (c >= '0' && c <= '9');
}

/* The kind of the word P[0..LEN): a keyword of TABLE, or SIMTOK_ID. */
static unsigned
word_kind(const char *const *table, const char *p, size_t len)
{
	for (size_t i = 0; table[i] != NULL; i++)
		if (strlen(table[i]) == len && memcmp(table[i], p, len) == 0)
			return SIMTOK_KEYWORD + (unsigned)i;
	return SIMTOK_ID;
}

/* Emits the operator at the cursor (or SIMTOK_OTHER for one byte) and moves past it. */
static void
scan_op(struct scan *s, const char *const *table)
{
	size_t left = (size_t)(s->end - s->p);

	for (size_t i = 0; table[i] != NULL; i++) {
		size_t len = strlen(table[i]);

		if (len <= left && memcmp(table[i], s->p, len) == 0) {
			emit(s, SIMTOK_OP + (unsigned)i, s->line);
			s->p += len;
			return;
		}
	}
	emit(s, SIMTOK_OTHER, s->line);
	s->p++;
}

/* A number: digits, letters, dots, C's digit separators and exponents' signs. */
static void
scan_number(struct scan *s)
{
	emit(s, SIMTOK_NUM, s->line);
	while (s->p < s->end) {
		int c = peek(s, 0);

		if ((c == '+' || c == '-') && strchr("eEpP", s->p[-1]) != NULL)
			s->p++;
		else if (is_idchar(c) || c == '.' || c == '\'')
			s->p++;
		else
			break;
	}
}

/*
 * A quoted literal from the cursor (on the opening quote Q): up to the
 * closing quote, a backslash escaping the next byte; one not closed ends
 * at the line's end (or the input's). TRIPLE: Python's ''' or """, which
 * spans lines.
 */
static void
scan_quoted(struct scan *s, unsigned kind, int q, int triple)
{
	emit(s, kind, s->line);
	s->p += triple ? 3 : 1;
	while (s->p < s->end) {
		int c = peek(s, 0);

		if (c == '\\' && s->p + 1 < s->end) {
			if (s->p[1] == '\n')
				s->line++;
			s->p += 2;
		} else if (c == q && (!triple || (peek(s, 1) == q && peek(s, 2) == q))) {
			s->p += triple ? 3 : 1;
			return;
		} else if (c == '\n' && !triple) {
			return;
		} else {
			if (c == '\n')
				s->line++;
			s->p++;
		}
	}
}

/* Skips a C comment at the cursor, if there is one: 1 when it did. */
static int
c_comment(struct scan *s)
{
	if (peek(s, 0) != '/')
		return 0;
	if (peek(s, 1) == '/') {
		while (s->p < s->end && *s->p != '\n')
			s->p++;
		return 1;
	}
	if (peek(s, 1) != '*')
		return 0;
	s->p += 2;
	while (s->p < s->end && !(peek(s, 0) == '*' && peek(s, 1) == '/')) {
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
	s->p += s->p < s->end ? 2 : 0;
	return 1;
}

static void
scan_c(struct scan *s)
{
	while (s->p < s->end && !s->nomem) {
		int c = peek(s, 0);

		if (c == '\n') {
			s->line++;
			s->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
		    (c == '\\' && peek(s, 1) == '\n')) {
			s->p++;
		} else if (c_comment(s)) {
			continue;
		} else if (c == '"') {
			scan_quoted(s, SIMTOK_STR, '"', 0);
		} else if (c == '\'') {
			scan_quoted(s, SIMTOK_CHR, '\'', 0);
		} else if ((c >= '0' && c <= '9') || (c == '.' && peek(s, 1) >= '0' &&
		    peek(s, 1) <= '9')) {
			scan_number(s);
		} else if (is_idstart(c)) {
			const char *w = s->p;

			while (s->p < s->end && is_idchar(peek(s, 0)))
				s->p++;
			/* L"", u8"", U'': an encoding prefix, not a name */
			if ((peek(s, 0) == '"' || peek(s, 0) == '\'') && s->p - w <= 2 &&
			    strchr("LuU8", *w) != NULL)
				continue;
			emit(s, word_kind(c_keywords, w, (size_t)(s->p - w)), s->line);
		} else {
			scan_op(s, c_ops);
		}
	}
}

/*
 * At the start of a Python line: measures its indentation and, when the
 * line holds code, emits the INDENTs or DEDENTs it makes. The cursor ends
 * on the first byte that is not a blank.
 */
static void
py_indent(struct scan *s)
{
	unsigned col = 0;

	s->bol = 0;
	for (;; s->p++) {
		int c = peek(s, 0);

		if (c == ' ')
			col++;
		else if (c == '\t')
			col = (col / 8 + 1) * 8;
		else if (c != '\f' || s->p >= s->end)
			break;
	}
	if (s->p >= s->end || strchr("#\r\n", peek(s, 0)) != NULL)
		return;		/* blank or a comment: its indentation means nothing */
	if (s->nindent > 0 && col > s->indent[s->nindent - 1]) {
		if (s->nindent < SIMTOK_MAXDEPTH)
			s->indent[s->nindent++] = col;
		emit(s, SIMTOK_INDENT, s->line);
	} else if (s->nindent == 0 && col > 0) {
		s->indent[s->nindent++] = col;
		emit(s, SIMTOK_INDENT, s->line);
	}
	while (s->nindent > 0 && col < s->indent[s->nindent - 1]) {
		s->nindent--;
		emit(s, SIMTOK_DEDENT, s->line);
	}
}

/* A Python string at the cursor, on its opening quote. */
static void
py_string(struct scan *s)
{
	int q = peek(s, 0);

	scan_quoted(s, SIMTOK_STR, q, peek(s, 1) == q && peek(s, 2) == q);
}

/* A Python word at the cursor: a keyword, a name, or a string's prefix. */
static void
py_word(struct scan *s)
{
	const char *w = s->p;

	while (s->p < s->end && is_idchar(peek(s, 0)))
		s->p++;
	if ((peek(s, 0) == '"' || peek(s, 0) == '\'') && s->p - w <= 3) {
		const char *q = w;

		while (q < s->p && strchr("rRbBuUfF", *q) != NULL && *q != '\0')
			q++;
		if (q == s->p) {
			py_string(s);
			return;
		}
	}
	emit(s, word_kind(py_keywords, w, (size_t)(s->p - w)), s->line);
}

static void
scan_python(struct scan *s)
{
	size_t mark = 0;	/* tokens when the logical line began */

	s->bol = 1;
	while (s->p < s->end && !s->nomem) {
		int c;

		if (s->bol && s->depth == 0) {
			py_indent(s);
			mark = s->n;
			continue;
		}
		c = peek(s, 0);
		if (c == '\n') {
			if (s->depth == 0 && s->n > mark)
				emit(s, SIMTOK_NEWLINE, s->line);
			s->line++;
			s->p++;
			s->bol = 1;
			mark = s->n;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			s->p++;
		} else if (c == '\\' && peek(s, 1) == '\n') {
			s->p += 2;
			s->line++;
		} else if (c == '#') {
			while (s->p < s->end && *s->p != '\n')
				s->p++;
		} else if (c == '"' || c == '\'') {
			py_string(s);
		} else if ((c >= '0' && c <= '9') || (c == '.' && peek(s, 1) >= '0' &&
		    peek(s, 1) <= '9')) {
			scan_number(s);
		} else if (is_idstart(c)) {
			py_word(s);
		} else {
			if (c == '(' || c == '[' || c == '{')
				s->depth++;
			else if ((c == ')' || c == ']' || c == '}') && s->depth > 0)
				s->depth--;
			scan_op(s, py_ops);
		}
	}
	if (s->n > mark && s->depth == 0)
		emit(s, SIMTOK_NEWLINE, s->line);
	while (s->nindent-- > 0)
		emit(s, SIMTOK_DEDENT, s->line);
}

int
simtok_lang_parse(const char *name, enum simtok_lang *out)
{
	static const char *const c[] = { "c", "cpp", "c++", "cc", "cxx", NULL };
	static const char *const py[] = { "python", "python3", "py", NULL };

	for (size_t i = 0; name != NULL && c[i] != NULL; i++)
		if (strcmp(name, c[i]) == 0) {
			*out = SIMTOK_C;
			return 0;
		}
	for (size_t i = 0; name != NULL && py[i] != NULL; i++)
		if (strcmp(name, py[i]) == 0) {
			*out = SIMTOK_PYTHON;
			return 0;
		}
	return -1;
}

int
simtok_scan(enum simtok_lang lang, const char *src, size_t len, struct simtok **out,
    size_t *n)
{
	struct scan s = { .p = src, .end = src + len, .line = 1 };

	if (src == NULL)
		s.end = s.p;
	if (lang == SIMTOK_PYTHON)
		scan_python(&s);
	else
		scan_c(&s);
	if (s.nomem) {
		free(s.t);
		*out = NULL;
		*n = 0;
		return -1;
	}
	*out = s.t;
	*n = s.n;
	return 0;
}
