/*
 * jail_check.c - what the jail refuses before anything is built: a
 * supervisor that is not root, a box that is no absolute path, a program
 * run as root, a run without a program, a wall time or an output limit.
 */
#include <unistd.h>

#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/util/errmsg.h"

/* Who may be jailed: root supervising, an absolute box, no root inside. */
int
jail_check_who(const char *box, uid_t uid, gid_t gid, char *err, size_t errlen)
{
	if (geteuid() != 0) {
		errmsg_set(err, errlen, "jail: needs root (namespaces, mounts, setuid);"
		    " running as uid %u", (unsigned)geteuid());
		return -1;
	}
	if (box == NULL || box[0] != '/') {
		errmsg_set(err, errlen, "jail: the box must be an absolute path");
		return -1;
	}
	if (uid == 0 || gid == 0 || uid == (uid_t)-1 || gid == (gid_t)-1) {
		errmsg_set(err, errlen, "jail: refusing to run a program as root");
		return -1;
	}
	return 0;
}

int
jail_check_config(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (jail_check_who(cfg->box, cfg->uid, cfg->gid, err, errlen) == -1)
		return -1;
	if (cfg->argv == NULL || cfg->argv[0] == NULL) {
		errmsg_set(err, errlen, "jail: no program to run");
		return -1;
	}
	if (cfg->limits.wall_ms == 0 || cfg->limits.output_kib == 0) {
		errmsg_set(err, errlen, "jail: a run needs a wall time and an output limit");
		return -1;
	}
	if (cfg->input == NULL && cfg->input_len > 0) {
		errmsg_set(err, errlen, "jail: no input buffer");
		return -1;
	}
	return 0;
}
