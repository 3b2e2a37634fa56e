/*
 * test_form.c - query, form and cookie parsing; a submission's form; redirect
 * targets (open-redirect attempts); CSV records; logins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/auth.h"
#include "fcgi/csv.h"
#include "fcgi/form.h"
#include "tests/tap.h"

static void
test_decode(void)
{
	char out[64];

	is_int(form_decode("a%20b+c", 7, out, 1), 5, "decode length");
	is_str(out, "a b c", "percent and plus decoded");
	form_decode("a+b", 3, out, 0);
	is_str(out, "a+b", "plus kept outside forms");
	is_int(form_decode("%4", 2, out, 1), -1, "truncated escape refused");
	is_int(form_decode("%zz", 3, out, 1), -1, "bad hex refused");
	is_int(form_decode("%00", 3, out, 1), -1, "encoded NUL refused");
	is_int(form_decode("%C3%A9", 6, out, 1), 2, "UTF-8 bytes decoded");
	is_int(form_decode("", 0, out, 1), 0, "empty input");
}

static void
test_get(void)
{
	const char *q = "login=al%40ice&password=p%26w+1&empty=&flag&login=second";
	char *v = NULL;

	is_int(form_get(q, strlen(q), "login", &v), 0, "login found");
	is_str(v, "al@ice", "first value wins, decoded");
	free(v);
	is_int(form_get(q, strlen(q), "password", &v), 0, "password found");
	is_str(v, "p&w 1", "escaped & and + decoded");
	free(v);
	is_int(form_get(q, strlen(q), "empty", &v), 0, "empty value found");
	is_str(v, "", "empty value is empty");
	free(v);
	is_int(form_get(q, strlen(q), "flag", &v), 0, "key without = found");
	free(v);
	is_int(form_get(q, strlen(q), "missing", &v), 1, "absent key");
	ok(v == NULL, "absent key leaves NULL");
	is_int(form_get("a=%zz", 5, "a", &v), -1, "malformed value refused");
	is_int(form_get("exercise=c/hello", 8, "exercise", &v), 0, "length bound honoured");
	is_str(v, "", "value cut at the given length");
	free(v);
	is_int(form_get("&&a=1&&", 7, "a", &v), 0, "empty pairs skipped");
	is_str(v, "1", "value after empty pairs");
	free(v);
}

static void
test_cookie(void)
{
	char out[64];

	is_int(form_cookie("a=1; assay_session=tok; b=2", "assay_session", out, sizeof(out)), 0,
	    "cookie found among others");
	is_str(out, "tok", "cookie value");
	is_int(form_cookie("xassay_session=1", "assay_session", out, sizeof(out)), 1,
	    "a longer name does not match");
	is_int(form_cookie("assay_session=\"q\"", "assay_session", out, sizeof(out)), 0,
	    "quoted value");
	is_str(out, "q", "quotes removed");
	is_int(form_cookie("assay_session=0123456789", "assay_session", out, 5), -1,
	    "too long for the buffer");
	is_int(form_cookie("", "assay_session", out, sizeof(out)), 1, "empty header");
	is_int(form_cookie(";;; ;", "assay_session", out, sizeof(out)), 1, "only separators");
}

static void csv_limits(struct csv *c);

static void
test_csv(void)
{
	const char *text = "login,password,role\r\nann,\"p,w\",admin\n\n\"b\"\"ob\",\"multi\nline\"\n";
	struct csv *c = malloc(sizeof(*c));

	csv_init(c, text, strlen(text));
	is_int(csv_next(c), 1, "header record");
	is_int(c->nfields, 3, "three header fields");
	is_int(csv_next(c), 1, "first record");
	is_int(c->line, 2, "first record on line 2");
	is_str(c->field[1], "p,w", "quoted comma kept");
	is_int(csv_next(c), 1, "record after a blank line");
	is_int(c->line, 4, "blank line counted");
	is_str(c->field[0], "b\"ob", "doubled quote");
	is_str(c->field[1], "multi\nline", "quoted newline");
	is_int(csv_next(c), 0, "end");

	csv_init(c, "a,\"b\n", 5);
	is_int(csv_next(c), -1, "unterminated quote refused");
	ok(c->error && strstr(c->error, "unterminated"), "error says why: %s", c->error);
	csv_init(c, "a,b\"c\n", 6);
	is_int(csv_next(c), -1, "stray quote refused");
	csv_init(c, "\"a\"b\n", 5);
	is_int(csv_next(c), -1, "text after closing quote refused");
	csv_init(c, "x", 1);
	is_int(csv_next(c), 1, "record without final newline");
	is_str(c->field[0], "x", "its field");
	csv_limits(c);
	free(c);
}

/* The bounds of a field and a record, quoted or not: each error says why. */
static void
csv_limits(struct csv *c)
{
	size_t len = CSV_FIELD_MAX + 8;
	char *text = malloc(len + 1);
	char line[CSV_FIELDS_MAX * 2 + 4];

	csv_init(c, "a,b\0c\n", 6);
	is_int(csv_next(c), -1, "NUL byte in an unquoted field refused");
	is_str(c->error, "NUL byte in a field", "... saying so");
	csv_init(c, "\"b\0c\"\n", 6);
	is_int(csv_next(c), -1, "NUL byte in a quoted field refused");
	is_str(c->error, "NUL byte in a field", "... saying so");

	memset(text, 'x', CSV_FIELD_MAX);
	csv_init(c, text, CSV_FIELD_MAX);
	is_int(csv_next(c), 1, "a field of CSV_FIELD_MAX bytes is read");
	is_int(strlen(c->field[0]), CSV_FIELD_MAX, "... whole");
	csv_init(c, text, CSV_FIELD_MAX + 1);
	text[CSV_FIELD_MAX] = 'x';
	is_int(csv_next(c), -1, "one byte more is refused");
	is_str(c->error, "field too long", "... saying so");
	text[0] = '"';
	text[CSV_FIELD_MAX + 1] = '"';
	csv_init(c, text, CSV_FIELD_MAX + 2);
	is_int(csv_next(c), 1, "a quoted field of CSV_FIELD_MAX bytes is read");
	memset(text + 1, 'x', CSV_FIELD_MAX);
	memcpy(text + CSV_FIELD_MAX + 1, "\"\"\"", 3);	/* a doubled quote, the closing one */
	csv_init(c, text, CSV_FIELD_MAX + 4);
	is_int(csv_next(c), -1, "a doubled quote past the limit is refused");
	is_str(c->error, "field too long", "... saying so");

	for (size_t i = 0; i < CSV_FIELDS_MAX; i++)
		memcpy(line + 2 * i, "a,", 2);
	line[2 * CSV_FIELDS_MAX - 1] = '\n';
	csv_init(c, line, 2 * CSV_FIELDS_MAX);
	is_int(csv_next(c), 1, "CSV_FIELDS_MAX fields are read");
	is_int(c->nfields, CSV_FIELDS_MAX, "... all of them");
	memcpy(line + 2 * CSV_FIELDS_MAX - 1, ",a\n", 3);
	csv_init(c, line, 2 * CSV_FIELDS_MAX + 2);
	is_int(csv_next(c), -1, "one field more is refused");
	is_str(c->error, "too many fields", "... saying so");
	free(text);
}

static void
test_auth(void)
{
	char hash[AUTH_HASH_MAX], token[AUTH_TOKEN_LEN + 1], token2[AUTH_TOKEN_LEN + 1];
	unsigned char d1[AUTH_DIGEST_LEN], d2[AUTH_DIGEST_LEN];

	ok(auth_login_valid("alice"), "plain login valid");
	ok(auth_login_valid("a.b-c_d@x.org"), "email-like login valid");
	ok(!auth_login_valid(""), "empty login invalid");
	ok(!auth_login_valid("-rf"), "login starting with - invalid");
	ok(!auth_login_valid("a b"), "login with space invalid");
	ok(!auth_login_valid("a/b"), "login with slash invalid");

	is_int(auth_hash_password("secret", hash), 0, "hash a password");
	ok(strncmp(hash, "$y$", 3) == 0, "yescrypt hash: %.12s...", hash);
	ok(auth_check_password("secret", hash), "right password accepted");
	ok(!auth_check_password("Secret", hash), "wrong password refused");
	ok(!auth_check_password("secret", NULL), "no hash: refused");
	ok(!auth_check_password("secret", "garbage"), "malformed hash: refused");

	is_int(auth_new_token(token, d1), 0, "new token");
	is_int(strlen(token), AUTH_TOKEN_LEN, "token length");
	is_int(auth_token_digest(token, d2), 0, "digest of a token");
	ok(memcmp(d1, d2, sizeof(d1)) == 0, "digest matches the one made with the token");
	auth_new_token(token2, d2);
	ok(strcmp(token, token2) != 0, "tokens differ");
	is_int(auth_token_digest("short", d2), -1, "short token refused");
	token[5] = '=';
	is_int(auth_token_digest(token, d2), -1, "non-base64url token refused");
}

static void
test_next(void)
{
	const char *q = "a=1&&b&c=x%20y+z&=e";
	size_t pos = 0;
	char *k, *v;

	is_int(form_next(q, strlen(q), &pos, &k, &v), 0, "first pair");
	ok(strcmp(k, "a") == 0 && strcmp(v, "1") == 0, "a=1");
	free(k), free(v);
	is_int(form_next(q, strlen(q), &pos, &k, &v), 0, "empty pair skipped");
	ok(strcmp(k, "b") == 0 && strcmp(v, "") == 0, "a key without =: empty value");
	free(k), free(v);
	is_int(form_next(q, strlen(q), &pos, &k, &v), 0, "third pair");
	is_str(v, "x y z", "decoded value");
	free(k), free(v);
	is_int(form_next(q, strlen(q), &pos, &k, &v), 0, "an empty key");
	ok(strcmp(k, "") == 0 && strcmp(v, "e") == 0, "=e");
	free(k), free(v);
	is_int(form_next(q, strlen(q), &pos, &k, &v), 1, "the end");
	pos = 0;
	is_int(form_next("a=%zz&b=1", 9, &pos, &k, &v), -1, "a malformed pair refused");
	ok(k == NULL && v == NULL, "nothing to free after a refusal");
}

/* form_submission() of FORM as compact JSON, or "ERR: message". */
static char *
submission(const char *form)
{
	json_t *o = NULL;
	char err[256], *text;

	if (form_submission(form, strlen(form), &o, err, sizeof(err)) != 0) {
		if (o != NULL)
			return strdup("ERR with an object");
		text = malloc(strlen(err) + 6);
		sprintf(text, "ERR: %s", err);
		return text;
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

static void
test_submission(void)
{
	static const struct {
		const char *form, *want, *what;
	} cases[] = {
		{ "exercise=c%2Fhello&language=c&code=int+main%28%29%0D%0A%7B%7D%0D%0A",
		  "{\"code\":\"int main()\\n{}\\n\",\"exercise\":\"c/hello\",\"language\":\"c\"}",
		  "code: CR LF lines become LF" },
		{ "exercise=q&quiz=1&answer.b=z&answer.a=c&answer.a=a&answer.f=&answer.g=42",
		  "{\"answers\":{\"a\":[\"a\",\"c\"],\"b\":[\"z\"],\"f\":[],\"g\":[\"42\"]},"
		  "\"exercise\":\"q\"}", "a quiz: answers by question, sorted, empty ones dropped" },
		{ "exercise=q&quiz=1", "{\"answers\":{},\"exercise\":\"q\"}",
		  "an unanswered quiz" },
		{ "exercise=q&answer.exercise=b",
		  "{\"answers\":{\"exercise\":[\"b\"]},\"exercise\":\"q\"}",
		  "a question called exercise is no field" },
		{ "exercise=c&code=%0D", "{\"code\":\"\\r\",\"exercise\":\"c\"}",
		  "a lone CR kept" },
		{ "exercise=a&exercise=b", "ERR: the field \"exercise\" is given twice",
		  "a field twice refused" },
		{ "exercise=a&quiz=1&quiz=1", "ERR: the field \"quiz\" is given twice",
		  "quiz twice refused" },
		{ "exercise=a&colour=red", "ERR: unknown field \"colour\": expected exercise, "
		  "language and code, or for a quiz answer.QUESTION fields", "an unknown field" },
		{ "code=%FF", "ERR: the form's text is not UTF-8", "not UTF-8" },
		{ "code=%C0%AF", "ERR: the form's text is not UTF-8", "an overlong form" },
		{ "code=%00", "ERR: the form is malformed (a bad %-escape, or an encoded NUL)",
		  "an encoded NUL" },
		{ "code=%4", "ERR: the form is malformed (a bad %-escape, or an encoded NUL)",
		  "a cut escape" },
		{ "", "{}", "an empty form: the checks after say what is missing" },
	};
	char *big, *got;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		got = submission(cases[i].form);
		is_str(got, cases[i].want, "%s", cases[i].what);
		free(got);
	}
	big = malloc(FORM_PAIRS_MAX * 10 + 16);
	for (i = 0; i <= FORM_PAIRS_MAX; i++)
		memcpy(big + i * 10, "&answer.q=", 10);
	big[(FORM_PAIRS_MAX + 1) * 10] = '\0';
	got = submission(big);
	ok(strncmp(got, "ERR: the form has more than", 27) == 0, "too many fields refused: %s", got);
	free(got);
	free(big);
}

static void
test_target(void)
{
	static const char *const good[] = { "/", "/c/hello.html", "/index.html",
		"/c/caf\xc3\xa9.html", "/a b.html", "/x?y=1#z" };
	static const char *const bad[] = { "", "c/hello.html", "//evil.example", "///evil",
		"/\\evil.example", "\\\\evil", "http://evil.example/", "https:evil",
		"javascript:alert(1)", "/%2F/evil", "%2F%2Fevil", "/%5Cevil", "/%0d%0aSet-Cookie:x",
		"/c\r\nSet-Cookie: x=1", "/c\nx", "/\t/evil", "/a\\b", "/\x7f" };
	char *longp = malloc(1100);
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(*good); i++)
		ok(form_target_ok(good[i]), "target %s allowed", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(!form_target_ok(bad[i]), "target #%zu refused", i);
	ok(!form_target_ok(NULL), "no target refused");
	memset(longp, 'a', 1099);
	longp[0] = '/';
	longp[1099] = '\0';
	ok(!form_target_ok(longp), "a target of 1099 bytes refused");
	longp[1024] = '\0';
	ok(form_target_ok(longp), "one of 1024 allowed");
	free(longp);
}

int
main(void)
{
	test_next();
	test_submission();
	test_target();
	test_decode();
	test_get();
	test_cookie();
	test_csv();
	test_auth();
	return tap_done();
}
