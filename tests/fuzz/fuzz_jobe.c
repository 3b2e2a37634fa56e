/*
 * fuzz_jobe.c - libFuzzer harness for the Jobe API (fcgi/jobe.h): the input
 * as the body of POST runs (the run_spec's checks, parameters, command
 * lines, Java's class scan), of PUT files/ID (strict base64, the cache),
 * as an engine result's JSON (the outcome and the escaping), and as the
 * keys' file. The file cache lives in a directory of its own, kept small,
 * removed at exit.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/jobe.h"
#include "fcgi/jobe_files.h"
#include "fcgi/jobe_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct jobe_langs langs;
static struct jobe_config cfg;
static char dir[64];

/* Removes the cache's directory at exit (it holds files only). */
static void
cleanup(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL)
		(void)unlinkat(dirfd(d), de->d_name, 0);
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

static void
setup(void)
{
	static const char *const seeded[] = { "abcdefgh", "randomid0129798" };

	snprintf(dir, sizeof(dir), "/tmp/assay-fuzz-jobe-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	jobe_langs_set(&langs, "c", "12");
	jobe_langs_set(&langs, "cpp", "12");
	jobe_langs_set(&langs, "python3", "3.11");
	jobe_langs_set(&langs, "java", "17");
	atexit(cleanup);
	cfg.langs = &langs;
	cfg.files_dir = dir;
	cfg.files_max = 1 << 20;
	for (size_t i = 0; i < sizeof(seeded) / sizeof(*seeded); i++)
		jobe_files_put(dir, seeded[i], "data", 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jobe_req q = { "POST", "/jobe/index.php/restapi/runs/", NULL, "127.0.0.1", (const char *)data, size, 0 };
	struct jobe_answer a;
	struct jobe_run run;
	struct jobe_keys *keys;
	char err[128];
	json_t *j;

	if (dir[0] == '\0')
		setup();
	if (jobe_request(&cfg, &q, &a, &run) == JOBE_GRADE) {
		j = json_loadb((const char *)data, size, 0, NULL);
		jobe_result_json(&run, j, &a);
		json_decref(j);
		jobe_run_clear(&run);
	}
	jobe_answer_clear(&a);
	q.method = "PUT";
	q.path = "/jobe/index.php/restapi/files/fuzzed";
	jobe_request(&cfg, &q, &a, &run);
	jobe_answer_clear(&a);
	if (jobe_keys_parse((const char *)data, size, &keys, err, sizeof(err)) == 0)
		jobe_keys_free(keys);
	return 0;
}
