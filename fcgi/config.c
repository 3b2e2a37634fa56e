/* config.c - shared command-line options; see config.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/config.h"
#include "fcgi/store.h"

enum { OPT_DATA = 1000, OPT_SITE, OPT_SOCKET, OPT_CHILDREN, OPT_ORIGIN,
    OPT_MAX_CODE, OPT_SESSION_HOURS, OPT_CLOCK_FILE, OPT_HELP, OPT_MAX_WAITING,
    OPT_MAX_PER_MINUTE, OPT_MAP_SIZE, OPT_STORE_RESERVE };

static const struct option common[] = {
	{ "data", required_argument, NULL, OPT_DATA },
	{ "site", required_argument, NULL, OPT_SITE },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "children", required_argument, NULL, OPT_CHILDREN },
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "max-code", required_argument, NULL, OPT_MAX_CODE },
	{ "session-hours", required_argument, NULL, OPT_SESSION_HOURS },
	{ "clock-file", required_argument, NULL, OPT_CLOCK_FILE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "max-waiting", required_argument, NULL, OPT_MAX_WAITING },
	{ "max-per-minute", required_argument, NULL, OPT_MAX_PER_MINUTE },
	{ "map-size", required_argument, NULL, OPT_MAP_SIZE },
	{ "store-reserve", required_argument, NULL, OPT_STORE_RESERVE },
};

/* A limit from the environment variable NAME, or DEF. */
static unsigned long
env_limit(const char *name, unsigned long def)
{
	unsigned long v;

	return config_number(getenv(name), 1000000, &v) == 0 ? v : def;
}

time_t
config_now(const struct config *c)
{
	char buf[32];
	FILE *f;
	long long t;

	if (c->clock_file == NULL || (f = fopen(c->clock_file, "re")) == NULL)
		return time(NULL);
	if (fgets(buf, sizeof(buf), f) == NULL || sscanf(buf, "%lld", &t) != 1)
		t = (long long)time(NULL);
	fclose(f);
	return (time_t)t;
}

int
config_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
config_parse(int argc, char **argv, struct config *c, const char *usage,
    const struct option *extra, int (*on_extra)(int val, const char *arg, void *ctx),
    void *ctx)
{
	struct option opts[64];
	size_t n = 0, nc = sizeof(common) / sizeof(*common);
	static char sitebuf[PATH_MAX];
	unsigned long v;
	int ch;

	memset(c, 0, sizeof(*c));
	c->data = "var";
	c->children = 4;
	c->max_code = 65536;
	c->session_hours = 12;
	c->clock_file = getenv("ASSAY_CLOCK_FILE");
	c->max_waiting = env_limit("ASSAY_MAX_WAITING", 3);
	c->max_per_minute = env_limit("ASSAY_MAX_PER_MINUTE", 20);
	memcpy(opts, common, sizeof(common));
	n = nc;
	for (; extra != NULL && extra[n - nc].name != NULL && n < 63; n++)
		opts[n] = extra[n - nc];
	memset(&opts[n], 0, sizeof(opts[n]));

	optind = 1;
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		const char *bad = NULL;

		switch (ch) {
		case OPT_DATA: c->data = optarg; break;
		case OPT_SITE: c->site = optarg; break;
		case OPT_SOCKET: c->socket = optarg; break;
		case OPT_ORIGIN: c->origin = optarg; break;
		case OPT_CLOCK_FILE: c->clock_file = optarg; break;
		case OPT_CHILDREN:
			if (config_number(optarg, 64, &v) || v == 0)
				bad = "--children takes a number from 1 to 64";
			else
				c->children = (int)v;
			break;
		case OPT_MAX_CODE:
			if (config_number(optarg, 16UL << 20, &v) || v == 0)
				bad = "--max-code takes a number of bytes from 1 to 16777216";
			else
				c->max_code = v;
			break;
		case OPT_SESSION_HOURS:
			if (config_number(optarg, 24 * 365, &v) || v == 0)
				bad = "--session-hours takes a number from 1 to 8760";
			else
				c->session_hours = (unsigned)v;
			break;
		case OPT_MAX_WAITING:
		case OPT_MAX_PER_MINUTE:
			if (config_number(optarg, 1000000, &v))
				bad = "--max-waiting and --max-per-minute take a number (0: no limit)";
			else if (ch == OPT_MAX_WAITING)
				c->max_waiting = v;
			else
				c->max_per_minute = v;
			break;
		case OPT_MAP_SIZE:
			if (store_size_parse(optarg, &c->map_size) || c->map_size < (1u << 20))
				bad = "--map-size takes a size of at least 1M (bytes, or with K, M, G)";
			break;
		case OPT_STORE_RESERVE:
			if (store_size_parse(optarg, &c->store_reserve) || c->store_reserve == 0)
				bad = "--store-reserve takes a size (bytes, or with K, M, G)";
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(0);
		case '?':
			fputs(usage, stderr);
			return -1;
		default:
			if (on_extra == NULL || on_extra(ch, optarg, ctx) != 0) {
				fputs(usage, stderr);
				return -1;
			}
		}
		if (bad != NULL) {
			fprintf(stderr, "%s: %s\n", argv[0], bad);
			return -1;
		}
	}
	if (c->site == NULL) {
		snprintf(sitebuf, sizeof(sitebuf), "%s/site", c->data);
		c->site = sitebuf;
	}
	if ((size_t)snprintf(c->specdir, sizeof(c->specdir), "%s/current/specs", c->site) >=
	    sizeof(c->specdir) ||
	    (size_t)snprintf(c->rundir, sizeof(c->rundir), "%s/run", c->data) >=
	    sizeof(c->rundir)) {
		fprintf(stderr, "%s: path too long\n", argv[0]);
		return -1;
	}
	return optind;
}
