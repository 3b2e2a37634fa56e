/* spec.c - the exercise spec format; see spec.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/errmsg.h"

/* The N bytes of S and a NUL: not strndup(), which stops at a NUL byte
 * (test inputs may hold some). */
static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int
spec_id_valid(const char *id)
{
	size_t len = 0, seg = 0;

	for (const char *p = id; *p != '\0'; p++, len++) {
		char c = *p;

		if (c == '/') {
			if (seg == 0)
				return 0;
			seg = 0;
			continue;
		}
		if (c == '.' && seg == 0)
			return 0;	/* no "..", no hidden files */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return 0;
		seg++;
	}
	return len > 0 && len <= SPEC_ID_MAX && seg > 0;
}

struct spec *
spec_new(void)
{
	struct spec *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->feedback = 1;
	s->weight = 1;
	s->options = json_object();
	s->code = strdup("");
	if (s->options == NULL || s->code == NULL) {
		spec_free(s);
		return NULL;
	}
	return s;
}

void
spec_free(struct spec *s)
{
	if (s == NULL)
		return;
	free(s->id);
	free(s->title);
	free(s->tester);
	for (size_t i = 0; i < s->nlanguages; i++)
		free(s->languages[i]);
	free(s->languages);
	free(s->code);
	for (size_t i = 0; i < s->ntests; i++) {
		free(s->tests[i].name);
		free(s->tests[i].input);
		free(s->tests[i].output);
	}
	free(s->tests);
	json_decref(s->options);
	free(s);
}

int
spec_has_language(const struct spec *s, const char *lang)
{
	for (size_t i = 0; i < s->nlanguages; i++)
		if (strcmp(s->languages[i], lang) == 0)
			return 1;
	return 0;
}

int
spec_add_language(struct spec *s, const char *lang)
{
	char **l = realloc(s->languages, (s->nlanguages + 1) * sizeof(*l));

	if (l == NULL)
		return -1;
	s->languages = l;
	if ((l[s->nlanguages] = strdup(lang)) == NULL)
		return -1;
	s->nlanguages++;
	return 0;
}

int
spec_add_test(struct spec *s, const char *name, int public,
    const char *input, size_t input_len, const char *output, size_t output_len)
{
	struct spec_test *t = realloc(s->tests, (s->ntests + 1) * sizeof(*t));
	struct spec_test nt = { 0 };

	if (t == NULL)
		return -1;
	s->tests = t;
	nt.name = strdup(name);
	nt.public = public != 0;
	nt.input = dupn(input, input_len);
	nt.input_len = input_len;
	nt.output = dupn(output, output_len);
	nt.output_len = output_len;
	if (nt.name == NULL || nt.input == NULL || nt.output == NULL) {
		free(nt.name);
		free(nt.input);
		free(nt.output);
		return -1;
	}
	s->tests[s->ntests++] = nt;
	return 0;
}

json_t *
spec_to_json(const struct spec *s)
{
	json_t *j = json_object(), *langs = json_array(), *tests = json_array();
	json_t *lim = json_object();

	if (j == NULL || langs == NULL || tests == NULL || lim == NULL)
		goto err;
	for (size_t i = 0; i < s->nlanguages; i++)
		if (json_array_append_new(langs, json_string(s->languages[i])))
			goto err;
	for (size_t i = 0; i < s->ntests; i++) {
		const struct spec_test *t = &s->tests[i];
		json_t *o = json_pack("{s:s, s:b, s:s%, s:s%}", "name", t->name,
		    "public", t->public, "input", t->input, t->input_len,
		    "output", t->output, t->output_len);

		if (o == NULL || json_array_append_new(tests, o))
			goto err;
	}
#define LIM(f) \
	if (s->limits.f && json_object_set_new(lim, #f, json_integer(s->limits.f))) \
		goto err
	LIM(cpu_ms);
	LIM(wall_ms);
	LIM(memory_kib);
	LIM(output_kib);
	LIM(processes);
#undef LIM
	if (json_object_set_new(j, "format", json_integer(SPEC_FORMAT)) ||
	    json_object_set_new(j, "id", json_string(s->id ? s->id : "")) ||
	    json_object_set_new(j, "title", json_string(s->title ? s->title : "")) ||
	    json_object_set_new(j, "tester", json_string(s->tester ? s->tester : "")) ||
	    json_object_set_new(j, "languages", langs) ||
	    json_object_set_new(j, "code", json_string(s->code ? s->code : "")) ||
	    json_object_set_new(j, "feedback", json_boolean(s->feedback)) ||
	    json_object_set_new(j, "weight", s->weight == (double)(json_int_t)s->weight ?
	    json_integer((json_int_t)s->weight) : json_real(s->weight)) ||
	    json_object_set_new(j, "limits", lim) ||
	    json_object_set_new(j, "tests", tests) ||
	    json_object_set(j, "options", s->options ? s->options : json_object()))
		goto err_owned;
	return j;
err:
	json_decref(langs);
	json_decref(tests);
	json_decref(lim);
err_owned:
	json_decref(j);
	return NULL;
}

/* A required or optional string member, copied. */
static int
get_string(const json_t *j, const char *key, int required, char **out,
    size_t *lenp, char *err, size_t errlen)
{
	const json_t *v = json_object_get(j, key);

	*out = NULL;
	if (v == NULL) {
		if (required) {
			errmsg_set(err, errlen, "missing field \"%s\"", key);
			return -1;
		}
		*out = strdup("");
		if (lenp)
			*lenp = 0;
		return *out ? 0 : -1;
	}
	if (!json_is_string(v)) {
		errmsg_set(err, errlen, "field \"%s\" must be a string", key);
		return -1;
	}
	*out = dupn(json_string_value(v), json_string_length(v));
	if (lenp)
		*lenp = json_string_length(v);
	if (*out == NULL) {
		errmsg_set(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* The spec's "languages" into S. 0, or -1 with ERR (*OOM set when it was
 * memory). A quiz takes answers, not code: it has no languages. */
static int
spec_read_languages(const json_t *j, struct spec *s, int *oom, char *err,
    size_t errlen)
{
	const json_t *v = json_object_get(j, "languages"), *e;
	size_t i;

	if (!json_is_array(v) || (json_array_size(v) == 0 && strcmp(s->tester, "quiz") != 0)) {
		errmsg_set(err, errlen, "field \"languages\" must be a non-empty array");
		return -1;
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			errmsg_set(err, errlen, "languages[%zu] must be a string", i);
			return -1;
		}
		if (spec_add_language(s, json_string_value(e)))
			return *oom = 1, -1;
	}
	return 0;
}

/* The spec's "limits" (absent: none) into S->limits. 0, or -1 with ERR. */
static int
spec_read_limits(const json_t *j, struct spec *s, char *err, size_t errlen)
{
	const json_t *v = json_object_get(j, "limits");
	const char *key;
	json_t *lv;

	if (v == NULL)
		return 0;
	if (!json_is_object(v)) {
		errmsg_set(err, errlen, "field \"limits\" must be an object");
		return -1;
	}
	json_object_foreach((json_t *)v, key, lv) {
		unsigned *dst = NULL;

		if (strcmp(key, "cpu_ms") == 0)
			dst = &s->limits.cpu_ms;
		else if (strcmp(key, "wall_ms") == 0)
			dst = &s->limits.wall_ms;
		else if (strcmp(key, "memory_kib") == 0)
			dst = &s->limits.memory_kib;
		else if (strcmp(key, "output_kib") == 0)
			dst = &s->limits.output_kib;
		else if (strcmp(key, "processes") == 0)
			dst = &s->limits.processes;
		if (dst == NULL) {
			errmsg_set(err, errlen, "unknown limit \"%s\"", key);
			return -1;
		}
		if (!json_is_integer(lv) || json_integer_value(lv) < 0 ||
		    json_integer_value(lv) > 0xffffffffLL) {
			errmsg_set(err, errlen, "limit \"%s\" must be a non-negative integer", key);
			return -1;
		}
		*dst = (unsigned)json_integer_value(lv);
	}
	return 0;
}

/* The spec's "tests" (absent: none) into S, in order. 0, or -1 with ERR
 * (*OOM set when it was memory). */
static int
spec_read_tests(const json_t *j, struct spec *s, int *oom, char *err, size_t errlen)
{
	const json_t *v = json_object_get(j, "tests"), *e;
	size_t i;

	if (v != NULL && !json_is_array(v)) {
		errmsg_set(err, errlen, "field \"tests\" must be an array");
		return -1;
	}
	json_array_foreach(v, i, e) {
		const json_t *pub = json_object_get(e, "public");
		char *name = NULL, *in = NULL, *outp = NULL;
		size_t inlen = 0, outlen = 0;
		int rc;

		if (!json_is_object(e) || !json_is_boolean(pub)) {
			errmsg_set(err, errlen, "tests[%zu] must be an object with a boolean \"public\"", i);
			return -1;
		}
		if (get_string(e, "name", 1, &name, NULL, err, errlen) ||
		    get_string(e, "input", 0, &in, &inlen, err, errlen) ||
		    get_string(e, "output", 0, &outp, &outlen, err, errlen)) {
			free(name);
			free(in);
			free(outp);
			return -1;
		}
		rc = spec_add_test(s, name, json_is_true(pub), in, inlen, outp, outlen);
		free(name);
		free(in);
		free(outp);
		if (rc)
			return *oom = 1, -1;
	}
	return 0;
}

int
spec_from_json(const json_t *j, struct spec **out, char *err, size_t errlen)
{
	struct spec *s = NULL;
	const json_t *v;
	int oom = 0;

	*out = NULL;
	if (!json_is_object(j)) {
		errmsg_set(err, errlen, "a spec must be a JSON object");
		return -1;
	}
	v = json_object_get(j, "format");
	if (!json_is_integer(v) || json_integer_value(v) != SPEC_FORMAT) {
		errmsg_set(err, errlen, "field \"format\" must be %d", SPEC_FORMAT);
		return -1;
	}
	if ((s = spec_new()) == NULL) {
		errmsg_set(err, errlen, "out of memory");
		return -1;
	}
	free(s->code);
	s->code = NULL;
	if (get_string(j, "id", 1, &s->id, NULL, err, errlen) ||
	    get_string(j, "title", 0, &s->title, NULL, err, errlen) ||
	    get_string(j, "tester", 1, &s->tester, NULL, err, errlen) ||
	    get_string(j, "code", 0, &s->code, NULL, err, errlen))
		goto fail;
	if (!spec_id_valid(s->id)) {
		errmsg_set(err, errlen, "field \"id\" is not a valid exercise id");
		goto fail;
	}
	if (spec_read_languages(j, s, &oom, err, errlen))
		goto fail;
	v = json_object_get(j, "feedback");
	if (v != NULL) {
		if (!json_is_boolean(v)) {
			errmsg_set(err, errlen, "field \"feedback\" must be a boolean");
			goto fail;
		}
		s->feedback = json_is_true(v);
	}
	v = json_object_get(j, "weight");
	if (v != NULL) {
		if (!json_is_number(v) || !(json_number_value(v) >= 0) ||
		    json_number_value(v) > 1e15) {
			errmsg_set(err, errlen, "field \"weight\" must be a number >= 0");
			goto fail;
		}
		s->weight = json_number_value(v);
	}
	if (spec_read_limits(j, s, err, errlen) || spec_read_tests(j, s, &oom, err, errlen))
		goto fail;
	v = json_object_get(j, "options");
	if (v != NULL) {
		if (!json_is_object(v)) {
			errmsg_set(err, errlen, "field \"options\" must be an object");
			goto fail;
		}
		json_decref(s->options);
		s->options = json_deep_copy(v);
		if (s->options == NULL) {
			oom = 1;
			goto fail;
		}
	}
	*out = s;
	return 0;
fail:
	if (oom)
		errmsg_set(err, errlen, "out of memory");
	spec_free(s);
	return -1;
}

char *
spec_path(const char *specdir, const char *id)
{
	size_t n;
	char *p;

	if (!spec_id_valid(id))
		return NULL;
	n = strlen(specdir) + strlen(id) + sizeof("/.json");
	if ((p = malloc(n)) == NULL)
		return NULL;
	snprintf(p, n, "%s/%s.json", specdir, id);
	return p;
}

int
spec_load(const char *path, struct spec **out, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j;
	FILE *f;
	int rc;

	*out = NULL;
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return SPEC_NOTFOUND;
		errmsg_set(err, errlen, "%s: %s", path, strerror(errno));
		return SPEC_INVALID;
	}
	j = json_loadf(f, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	fclose(f);
	if (j == NULL) {
		errmsg_set(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
		return SPEC_INVALID;
	}
	{
		char msg[256];

		rc = spec_from_json(j, out, msg, sizeof(msg));
		if (rc)
			errmsg_set(err, errlen, "%s: %s", path, msg);
	}
	json_decref(j);
	return rc ? SPEC_INVALID : SPEC_OK;
}

/* mkdir -p of PATH's parent directory. */
static int
make_parents(const char *path)
{
	char *d = strdup(path);
	int rc = 0;

	if (d == NULL)
		return -1;
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0755) && errno != EEXIST)
			rc = -1;
		*p = '/';
		if (rc)
			break;
	}
	free(d);
	return rc;
}

int
spec_save(const struct spec *s, const char *path, char *err, size_t errlen)
{
	json_t *j = spec_to_json(s);
	FILE *f = NULL;
	int rc = -1;

	if (j == NULL) {
		errmsg_set(err, errlen, "out of memory");
		return -1;
	}
	if (make_parents(path) || (f = fopen(path, "we")) == NULL) {
		errmsg_set(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (json_dumpf(j, f, JSON_INDENT(1) | JSON_SORT_KEYS) || fputc('\n', f) == EOF) {
		errmsg_set(err, errlen, "%s: write failed", path);
		goto out;
	}
	rc = 0;
out:
	if (f != NULL && fclose(f) && rc == 0) {
		errmsg_set(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	json_decref(j);
	return rc;
}
