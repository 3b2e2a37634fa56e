/*
 * privs.h - becoming the unprivileged service user, for good.
 *
 * `assay serve` started as root runs nginx's workers and the programs that
 * parse untrusted HTTP (assay-session, assay-submissions) as a service user
 * (`assay` unless --user names another); only the graders keep root, which
 * their jail needs. privs_drop() is the one way a process of Assay gives
 * root up: supplementary groups, group, user, in that order, then checks
 * that nothing of root is left and that it cannot be taken back.
 *
 * The other two functions serve the supervisor (launch.h), still root,
 * before it starts anything: privs_reach() asks whether the service user
 * can get at a path, and names the directory that bars it when it cannot;
 * privs_give_dir() hands a directory's files over to the service user
 * while the directory itself stays root's.
 */
#ifndef ASSAY_PRIVS_H
#define ASSAY_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

struct privs_user {
	char name[64];		/* "" when only the numbers are known */
	char group[64];		/* the name of its primary group, or "" */
	uid_t uid;
	gid_t gid;		/* its primary group */
};

/*
 * Looks NAME up in the user database into U. Returns 0, or -1 with a
 * message in ERR: no such user, or one with uid 0 (the service would run as
 * root all the same).
 */
int privs_lookup(const char *name, struct privs_user *u, char *err, size_t errlen);

/*
 * Becomes U for the rest of the process's life: the supplementary groups
 * are U's from the group database (only U's group when U has no name), then
 * real, effective and saved gid, then uid; sets no_new_privs, so that no
 * set-user-ID program run later can give anything back. Then checks: the
 * three uids and gids are U's, no capability is left (effective, permitted
 * or inheritable), and setuid(0), setgid(0) and setgroups() all fail.
 * Returns 0, or -1 with a message in ERR: the process must then not go on
 * (it may be half-way). Needs root; U's uid must not be 0.
 *
 * Note: changing credentials clears the parent-death signal
 * (PR_SET_PDEATHSIG): set it again afterwards.
 */
int privs_drop(const struct privs_user *u, char *err, size_t errlen);

/*
 * Whether U can get at PATH (absolute) with access(2) mode AMODE (R_OK,
 * W_OK, X_OK, or'ed): asked by a child process that becomes U, so the
 * kernel's own rules answer. Returns 0 when it can; -1 with a message in
 * ERR naming the first directory U cannot search ("user assay cannot
 * search /root (root:root, mode 0700)") or PATH itself. Needs root.
 */
int privs_reach(const struct privs_user *u, const char *path, int amode, char *err,
    size_t errlen);

/*
 * Gives directory DIR over to U the way the store is kept: DIR stays
 * root's, its group U's group, mode DIRMODE; every regular file in it
 * becomes U's (owner and group), mode FILEMODE. Symbolic links and other
 * non-regular entries are left alone (never followed); subdirectories are
 * not entered. *GIVEN (may be NULL) counts the files whose owner changed.
 * Returns 0, or -1 with a message in ERR. Needs root.
 */
int privs_give_dir(const char *dir, const struct privs_user *u, mode_t dirmode,
    mode_t filemode, int *given, char *err, size_t errlen);

#endif
