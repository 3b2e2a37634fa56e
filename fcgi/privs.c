/* privs.c - becoming the service user; see privs.h. */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fcgi/privs.h"

int
privs_lookup(const char *name, struct privs_user *u, char *err, size_t errlen)
{
	struct passwd *pw;
	struct group *gr;

	memset(u, 0, sizeof(*u));
	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		snprintf(err, errlen, "no user %s%s%s", name, errno ? ": " : "",
		    errno ? strerror(errno) : "");
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "user %s has uid 0: the service would run as root", name);
		return -1;
	}
	if (snprintf(u->name, sizeof(u->name), "%s", pw->pw_name) >= (int)sizeof(u->name)) {
		snprintf(err, errlen, "user name %s is too long", name);
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	if ((gr = getgrgid(pw->pw_gid)) != NULL)
		snprintf(u->group, sizeof(u->group), "%s", gr->gr_name);
	return 0;
}

/* Whether any capability is left in the effective, permitted or inheritable set. */
static int
has_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) != 0)
		return 1;
	for (int i = 0; i < 2; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return 1;
	return 0;
}

int
privs_drop(const struct privs_user *u, char *err, size_t errlen)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[64];
	int n;

	if (u->uid == 0) {
		snprintf(err, errlen, "will not drop privileges to uid 0");
		return -1;
	}
	/* Groups first, while we may still change them; then the gid; the uid last. */
	if ((u->name[0] ? initgroups(u->name, u->gid) : setgroups(1, &u->gid)) != 0) {
		snprintf(err, errlen, "setgroups for %s: %s", u->name[0] ? u->name : "uid",
		    strerror(errno));
		return -1;
	}
	if (setresgid(u->gid, u->gid, u->gid) != 0) {
		snprintf(err, errlen, "setresgid(%u): %s", (unsigned)u->gid, strerror(errno));
		return -1;
	}
	if (setresuid(u->uid, u->uid, u->uid) != 0) {
		snprintf(err, errlen, "setresuid(%u): %s", (unsigned)u->uid, strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}

	/* Trust, but verify: what the kernel now says we are. */
	if (getresuid(&ru, &eu, &su) != 0 || ru != u->uid || eu != u->uid || su != u->uid ||
	    getresgid(&rg, &eg, &sg) != 0 || rg != u->gid || eg != u->gid || sg != u->gid) {
		snprintf(err, errlen, "still not uid %u gid %u after dropping privileges",
		    (unsigned)u->uid, (unsigned)u->gid);
		return -1;
	}
	if ((n = getgroups(sizeof(groups) / sizeof(*groups), groups)) < 0) {
		snprintf(err, errlen, "getgroups: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (groups[i] == 0 && u->gid != 0) {
			snprintf(err, errlen, "still in group 0 after dropping privileges");
			return -1;
		}
	if (has_caps()) {
		snprintf(err, errlen, "capabilities left after dropping privileges");
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0 || setgroups(0, NULL) == 0) {
		snprintf(err, errlen, "root could be taken back after dropping privileges");
		return -1;
	}
	return 0;
}
