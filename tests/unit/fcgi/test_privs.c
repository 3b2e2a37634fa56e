/*
 * test_privs.c - privs_drop() for real: a child process started as root
 * drops to a user, and what the kernel then says of it is checked (its
 * uids, gids and groups in /proc/self/status, no capability left,
 * no_new_privs), and that root cannot be taken back nor a root-only file
 * opened. privs_reach() names what bars the way; privs_give_dir() gives a
 * store's files over, leaving links and subdirectories alone. Needs root:
 * skipped otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcgi/privs.h"
#include "tests/tap.h"

/* What a child checks after dropping privileges: one bit each. */
static const char *const checks[] = {
	"privs_drop() succeeds",
	"getuid() and geteuid() are the user's",
	"getgid() and getegid() are the user's group",
	"/proc/self/status: real, effective, saved and filesystem uids are the user's",
	"/proc/self/status: the four gids are the user's group",
	"/proc/self/status: no supplementary group but the user's own",
	"/proc/self/status: no capability, effective, permitted, inheritable or ambient",
	"no_new_privs is set",
	"setuid(0) fails with EPERM",
	"setgid(0) and setgroups() fail",
	"a root-only file cannot be opened",
	"a second privs_drop() to another user fails",
};
#define NCHECKS (sizeof(checks) / sizeof(*checks))

static char secret[PATH_MAX];

/* The value of FIELD ("Uid") in /proc/self/status, tabs and all, or "". */
static const char *
status_field(const char *field, char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[512];
	size_t n = strlen(field);

	buf[0] = '\0';
	if (f == NULL)
		return buf;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			snprintf(buf, len, "%s", line + n + 1);
			buf[strcspn(buf, "\n")] = '\0';
			break;
		}
	fclose(f);
	return buf;
}

/* In a child: drops to U and returns the bitmask of the checks that failed. */
static unsigned
drop_and_check(const struct privs_user *u)
{
	char err[256], want[64], buf[256];
	struct privs_user other = { .uid = u->uid + 1, .gid = u->gid + 1 };
	unsigned bad = 0;
	int b = 0;

	if (privs_drop(u, err, sizeof(err)) != 0) {
		fprintf(stderr, "# %s\n", err);
		return ~0u;
	}
	b++;
	if (getuid() != u->uid || geteuid() != u->uid)
		bad |= 1u << b;
	b++;
	if (getgid() != u->gid || getegid() != u->gid)
		bad |= 1u << b;
	b++;
	snprintf(want, sizeof(want), "\t%u\t%u\t%u\t%u", (unsigned)u->uid, (unsigned)u->uid,
	    (unsigned)u->uid, (unsigned)u->uid);
	if (strcmp(status_field("Uid", buf, sizeof(buf)), want) != 0)
		bad |= 1u << b;
	b++;
	snprintf(want, sizeof(want), "\t%u\t%u\t%u\t%u", (unsigned)u->gid, (unsigned)u->gid,
	    (unsigned)u->gid, (unsigned)u->gid);
	if (strcmp(status_field("Gid", buf, sizeof(buf)), want) != 0)
		bad |= 1u << b;
	b++;
	/* "Groups:\t65534 " or "Groups:\t" */
	status_field("Groups", buf, sizeof(buf));
	for (char *t = strtok(buf, " \t"); t; t = strtok(NULL, " \t"))
		if (strtoul(t, NULL, 10) != u->gid)
			bad |= 1u << b;
	b++;
	if (strcmp(status_field("CapEff", buf, sizeof(buf)), "\t0000000000000000") != 0 ||
	    strcmp(status_field("CapPrm", buf, sizeof(buf)), "\t0000000000000000") != 0 ||
	    strcmp(status_field("CapInh", buf, sizeof(buf)), "\t0000000000000000") != 0 ||
	    strcmp(status_field("CapAmb", buf, sizeof(buf)), "\t0000000000000000") != 0)
		bad |= 1u << b;
	b++;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		bad |= 1u << b;
	b++;
	errno = 0;
	if (setuid(0) == 0 || errno != EPERM)
		bad |= 1u << b;
	b++;
	if (setgid(0) == 0 || setgroups(0, NULL) == 0)
		bad |= 1u << b;
	b++;
	if (open(secret, O_RDONLY) >= 0 || errno != EACCES)
		bad |= 1u << b;
	b++;
	if (privs_drop(&other, err, sizeof(err)) == 0)
		bad |= 1u << b;
	return bad;
}

/* Drops to U in a child process; one test point per check, named after WHO. */
static void
run_child(const struct privs_user *u, const char *who)
{
	unsigned bad = ~0u;
	int fds[2], st;
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		ok(0, "%s: fork", who);
		return;
	}
	if (pid == 0) {
		bad = drop_and_check(u);
		(void)!write(fds[1], &bad, sizeof(bad));
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &bad, sizeof(bad)) != sizeof(bad))
		bad = ~0u;
	close(fds[0]);
	waitpid(pid, &st, 0);
	for (size_t i = 0; i < NCHECKS; i++)
		ok(!(bad & (1u << i)), "%s: %s", who, checks[i]);
}

static void
make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd >= 0)
		close(fd);
	chmod(path, mode);
}

static int
owned(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat st;

	return lstat(path, &st) == 0 && st.st_uid == uid && st.st_gid == gid &&
	    (st.st_mode & 07777) == mode;
}

static void
test_reach(const struct privs_user *u, const char *dir)
{
	char barred[PATH_MAX], deep[PATH_MAX + 16], file[PATH_MAX], want[2 * PATH_MAX],
	    err[PATH_MAX + 256];

	snprintf(barred, sizeof(barred), "%s/barred", dir);
	snprintf(deep, sizeof(deep), "%s/a/b", barred);
	snprintf(file, sizeof(file), "%s/root-only", dir);
	mkdir(barred, 0700);
	make_file(file, 0600);
	ok(privs_reach(u, dir, R_OK | X_OK, err, sizeof(err)) == 0,
	    "privs_reach(): a directory of mode 0755 is reached");
	snprintf(want, sizeof(want), "user %s cannot search %s (root:root, mode 0700)", u->name,
	    barred);
	ok(privs_reach(u, deep, R_OK, err, sizeof(err)) == -1, "a path under a directory of "
	    "mode 0700 is not");
	is_str(err, want, "... and the message names that directory");
	snprintf(want, sizeof(want), "user %s cannot write %s (root:root, mode 0600)", u->name,
	    file);
	ok(privs_reach(u, file, R_OK | W_OK, err, sizeof(err)) == -1 && strcmp(err, want) == 0,
	    "a root file of mode 0600 is not read or written (%s)", err);
	ok(privs_reach(u, "relative/path", R_OK, err, sizeof(err)) == -1 &&
	    strstr(err, "not an absolute path"), "a relative path is refused (%s)", err);
	unlink(file);
	rmdir(barred);
}

static void
test_give_dir(const struct privs_user *u, const char *dir)
{
	char db[PATH_MAX], data[PATH_MAX + 16], lock[PATH_MAX + 16], link[PATH_MAX + 16],
	    sub[PATH_MAX + 16], target[PATH_MAX + 16], err[PATH_MAX + 256];
	int given = -1;

	snprintf(db, sizeof(db), "%s/db", dir);
	snprintf(data, sizeof(data), "%s/data.mdb", db);
	snprintf(lock, sizeof(lock), "%s/lock.mdb", db);
	snprintf(link, sizeof(link), "%s/link", db);
	snprintf(sub, sizeof(sub), "%s/sub", db);
	snprintf(target, sizeof(target), "%s/target", dir);
	mkdir(db, 0700);
	mkdir(sub, 0700);
	make_file(data, 0644);
	make_file(lock, 0600);
	make_file(target, 0600);
	if (symlink(target, link) != 0)
		ok(0, "a symbolic link");
	err[0] = '\0';
	ok(privs_give_dir(db, u, 0710, 0600, &given, err, sizeof(err)) == 0,
	    "privs_give_dir() on a store made by root%s%s", err[0] ? ": " : "", err);
	is_int(given, 2, "two files given over");
	ok(owned(db, 0, u->gid, 0710), "the directory: root's, the user's group, mode 0710");
	ok(owned(data, u->uid, u->gid, 0600) && owned(lock, u->uid, u->gid, 0600),
	    "its files: the user's, mode 0600");
	ok(owned(target, 0, 0, 0600), "a symbolic link is not followed");
	ok(owned(sub, 0, 0, 0700), "a subdirectory is left alone");
	ok(privs_give_dir(db, u, 0710, 0600, &given, err, sizeof(err)) == 0 && given == 0,
	    "a second time: nothing more to give");
	ok(privs_give_dir(target, u, 0710, 0600, &given, err, sizeof(err)) == -1 &&
	    strstr(err, target), "not a directory: an error naming it (%s)", err);
	unlink(link);
	unlink(data);
	unlink(lock);
	unlink(target);
	rmdir(sub);
	rmdir(db);
}

int
main(void)
{
	struct privs_user u, numeric = { .uid = 64990, .gid = 64990 };
	char err[256], dir[] = "/tmp/test_privs.XXXXXX";
	int fd;

	if (geteuid() != 0) {
		printf("1..0 # SKIP dropping privileges needs root\n");
		return 0;
	}
	ok(privs_lookup("root", &u, err, sizeof(err)) == -1 && strstr(err, "uid 0"),
	    "privs_lookup() refuses a user of uid 0 (%s)", err);
	ok(privs_lookup("no-such-user-of-assay", &u, err, sizeof(err)) == -1 &&
	    strstr(err, "no user"), "privs_lookup() says when there is no such user (%s)", err);
	ok(privs_drop(&(struct privs_user){ .uid = 0, .gid = 0 }, err, sizeof(err)) == -1,
	    "privs_drop() refuses uid 0");

	if (mkdtemp(dir) == NULL || chmod(dir, 0755) != 0) {
		ok(0, "a temporary directory");
		return tap_done();
	}
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	if ((fd = open(secret, O_WRONLY | O_CREAT | O_EXCL, 0600)) >= 0)
		close(fd);

	/* By number: only the user's own group. */
	run_child(&numeric, "uid 64990");
	/* By name (the supplementary groups from the group database). */
	if (privs_lookup("nobody", &u, err, sizeof(err)) == 0) {
		ok(u.uid != 0 && u.name[0] && u.group[0], "privs_lookup(nobody): %u %s %s",
		    (unsigned)u.uid, u.name, u.group);
		run_child(&u, "nobody");
		test_reach(&u, dir);
		test_give_dir(&u, dir);
	}
	ok(getuid() == 0 && geteuid() == 0, "the parent is still root");
	unlink(secret);
	rmdir(dir);
	return tap_done();
}
