/* privs.c - becoming the service user; see privs.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

/*
 * In a child become U: the first prefix of PATH that U cannot search, or
 * PATH itself when AMODE is refused, into BAD; "" when U gets there.
 */
static void
reach_as(const struct privs_user *u, const char *path, int amode, char *bad, size_t len)
{
	char err[256], buf[4096];

	if (privs_drop(u, err, sizeof(err)) != 0) {
		snprintf(bad, len, "!%s", err);
		return;
	}
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (access(buf, X_OK) != 0) {
			snprintf(bad, len, "%s", buf);
			return;
		}
		*p = '/';
	}
	if (access(path, amode) != 0)
		snprintf(bad, len, "%s", path);
	else
		bad[0] = '\0';
}

int
privs_reach(const struct privs_user *u, const char *path, int amode, char *err, size_t errlen)
{
	char bad[4096 + 8] = "!no answer";
	struct stat st;
	struct passwd *pw;
	struct group *gr;
	int fds[2], wst;
	ssize_t n;
	pid_t pid;

	if (path[0] != '/') {
		snprintf(err, errlen, "%s: not an absolute path", path);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		reach_as(u, path, amode, bad, sizeof(bad));
		(void)!write(fds[1], bad, strlen(bad) + 1);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], bad, sizeof(bad) - 1);
	close(fds[0]);
	waitpid(pid, &wst, 0);
	bad[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		snprintf(bad, sizeof(bad), "!the checking process died");
	if (bad[0] == '\0')
		return 0;
	if (bad[0] == '!') {
		snprintf(err, errlen, "cannot check %s as user %s: %s", path, u->name, bad + 1);
		return -1;
	}
	if (lstat(bad, &st) != 0) {
		snprintf(err, errlen, "user %s cannot reach %s: %s", u->name, bad, strerror(errno));
		return -1;
	}
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	snprintf(err, errlen, "user %s cannot %s %s (%s:%s, mode %04o)", u->name,
	    strcmp(bad, path) != 0 ? "search" : amode & W_OK ? "write" : "read", bad,
	    pw ? pw->pw_name : "?", gr ? gr->gr_name : "?", (unsigned)(st.st_mode & 07777));
	return -1;
}

/* Makes regular file NAME of directory DFD U's, mode MODE; counts in *GIVEN. */
static int
give_file(int dfd, const char *name, const struct privs_user *u, mode_t mode, int *given,
    char *err, size_t errlen)
{
	struct stat st;
	int fd, rc = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return 0;
	/* O_NOFOLLOW and the second fstat: what is changed is what was checked. */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (st.st_uid != u->uid || st.st_gid != u->gid) {
		if (fchown(fd, u->uid, u->gid) != 0)
			rc = -1;
		else if (given)
			++*given;
	}
	if (rc == 0 && (st.st_mode & 07777) != mode && fchmod(fd, mode) != 0)
		rc = -1;
	if (rc)
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
	close(fd);
	return rc;
}

int
privs_give_dir(const char *dir, const struct privs_user *u, mode_t dirmode, mode_t filemode,
    int *given, char *err, size_t errlen)
{
	struct dirent *e;
	DIR *d = NULL;
	int dfd, fd2 = -1, rc = -1;

	if (given)
		*given = 0;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (fchown(dfd, 0, u->gid) != 0 || fchmod(dfd, dirmode) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if ((fd2 = dup(dfd)) < 0 || (d = fdopendir(fd2)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto out;
	}
	fd2 = -1;
	rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char msg[1024];

		if (give_file(dfd, e->d_name, u, filemode, given, msg, sizeof(msg)) != 0) {
			snprintf(err, errlen, "%s/%s", dir, msg);
			rc = -1;
		}
	}
out:
	if (d)
		closedir(d);
	if (fd2 >= 0)
		close(fd2);
	close(dfd);
	return rc;
}
