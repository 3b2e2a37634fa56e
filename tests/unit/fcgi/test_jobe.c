/*
 * test_jobe.c - Jobe's REST API (fcgi/jobe.h): routes, every error's
 * status and text in Jobe's order, parameters and command lines per
 * language (testsubmit.py's cases among them), the spec handed to the
 * engine, results to outcomes, escaping, the file cache (jobe_files.h) and
 * API keys with their token buckets on a clock the test moves
 * (jobe_keys.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "fcgi/jobe.h"
#include "fcgi/jobe_files.h"
#include "fcgi/jobe_keys.h"
#include "sandbox/format/label.h"
#include "sandbox/format/spec.h"
#include "sandbox/util/b64.h"
#include "tests/unit/fcgi/fcgi_util.h"

#define API "/jobe/index.php/restapi/"

static struct jobe_langs langs;
static struct jobe_config cfg;
static char files_dir[128], rate_dir[128];

static struct jobe_answer ans;
static struct jobe_run run;

/* Sends a request; returns JOBE_ANSWER or JOBE_GRADE (ans and run filled). */
static int
send_req(const char *method, const char *path, const char *body, const char *key, const char *addr, double now)
{
	struct jobe_req q = { method, path, key, addr ? addr : "192.0.2.1", body, body ? strlen(body) : 0, now };

	jobe_answer_clear(&ans);
	jobe_run_clear(&run);
	return jobe_request(&cfg, &q, &ans, &run);
}

static const char *
body(void)
{
	return ans.body ? ans.body : "(none)";
}

/* A POST of run_spec SPEC (JSON text) that must answer STATUS with the JSON string MSG. */
static void
post_fails(const char *spec, int status, const char *msg, const char *what)
{
	char b[8192];
	json_t *want = json_string(msg);
	char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH);

	snprintf(b, sizeof(b), "{\"run_spec\": %s}", spec);
	is_int(send_req("POST", API "runs/", b, NULL, NULL, 0), JOBE_ANSWER, "%s: answered", what);
	is_int(ans.status, status, "%s: status", what);
	is_str(body(), w, "%s: body", what);
	is_str(ans.type, JOBE_JSON, "%s: a JSON string", what);
	free(w);
	json_decref(want);
}

/* A POST of run_spec SPEC that must be graded. */
static int
post_grades(const char *spec, const char *what)
{
	char b[8192];

	snprintf(b, sizeof(b), "{\"run_spec\": %s}", spec);
	if (!ok(send_req("POST", API "runs", b, NULL, NULL, 0) == JOBE_GRADE, "%s: to grade", what)) {
		diag("status %d: %s", ans.status, body());
		return 0;
	}
	return 1;
}

static const char *
opt_str(const char *key)
{
	return json_string_value(json_object_get(json_object_get(run.spec, "options"), key));
}

static long long
opt_int(const char *key)
{
	return json_integer_value(json_object_get(json_object_get(run.spec, "options"), key));
}

static void
test_routes(void)
{
	static const char *const misses[][2] = {
		{ "GET", API "runs" }, { "GET", API "runs/12" }, { "POST", API "files/abc12345" },
		{ "DELETE", API "files/abc12345" }, { "PUT", API "files/bad-id" }, { "GET", API },
		{ "GET", "/jobe/index.php/restapi" }, { "POST", API "runs/x" }, { "GET", "/api/languages" },
		{ "GET", "/jobe/index.php/restapix/languages" }, { "PUT", API "files/" },
		{ "GET", API "runresults/1" },
	};

	send_req("GET", API "languages", NULL, NULL, NULL, 0);
	is_int(ans.status, 200, "GET languages: 200");
	is_str(body(), "[[\"c\",\"12.2.0\"],[\"cpp\",\"12.2.0\"],[\"python3\",\"3.11.2\"]]",
	    "GET languages: the present ones, lowercase, in Jobe's order");
	is_str(ans.type, JOBE_JSON, "GET languages: JSON, UTF-8");
	is_str(ans.headers, JOBE_CORS, "GET languages: the CORS headers");
	ok(strstr(JOBE_CORS, "Access-Control-Allow-Origin: *\r\n") != NULL, "CORS: any origin");
	send_req("GET", API "languages/", NULL, NULL, NULL, 0);
	is_int(ans.status, 200, "GET languages/: a trailing slash is fine");
	send_req("GET", "/jobe/restapi/languages//", NULL, NULL, NULL, 0);
	is_int(ans.status, 200, "GET /jobe/restapi/languages//: the other prefix");
	send_req("OPTIONS", "/jobe/index.php/restapi/anything/at/all", NULL, NULL, NULL, 0);
	ok(ans.status == 200 && ans.body == NULL && strcmp(ans.headers, JOBE_CORS) == 0, "OPTIONS: 200, empty, CORS");
	for (size_t i = 0; i < sizeof(misses) / sizeof(*misses); i++) {
		send_req(misses[i][0], misses[i][1], "{}", NULL, NULL, 0);
		ok(ans.status == 404 && strcmp(body(), "\"Not found\"") == 0 && strcmp(ans.headers, JOBE_CORS) == 0,
		    "%s %s: 404", misses[i][0], misses[i][1]);
	}
	send_req("HEAD", API "languages", NULL, NULL, NULL, 0);
	ok(ans.status == 404 && ans.body == NULL, "HEAD languages: 404 without a body");
}

static void
test_run_errors(void)
{
	static const char *const bad_names[] = { "../x.c", ".hidden.c", "-x.c", "a/b.c", "a\\\\b.c", "x;rm.c",
		"x$y.c", "a:b", "a*b", "a?b", "a|b", "a<b", "a\\\"b", "a#b", "a[b", "a@b", "a!b", "a&b", "a'b",
		"a(b", "a+b", "a,b", "a=b", "a{b", "a^b", "a~b", "a`b", "a\\tb", "a\\u007fb", "a\\u00a0b" };
	char spec[512];

	is_int(send_req("POST", API "runs", "", NULL, NULL, 0), JOBE_ANSWER, "empty body: answered");
	is_str(body(), "\"Non-JSON post data received\"", "empty body: Non-JSON");
	is_int(ans.status, 400, "empty body: 400");
	send_req("POST", API "runs", "[1, 2]", NULL, NULL, 0);
	ok(ans.status == 400 && strcmp(body(), "\"Non-JSON post data received\"") == 0, "an array: Non-JSON");
	send_req("POST", API "runs", "{\"run_spec\": ", NULL, NULL, 0);
	ok(ans.status == 400 && strcmp(body(), "\"Non-JSON post data received\"") == 0, "broken JSON: Non-JSON");
	send_req("POST", API "runs", "{\"runspec\": {}}", NULL, NULL, 0);
	ok(ans.status == 400 && strcmp(body(), "\"No run_spec attribute found in post data\"") == 0, "no run_spec");
	send_req("POST", API "runs", "{\"run_spec\": \"x\"}", NULL, NULL, 0);
	ok(ans.status == 400 && strcmp(body(), "\"No run_spec attribute found in post data\"") == 0,
	    "run_spec not an object");
	post_fails("{}", 400, "run_spec is missing the required attribute 'sourcecode'", "nothing: sourcecode first");
	post_fails("{\"language_id\": \"c\", \"sourcecode\": 5}", 400,
	    "run_spec is missing the required attribute 'sourcecode'", "sourcecode not a string");
	post_fails("{\"sourcecode\": \"x\"}", 400, "run_spec is missing the required attribute 'language_id'",
	    "no language_id");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"pascal\", \"parameters\": {\"cputime\": 500}}", 400,
	    "Language 'pascal' is not known", "an unknown language, before cputime");
	send_req("POST", API "runs", "{\"run_spec\": {\"sourcecode\": \"x\", \"language_id\": \"\\u00e9t\u00e9/\\\\\"}}",
	    NULL, NULL, 0);
	is_str(body(), "\"Language '\\u00e9t\\u00e9\\/\\\\' is not known\"",
	    "a non-ASCII language id: \\u00e9 (lowercase) and \\/ as PHP writes them");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"CPP\"}", 400, "Language 'CPP' is not known",
	    "CPP: only the first letter's case is free");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"java\"}", 400, "Language 'java' is not known",
	    "java without a JDK: not known");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": \"../x\", "
	    "\"parameters\": {\"cputime\": 151}}", 400,
	    "cputime exceeds maximum allowed on this Jobe server (120 secs)", "cputime 151, before the file name");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": \"121abc\"}}", 400,
	    "cputime exceeds maximum allowed on this Jobe server (120 secs)", "cputime \"121abc\": intval 121");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": 121.0}}", 400,
	    "cputime exceeds maximum allowed on this Jobe server (120 secs)", "cputime 121.0");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": 120.9}}",
	    "cputime 120.9: intval 120 passes");
	is_int(run.run_limits.cpu_ms, 120900, "cputime 120.9: 120.9 s");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"C\"}", "language C (ucwords)");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"Python3\"}", "language Python3");
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(*bad_names); i++) {
		snprintf(spec, sizeof(spec), "{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": "
		    "\"%s\", \"file_list\": 5}", bad_names[i]);
		post_fails(spec, 400, "The sourcefilename for the run_spec is illegal", bad_names[i]);
	}
	memset(spec, 0, sizeof(spec));
	strcpy(spec, "{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": \"");
	memset(spec + strlen(spec), 'a', 201);
	strcat(spec, "\"}");
	post_fails(spec, 400, "The sourcefilename for the run_spec is illegal", "a name of 201 bytes (Assay's limit)");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": 7}", 400,
	    "The sourcefilename for the run_spec is illegal", "a sourcefilename that is a number");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abc\", \"f\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => abc\n    [1] => f\n)\n", "a short file id, print_r'd");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abcdefgh12\", \"..\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => abcdefgh12\n    [1] => ..\n)\n", "a file named ..");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abcdefgh12\", \"a/b\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => abcdefgh12\n    [1] => a/b\n)\n", "a file name with /");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abcdefgh12\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => abcdefgh12\n)\n", "an entry of one");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abcd-efgh12\", \"f\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => abcd-efgh12\n    [1] => f\n)\n", "an id with -");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[[1, true], \"f\"]]}", 400,
	    "Invalid file specifier: Array\n(\n    [0] => Array\n        (\n            [0] => 1\n"
	    "            [1] => 1\n        )\n\n    [1] => f\n)\n", "a nested array, print_r'd as PHP");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [{\"a\": \"b\"}]}", 400,
	    "Invalid file specifier: stdClass Object\n(\n    [a] => b\n)\n", "an object entry");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [\"abcdefgh12\"]}", 400,
	    "Invalid file specifier: abcdefgh12", "a string entry");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"abcdefgh12\", \"data.txt\"]]}",
	    404, "One or more of the specified files is missing/unavailable", "a missing file: 404");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": \"my prog%.c\", "
	    "\"file_list\": [], \"parameters\": [], \"input\": \"\"}", "spaces and % in a name, [] parameters");
	is_str(run.source, "my prog%.c", "the name as given");
}

static void
test_limits(void)
{
	post_grades("{\"sourcecode\": \"int main(void){}\", \"language_id\": \"c\"}", "C defaults");
	is_int(opt_int("cpu_ms"), 5000, "cputime 5 s");
	is_int(opt_int("wall_ms"), 10000, "wall time twice the cpu time");
	is_int(opt_int("memory_kib"), 400000, "memorylimit 400 MB");
	is_int(opt_int("processes"), 31, "numprocs 30, + 1 for the shell");
	is_int(opt_int("output_kib"), 2000, "streamsize 2 MB");
	is_int(opt_int("fsize_kib"), 20000, "disklimit 20 MB");
	is_int(run.compile_limits.memory_kib, 500000, "compiling: memory at least 500 MB");
	is_int(run.compile_limits.cpu_ms, 5000, "compiling: cputime 5 stays");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": 1, "
	    "\"memorylimit\": \"64\", \"numprocs\": 2, \"disklimit\": 1, \"streamsize\": 0.5, \"other\": [1]}}",
	    "C with small limits");
	is_int(opt_int("cpu_ms"), 1000, "cputime 1");
	is_int(opt_int("memory_kib"), 64000, "memorylimit \"64\": numeric string");
	is_int(opt_int("processes"), 3, "numprocs 2");
	is_int(opt_int("fsize_kib"), 1000, "disklimit 1");
	is_int(opt_int("output_kib"), 500, "streamsize 0.5");
	is_int(run.compile_limits.cpu_ms, 2000, "compile minimum: 2 s");
	is_int(run.compile_limits.processes, 6, "compile minimum: 5 processes");
	is_int(run.compile_limits.fsize_kib, 20000, "compile minimum: 20 MB of files");
	is_int(run.compile_limits.output_kib, 500, "no compile minimum for streams");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": \"fast\", "
	    "\"memorylimit\": 0, \"numprocs\": [3], \"disklimit\": \"0x10\"}}", "non-numeric values");
	is_int(opt_int("cpu_ms"), 5000, "cputime \"fast\": the default");
	is_int(opt_int("memory_kib"), 0, "memorylimit 0: no limit (the tester's ceiling)");
	is_int(run.compile_limits.memory_kib, 0, "memorylimit 0: no limit when compiling either");
	is_int(opt_int("processes"), 31, "numprocs [3]: the default");
	is_int(opt_int("fsize_kib"), 20000, "disklimit \"0x10\": the default (no hex)");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"parameters\": {\"memorylimit\": 200000}}",
	    "python3 asking for 200000 MB");
	is_int(opt_int("memory_kib"), 2L << 20, "capped at the tester's 2 GiB");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\"}", "python3 defaults");
	is_int(opt_int("memory_kib"), 1000000, "python3: 1000 MB");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"cputime\": 0}}", "cputime 0");
	is_int(opt_int("cpu_ms"), 5000, "cputime 0: the default");
}

static void
test_commands(void)
{
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\"}", "C");
	is_str(run.compile, "gcc -Wall -Werror -std=c99 -x c -o prog.c.exe prog.c ", "C: compile, trailing space");
	is_str(run.run, "./prog.c.exe", "C: run");
	is_str(run.source, "prog.c", "C: prog.c");
	is_str(run.language, "c", "C: Assay's c");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"sourcefilename\": \"__tester__.c\", "
	    "\"parameters\": {\"compileargs\": [\"std=c89\"], \"linkargs\": [\"-lm\", \"-lpthread\"]}}",
	    "C with testsubmit's compileargs");
	is_str(run.compile, "gcc std=c89 -o __tester__.c.exe __tester__.c -lm -lpthread",
	    "compileargs replace the defaults, linkargs after");
	is_str(run.run, "./__tester__.c.exe", "C: run __tester__.c.exe");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"parameters\": {\"interpreterargs\": [\"-a\"], "
	    "\"runargs\": [\"x y\", 3, true]}}", "C with interpreterargs and runargs");
	is_str(run.run, "./prog.c.exe -a x y 3 1", "C: run with both, as implode() writes them");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"cpp\"}", "C++");
	is_str(run.compile, "g++ -Wall -Werror -o prog.cpp.exe prog.cpp ", "C++: compile");
	is_str(run.run, "./prog.cpp.exe", "C++: run");
	is_str(run.language, "cpp", "C++: Assay's cpp");
	post_grades("{\"sourcecode\": \"print(1)\", \"language_id\": \"python3\", \"sourcefilename\": \"test.py\"}",
	    "Python3");
	is_str(run.compile, "/usr/bin/python3 -m py_compile test.py", "Python3: py_compile");
	is_str(run.run, "/usr/bin/python3 -BE test.py", "Python3: run -BE");
	is_str(run.language, "python", "Python3: Assay's python");
	post_grades("{\"sourcecode\": \"\\n\", \"language_id\": \"python3\", \"parameters\": "
	    "{\"interpreterargs\": [\"-c \\\"print(\\\\\\\"Blah\\\\\\\")\\\"\"]}}", "testsubmit's interpreterargs");
	is_str(run.run, "/usr/bin/python3 -c \"print(\\\"Blah\\\")\" prog.py", "interpreterargs replace -BE");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"parameters\": "
	    "{\"runargs\": [\"Arg1\", \"Arg2\"]}}", "testsubmit's runargs");
	is_str(run.run, "/usr/bin/python3 -BE prog.py Arg1 Arg2", "runargs after the file");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"parameters\": {\"runargs\": \"-v\"}}",
	    "runargs as a string");
	is_str(run.run, "/usr/bin/python3 -BE prog.py -v", "a string is one argument");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"sourcefilename\": \"__tester__.python3\", "
	    "\"input\": \"Line1\\nLine2\\n\"}", "Python3 with CodeRunner's name and input");
	is_str(run.source, "__tester__.python3", "CodeRunner's name kept");
	is_str(opt_str("input"), "Line1\nLine2\n", "the input");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"input\": \"0\"}", "input \"0\"");
	is_str(opt_str("input"), "", "input \"0\" is no input, as in Jobe");
	is_str(json_string_value(json_array_get(json_object_get(run.spec, "languages"), 0)), "python",
	    "spec: languages [python]");
	is_int(json_array_size(json_object_get(run.spec, "languages")), 1, "spec: one language");
	is_str(json_string_value(json_object_get(run.spec, "tester")), "run", "spec: tester run");
	is_str(json_string_value(json_object_get(run.spec, "id")), "jobe/run", "spec: id");
	{
		struct spec *sp;
		char err[256];

		if (!ok(spec_from_json(run.spec, &sp, err, sizeof(err)) == 0, "spec: one the engine reads"))
			diag("%s", err);
		else {
			ok(strcmp(sp->tester, "run") == 0 && spec_has_language(sp, "python"), "spec: tester and language read");
			spec_free(sp);
		}
	}
	is_str(json_string_value(json_object_get(run.submission, "language")), "python", "submission: language");
	is_str(json_string_value(json_object_get(run.submission, "code")), "x", "submission: code");
	ok(run.code_len == 1 && memcmp(run.code, "x", 1) == 0, "the code for grade_submission");
}

static void
test_java(void)
{
	const char *hello = "{\"sourcecode\": \"import java.util.*;\\npublic class Hello {\\n  public static void "
	    "main (String[] a) { }\\n}\\n\", \"language_id\": \"java\", \"sourcefilename\": \"prog.java\", "
	    "\"parameters\": {\"numprocs\": 20, \"memorylimit\": 500}}";
	const char *two = "{\"sourcecode\": \"public class A { static public void main(String[] a) {} }\\n"
	    "public class B { public static void main( String[] a) {} }\", \"language_id\": \"java\"}";
	const char *none = "{\"sourcecode\": \"class A { public static void main(String[] a) {} }\", "
	    "\"language_id\": \"java\"}";
	const char *cls = "{\"sourcecode\": \"x\", \"language_id\": \"java\", \"sourcefilename\": \"Main.java\", "
	    "\"parameters\": {\"main_class\": \"pkg.Other\", \"compileargs\": [\"-g\"], \"runargs\": [\"a\"]}}";

	jobe_langs_set(&langs, "java", "17.0.2");
	post_grades(hello, "Java, prog.java given");
	is_str(run.source, "Hello.java", "the class with main names the file");
	is_str(run.compile, "/usr/bin/javac   Hello.java", "javac, as Jobe spaces it");
	is_str(run.run, "/usr/bin/java -Xrs -Xss8m -Xmx200m Hello", "java Hello");
	is_int(opt_int("memory_kib"), 0, "Java: no memory limit (the JVM's)");
	is_int(opt_int("processes"), 257, "Java: at least 256 processes");
	is_str(run.language, "java", "Java: Assay's java");
	post_grades(two, "Java, two classes with main");
	is_str(run.source, "prog.java", "two matches: prog.java");
	post_grades(none, "Java, no public class");
	is_str(run.source, "prog.java", "no match: prog.java");
	post_grades(cls, "Java with main_class");
	is_str(run.compile, "/usr/bin/javac  -g Main.java", "compileargs");
	is_str(run.run, "/usr/bin/java -Xrs -Xss8m -Xmx200m pkg.Other a", "main_class runs instead");
	send_req("GET", API "languages", NULL, NULL, NULL, 0);
	ok(strstr(body(), "[\"java\",\"17.0.2\"]") != NULL, "java listed once present");
	jobe_langs_set(&langs, "java", NULL);
}

static void
test_clean(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want, *what;
	} cases[] = {
		{ "Hello world\n\x01\x06\xc0\xc9\n", 17, "Hello world\n\\x01\\x06\\xc0\\xc9\n", "testsubmit's bytes" },
		{ "Un r\xc3\xb4le d\xc3\xa9l\xc3\xa9t\xc3\xa8re\n", 21, "Un r\xc3\xb4le d\xc3\xa9l\xc3\xa9t\xc3\xa8re\n",
		  "UTF-8 as it is" },
		{ "a\x01\tb\r\n", 6, "a\x01\tb\r\n", "control bytes of valid UTF-8 stay" },
		{ "\xc3\xa9\xff\x7f\t\r\n", 7, "\\xc3\\xa9\\xff\\x7f\t\r\n", "one bad byte: every byte escaped" },
		{ "\xc0\xaf", 2, "\\xc0\\xaf", "an overlong sequence" },
		{ "\xed\xa0\x80", 3, "\\xed\\xa0\\x80", "a surrogate" },
		{ "\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80", "beyond U+10FFFF" },
		{ "ab\xe2\x82", 4, "ab\\xe2\\x82", "a cut sequence" },
		{ "", 0, "", "nothing" },
	};
	size_t len;
	char *s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		s = jobe_clean(cases[i].in, cases[i].len, &len);
		is_str(s, cases[i].want, "clean: %s", cases[i].what);
		is_int(len, strlen(cases[i].want), "clean: %s: length", cases[i].what);
		free(s);
	}
	s = jobe_clean("a\0b", 3, &len);
	ok(s && len == 3 && memcmp(s, "a\0b", 3) == 0, "clean: NUL in UTF-8 stays");
	free(s);
}

/* A test entry of a result: STATUS, SIGNAL, and STDOUT/STDERR bytes. */
static json_t *
entry(const char *phase, const char *status, int sig, const char *out, size_t outlen, const char *err)
{
	char *o = b64_encode(out, outlen, NULL), *e = b64_encode(err, strlen(err), NULL);
	json_t *t = json_pack("[{s:s, s:s, s:i, s:i, s:s, s:s}]", "phase", phase, "status", status, "exit", 0,
	    "signal", sig, "stdout", o, "stderr", e);

	free(o);
	free(e);
	return t;
}

/* The answer to the last run from RESULT {label, report, tests}; checks the whole body. */
static void
result_is(const char *label, const char *report, json_t *tests, const char *want, const char *what)
{
	struct grade_result r = { 0 };

	label_parse(label, &r.status);
	r.report = (char *)report;
	r.tests = tests;
	r.log = (char *)"secret operator detail";
	jobe_answer_clear(&ans);
	jobe_result(&run, &r, &ans);
	is_int(ans.status, 200, "%s: 200", what);
	is_str(body(), want, "%s", what);
	is_str(ans.type, JOBE_JSON, "%s: JSON", what);
	json_decref(tests);
}

static void
test_results(void)
{
	json_t *j;

	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"c\"}", "a C run");
	result_is("CompileError", "prog.c:1: error: x\n", entry("compile", "exited", 0, "", 0, "prog.c:1: error: x\n"),
	    "{\"run_id\":null,\"outcome\":11,\"cmpinfo\":\"prog.c:1: error: x\\n\",\"stdout\":\"\",\"stderr\":\"\"}",
	    "CompileError: 11, cmpinfo the report");
	result_is("TimeLimitExceeded", "", entry("run", "time", 9, "HelloHello", 10, "killed"),
	    "{\"run_id\":null,\"outcome\":13,\"cmpinfo\":\"\",\"stdout\":\"HelloHello\",\"stderr\":\"\"}",
	    "TimeLimitExceeded: 13, stdout kept, stderr empty");
	result_is("MemoryLimitExceeded", "", entry("run", "memory", 9, "part", 4, ""),
	    "{\"run_id\":null,\"outcome\":17,\"cmpinfo\":\"\",\"stdout\":\"part\",\"stderr\":\"\"}",
	    "MemoryLimitExceeded: 17, stdout as the run left it");
	result_is("RuntimeError", "", entry("run", "syscall", 31, "", 0, ""),
	    "{\"run_id\":null,\"outcome\":19,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":\"\"}",
	    "a forbidden system call: 19");
	result_is("RuntimeError", "", entry("run", "signaled", 11, "out", 3, "Segmentation fault"),
	    "{\"run_id\":null,\"outcome\":12,\"cmpinfo\":\"\",\"stdout\":\"out\",\"stderr\":\"\"}",
	    "SIGSEGV: 12, stderr empty");
	result_is("RuntimeError", "", entry("run", "signaled", 6, "", 0, "assertion failed"),
	    "{\"run_id\":null,\"outcome\":12,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":\"assertion failed\\n"
	    "jobe: warning: command terminated with signal 6\\n\"}", "SIGABRT: 12, the signal's line added");
	result_is("Accepted", "", entry("run", "exited", 0, "Hello world\n\x01\x06\xc0\xc9\n", 17, ""),
	    "{\"run_id\":null,\"outcome\":15,\"cmpinfo\":\"\",\"stdout\":\"Hello world\\n\\\\x01\\\\x06\\\\xc0\\\\xc9\\n\","
	    "\"stderr\":\"\"}", "Accepted: 15, testsubmit's non-UTF-8 output escaped");
	result_is("Accepted", "", entry("run", "exited", 0, "", 0, "Traceback: IndexError\n"),
	    "{\"run_id\":null,\"outcome\":12,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":\"Traceback: IndexError\\n\"}",
	    "exited with stderr: 12");
	result_is("MiscError", "", json_array(),
	    "{\"run_id\":null,\"outcome\":20,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":"
	    "\"jobe: internal error: the run could not be completed\\n\"}", "MiscError: 20, no log shown");
	j = json_pack("{s:s, s:f, s:s, s:o}", "label", "Accepted", "score", 1.0, "report", "",
	    "tests", entry("run", "exited", 3, "\xc3\xa9", 2, ""));
	jobe_answer_clear(&ans);
	jobe_result_json(&run, j, &ans);
	is_str(body(), "{\"run_id\":null,\"outcome\":15,\"cmpinfo\":\"\",\"stdout\":\"\xc3\xa9\",\"stderr\":\"\"}",
	    "from JSON: Accepted with exit 3 is 15, UTF-8 unescaped");
	json_object_set_new(j, "label", json_string("Nonsense"));
	jobe_answer_clear(&ans);
	jobe_result_json(&run, j, &ans);
	ok(strstr(body(), "\"outcome\":20") != NULL, "from JSON: an unknown label is 20");
	json_decref(j);
	jobe_answer_clear(&ans);
	jobe_overload(&ans);
	is_str(body(), "{\"run_id\":null,\"outcome\":21,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":\"\"}",
	    "overload: 21");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\"}", "a Python run");
	result_is("CompileError", "  File \"prog.py\"\nSyntaxError\n", entry("compile", "exited", 1, "out", 3, "e"),
	    "{\"run_id\":null,\"outcome\":11,\"cmpinfo\":\"out\\\\n  File \\\"prog.py\\\"\\nSyntaxError\\n\","
	    "\"stdout\":\"\",\"stderr\":\"\"}", "python3: compile output, a literal \\n, the errors");
	jobe_langs_set(&langs, "java", "17");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"java\"}", "a Java run");
	result_is("Accepted", "", entry("run", "exited", 1, "", 0, "Exception\n\tat A.main\n"),
	    "{\"run_id\":null,\"outcome\":12,\"cmpinfo\":\"\",\"stdout\":\"\",\"stderr\":\"Exception\\n        at A.main\\n\"}",
	    "java: a tab starting a line becomes 8 spaces");
	jobe_langs_set(&langs, "java", NULL);
}

static char *
put_body(const char *content, size_t len)
{
	char *b64 = b64_encode(content, len, NULL), *b = malloc(strlen(b64) + 32);

	sprintf(b, "{\"file_contents\": \"%s\"}", b64);
	free(b64);
	return b;
}

static void
put_is(const char *id, const char *b, int status, const char *msg, const char *what)
{
	char path[256];

	snprintf(path, sizeof(path), API "files/%s", id);
	send_req("PUT", path, b, NULL, NULL, 0);
	is_int(ans.status, status, "PUT %s: %d", what, status);
	is_str(ans.body ? ans.body : "", msg, "PUT %s: body", what);
}

static void
test_b64(void)
{
	static const struct {
		const char *in, *want;
	} good[] = {
		{ "QUJD", "ABC" }, { "QUI=", "AB" }, { "QQ==", "A" }, { "QQ", "A" }, { "QUI", "AB" },
		{ " Q U\nJ\tD\r\n", "ABC" }, { "QQ= =", "A" }, { "", "" },
	};
	static const char *const bad[] = { "Q", "QQ=", "QQ===", "QUJD!", "QQ==QQ==", "QUJ-", "QU_D", "=QQ", "QQ=\x01" };
	char *out;
	size_t len;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		ok(jobe_files_b64(good[i].in, strlen(good[i].in), &out, &len) == 0 && len == strlen(good[i].want) &&
		    memcmp(out, good[i].want, len) == 0, "base64 \"%s\" decodes", good[i].in);
		free(out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(jobe_files_b64(bad[i], strlen(bad[i]), &out, &len) == 1 && out == NULL,
		    "base64 \"%s\" refused", bad[i]);
}

static void
test_files(void)
{
	char *b = put_body("The first file\nLine 2", 21), *big;
	size_t n = JOBE_PUT_MAX + 1;
	json_t *files;

	put_is("randomid0129798", b, 204, "", "a file");
	ok(ans.body == NULL && strcmp(ans.headers, JOBE_CORS) == 0, "PUT: no body, CORS");
	free(b);
	b = put_body("Second file", 11);
	put_is("randomid0980128", b, 204, "", "another");
	put_is("randomid0980128", b, 204, "", "the same again (replaced)");
	free(b);
	send_req("HEAD", API "files/randomid0129798", NULL, NULL, NULL, 0);
	ok(ans.status == 204 && ans.body == NULL, "HEAD of a stored file: 204");
	send_req("HEAD", API "files/nosuchfile1", NULL, NULL, NULL, 0);
	ok(ans.status == 404 && ans.body == NULL, "HEAD of a missing file: 404, no body");
	put_is("abc", "{\"file_contents\": \"\"}", 204, "", "an empty file with a short id");
	put_is("abc", "{\"contents\": \"QQ==\"}", 400, "\"put: missing file_contents parameter\"", "without file_contents");
	put_is("abc", "not json", 400, "\"put: missing file_contents parameter\"", "not JSON");
	put_is("abc", "{\"file_contents\": \"QQ=!\"}", 400, "\"put: contents of file abc are not valid base-64\"",
	    "bad base64");
	put_is("abc", "{\"file_contents\": 12}", 400, "\"put: contents of file abc are not valid base-64\"",
	    "a number");
	big = malloc(n);
	memset(big, 'x', n);
	b = put_body(big, n);
	free(big);
	put_is("big", b, 413, "\"put: file big is larger than 20 MiB\"", "20 MiB and a byte");
	free(b);
	ok(!jobe_files_exists(files_dir, "big"), "the large file was not stored");
	post_grades("{\"sourcecode\": \"x\", \"language_id\": \"python3\", \"file_list\": [[\"randomid0129798\", "
	    "\"file1\"], [\"randomid0980128\", \"file2\", \"extra\"]]}", "a run with testsubmit's files");
	files = json_object_get(json_object_get(run.spec, "options"), "files");
	is_str(json_string_value(json_object_get(files, "file1")), "VGhlIGZpcnN0IGZpbGUKTGluZSAy", "file1 in base64");
	is_str(json_string_value(json_object_get(files, "file2")), "U2Vjb25kIGZpbGU=", "file2 in base64");
	is_int(json_object_size(files), 2, "two files");
	big = calloc(1, JOBE_PUT_MAX);
	ok(jobe_files_put(files_dir, "bigfile20", big, JOBE_PUT_MAX) == 0, "a file of 20 MiB");
	free(big);
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"bigfile20\", \"a\"], "
	    "[\"bigfile20\", \"b\"], [\"bigfile20\", \"c\"], [\"bigfile20\", \"d\"]]}", 413,
	    "The run's files are too large together", "80 MiB of files in a run: 413");
	post_fails("{\"sourcecode\": \"x\", \"language_id\": \"c\", \"file_list\": [[\"randomid0129798\", \"f\"], "
	    "[\"randomid0000000\", \"g\"]]}", 404, "One or more of the specified files is missing/unavailable",
	    "one of two files missing: 404");
}

/* CodeRunner's protocol: run, a 404, PUT the files, run again. */
static void
test_coderunner(void)
{
	const char *spec = "{\"run_spec\": {\"language_id\": \"c\", \"sourcecode\": \"x\", "
	    "\"sourcefilename\": \"__tester__.c\", \"input\": \"\", \"file_list\": [[\"0cc175b9c0f1b6a831c399e269772661\", "
	    "\"a.txt\"]], \"parameters\": {\"cputime\": 3, \"memorylimit\": 0}}}";

	is_int(send_req("POST", "/jobe/restapi/runs", spec, NULL, NULL, 0), JOBE_ANSWER, "CodeRunner: first run answered");
	is_int(ans.status, 404, "CodeRunner: 404 for the missing file");
	put_is("0cc175b9c0f1b6a831c399e269772661", "{\"file_contents\": \"YQ==\"}", 204, "", "CodeRunner's file");
	is_int(send_req("POST", "/jobe/restapi/runs", spec, NULL, NULL, 0), JOBE_GRADE, "CodeRunner: the run again");
	is_str(json_string_value(json_object_get(json_object_get(json_object_get(run.spec, "options"), "files"), "a.txt")),
	    "YQ==", "CodeRunner: the file in the spec");
	is_int(opt_int("memory_kib"), 0, "CodeRunner: a question's memory limit 0 is none");
}

static void
test_probe(void)
{
	struct jobe_langs l;

	jobe_langs_probe(&l);
	if (system("gcc --version >/dev/null 2>&1") == 0)
		ok(l.version[JOBE_C][0] >= '0' && l.version[JOBE_C][0] <= '9', "probe: gcc's version (%s)", l.version[JOBE_C]);
	else
		ok(l.version[JOBE_C][0] == '\0', "probe: no gcc, no c");
	if (system("/usr/bin/python3 --version >/dev/null 2>&1") == 0)
		ok(l.version[JOBE_PYTHON3][0] == '3', "probe: python3's version (%s)", l.version[JOBE_PYTHON3]);
	else
		ok(l.version[JOBE_PYTHON3][0] == '\0', "probe: no python3");
	ok(jobe_langs_set(&l, "pascal", "3") == -1, "set: only Jobe's names of Assay's languages");
}

static void
set_used(const char *id, time_t t)
{
	char path[256];
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	snprintf(path, sizeof(path), "%s/%s", files_dir, id);
	utimensat(AT_FDCWD, path, ts, 0);
}

static void
test_evict(void)
{
	char data[100] = { 0 }, *got, path[256];
	size_t len;
	struct stat st;
	time_t now = time(NULL);

	snprintf(files_dir, sizeof(files_dir), "%s/evict", tmp_dir);	/* a cache of its own */
	ok(jobe_files_put(files_dir, "evA", data, 100) == 0 && jobe_files_put(files_dir, "evB", data, 100) == 0 &&
	    jobe_files_put(files_dir, "evC", data, 100) == 0, "three files of 100 bytes");
	set_used("evA", now - 300);
	set_used("evB", now - 200);
	set_used("evC", now - 100);
	ok(jobe_files_get(files_dir, "evA", &got, &len) == 0 && len == 100, "evA read for a run");
	free(got);
	snprintf(path, sizeof(path), "%s/evA", files_dir);
	ok(stat(path, &st) == 0 && st.st_mtime >= now, "reading marks it used");
	is_int(jobe_files_evict(files_dir, 250, NULL), 1, "over 250 bytes: one goes");
	ok(!jobe_files_exists(files_dir, "evB") && jobe_files_exists(files_dir, "evA") &&
	    jobe_files_exists(files_dir, "evC"), "the least recently used (evB) went");
	is_int(jobe_files_evict(files_dir, 0, NULL), 0, "max 0: nothing goes");
	set_used("evC", now - 1000);
	is_int(jobe_files_evict(files_dir, 50, "evC"), 1, "the kept file stays even alone over the size");
	ok(jobe_files_exists(files_dir, "evC") && !jobe_files_exists(files_dir, "evA"), "evC kept, evA gone");
	cfg.files_max = 150;
	{
		char *b = put_body(data, 100);

		put_is("evD", b, 204, "", "with the cache at 150 bytes");
		free(b);
	}
	ok(jobe_files_exists(files_dir, "evD") && !jobe_files_exists(files_dir, "evC"), "a PUT evicts the older");
	cfg.files_max = 0;
	ok(jobe_files_get(files_dir, "nothere1", &got, &len) == 1, "get of a missing file: 1");
	ok(!jobe_files_id_ok("") && !jobe_files_id_ok("a.b") && jobe_files_id_ok("Ab9"), "ids: [A-Za-z0-9]+");
	{
		char id[JOBE_FILES_ID_MAX + 2];

		memset(id, 'a', sizeof(id) - 1);
		id[sizeof(id) - 1] = '\0';
		ok(!jobe_files_id_ok(id), "ids: at most %d", JOBE_FILES_ID_MAX);
		id[JOBE_FILES_ID_MAX] = '\0';
		ok(jobe_files_id_ok(id), "ids: %d is fine", JOBE_FILES_ID_MAX);
	}
}

static void
test_keys(void)
{
	struct jobe_keys *keys, *other;
	char err[128];
	const char *spec = "{\"run_spec\": {\"sourcecode\": \"x\", \"language_id\": \"c\"}}", *text;
	long rate;

	ok(jobe_keys_parse("k1 60\nk1 5\n", 12, &keys, err, sizeof(err)) == -1 && keys == NULL, "a key twice: refused");
	is_str(err, "line 2: a key given twice", "a key twice: the line");
	ok(jobe_keys_parse("# c\n\nk1\n", 9, &keys, err, sizeof(err)) == -1, "a key without a rate: refused");
	is_str(err, "line 3: not \"KEY RUNS_PER_HOUR\"", "without a rate: the line");
	ok(jobe_keys_parse("k1 -3\n", 6, &keys, err, sizeof(err)) == -1, "a negative rate: refused");
	ok(jobe_keys_parse("k1 3 4\n", 7, &keys, err, sizeof(err)) == -1, "more than two words: refused");
	text = "# keys\n2AAA7A5415B4A9B394B54BF1D2E9D 3\r\n  free 0\n";
	ok(jobe_keys_parse(text, strlen(text), &keys, err, sizeof(err)) == 0, "keys parsed");
	is_int(jobe_keys_count(keys), 2, "two keys");
	ok(jobe_keys_find(keys, "free", &rate) && rate == 0, "free: unlimited");
	ok(!jobe_keys_find(keys, "2AAA", &rate), "a prefix is not a key");
	cfg.keys = keys;
	is_int(send_req("POST", API "runs", spec, NULL, NULL, 0), JOBE_ANSWER, "no key: answered");
	ok(ans.status == 403 && strcmp(body(), "Missing API key") == 0 && strcmp(ans.type, JOBE_TEXT) == 0,
	    "no key: 403 Missing API key, plain text");
	send_req("POST", API "runs", "garbage", NULL, NULL, 0);
	ok(ans.status == 403, "no key: 403 before the body is read");
	send_req("POST", API "runs", spec, "nokey", NULL, 0);
	ok(ans.status == 403 && strcmp(body(), "Unknown API key (nokey)") == 0, "unknown key: 403 naming it");
	for (int i = 0; i < 3; i++)
		is_int(send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1000 + i),
		    JOBE_GRADE, "run %d of a rate of 3 an hour: a burst is fine", i + 1);
	send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1003);
	ok(ans.status == 429 && strcmp(body(), "Max RUN rate for this server exceeded") == 0 &&
	    strcmp(ans.type, JOBE_TEXT) == 0, "the 4th: 429, plain text");
	is_int(send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.8", 1003), JOBE_GRADE,
	    "another address has its own bucket");
	is_int(send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D",
	    "fe80:0000:0000:0000:0000:0000:0000:0001%eth0.100", 1003), JOBE_GRADE, "a long IPv6 address with a zone");
	{
		char path[256];
		FILE *f;

		snprintf(path, sizeof(path), "%s/keys", tmp_dir);
		f = fopen(path, "w");
		fputs("abc 10\n", f);
		fclose(f);
		ok(jobe_keys_load(path, &other, err, sizeof(err)) == 0 && jobe_keys_count(other) == 1, "a key file loaded");
		jobe_keys_free(other);
		ok(jobe_keys_load("/nonexistent/keys", &other, err, sizeof(err)) == -1 && strstr(err, "/nonexistent/keys"),
		    "a missing key file: named");
	}
	send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1000 + 1100);
	is_int(ans.status, 429, "1100 s later: not yet a token (3/h: one per 1200 s)");
	is_int(send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1002 + 1200),
	    JOBE_GRADE, "1200 s after the last: a token again");
	send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1002 + 1201);
	is_int(ans.status, 429, "and only one");
	is_int(send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1e6), JOBE_GRADE,
	    "much later: full again");
	for (int i = 0; i < 3; i++)
		send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 1e6 + 1);
	is_int(ans.status, 429, "but never more than the rate at once");
	for (int i = 0; i < 10; i++)
		send_req("POST", API "runs", spec, "free", "198.51.100.7", 5);
	ok(run.spec != NULL, "rate 0: unlimited");
	send_req("GET", API "languages", NULL, NULL, NULL, 0);
	is_int(ans.status, 200, "GET languages: no key needed");
	put_is("keyless", "{\"file_contents\": \"\"}", 204, "", "without a key");
	send_req("HEAD", API "files/keyless", NULL, NULL, NULL, 0);
	is_int(ans.status, 204, "HEAD: no key needed");
	cfg.rate_dir = NULL;
	send_req("POST", API "runs", spec, "2AAA7A5415B4A9B394B54BF1D2E9D", "198.51.100.7", 0);
	ok(ans.status == 500 && strstr(body(), "Server exception") != NULL, "a rate without a place for buckets: 500");
	cfg.rate_dir = rate_dir;
	cfg.keys = NULL;
	jobe_keys_free(keys);
	is_int(send_req("POST", API "runs", spec, NULL, NULL, 0), JOBE_GRADE, "no keys configured: nothing checked");
}

int
main(void)
{
	tmp_dir_make("jobe");
	snprintf(files_dir, sizeof(files_dir), "%s/files", tmp_dir);
	snprintf(rate_dir, sizeof(rate_dir), "%s/rate", tmp_dir);
	jobe_langs_set(&langs, "c", "12.2.0");
	jobe_langs_set(&langs, "cpp", "12.2.0");
	jobe_langs_set(&langs, "python3", "3.11.2");
	cfg.langs = &langs;
	cfg.files_dir = files_dir;
	cfg.rate_dir = rate_dir;
	test_routes();
	test_run_errors();
	test_limits();
	test_commands();
	test_java();
	test_clean();
	test_results();
	test_b64();
	test_files();
	test_coderunner();
	test_evict();
	test_probe();
	test_keys();
	jobe_answer_clear(&ans);
	jobe_run_clear(&run);
	tmp_dir_remove();
	return tap_done();
}
