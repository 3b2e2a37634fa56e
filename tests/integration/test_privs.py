#!/usr/bin/python3
"""test_privs.py - least privilege, on the real stack started as root.

nginx's workers, assay-session and assay-submissions (every process of
each) run as the service user: real, effective, saved and filesystem uids
and gids its, no supplementary group but its own, no capability, and (the
API programs, which drop privileges themselves) no_new_privs; nginx's master
and the graders stay root. The store is readable by no one else; the stack
still works end to end; the admin command, as root, still works beside it;
an older store made by root is given over; a missing user, a barred data
directory and --user without root are refused with a clear message.

TAP output; run by tests/run (make check). Needs root: skipped otherwise.
"""
import os
import pwd
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, ROOT, SERVICE_USER, Stack, done, free_port, ok,  # noqa: E402
                     proc_status, run)

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
HELLO_OK = r'''#include <stdio.h>
int main(void)
{
	char name[100];
	if (scanf("%99s", name) != 1)
		return 1;
	printf("Hello, %s!\n", name);
	return 0;
}
'''
ZERO_CAPS = "0000000000000000"


def processes(stack):
    """The run's processes by role: {role: [(pid, status)]}."""
    roles = {"nginx master": [], "nginx worker": [], "assay-session": [],
             "assay-submissions": [], "assay-worker": []}
    for pid, comm, cmd in stack.by_name():
        st = proc_status(pid)
        if st is None:
            continue
        if cmd.startswith("nginx: master"):
            roles["nginx master"].append((pid, st))
        elif cmd.startswith("nginx: worker"):
            roles["nginx worker"].append((pid, st))
        else:
            # comm is cut at 15 characters (assay-submissio): the program's
            # name from its command line; a grader's jail shares the latter.
            prog = os.path.basename(cmd.split()[0]) if cmd else ""
            if prog in roles and comm != "assay-jail":
                roles[prog].append((pid, st))
    return roles


def unprivileged(st, user, nnp):
    """What is wrong with a process that should be USER's, or ''."""
    wrong = []
    uids, gids = st["Uid"].split(), st["Gid"].split()
    if uids != [str(user.pw_uid)] * 4:
        wrong.append("Uid %s" % uids)
    if gids != [str(user.pw_gid)] * 4:
        wrong.append("Gid %s" % gids)
    if [g for g in st.get("Groups", "").split() if g != str(user.pw_gid)]:
        wrong.append("Groups %s" % st.get("Groups"))
    for cap in ("CapEff", "CapPrm", "CapInh", "CapAmb"):
        if st.get(cap, ZERO_CAPS) != ZERO_CAPS:
            wrong.append("%s %s" % (cap, st[cap]))
    if nnp and st.get("NoNewPrivs") != "1":
        wrong.append("NoNewPrivs %s" % st.get("NoNewPrivs"))
    return ", ".join(wrong)


def test_processes(stack, user):
    roles = processes(stack)
    for role in ("nginx worker", "assay-session", "assay-submissions"):
        procs = roles[role]
        bad = ["%d: %s" % (pid, unprivileged(st, user, role != "nginx worker"))
               for pid, st in procs if unprivileged(st, user, role != "nginx worker")]
        ok(procs and not bad, "%s: %d processes, all user %s (uid %d), no group of root, "
           "no capability%s" % (role, len(procs), user.pw_name, user.pw_uid,
                                "" if role == "nginx worker" else ", no_new_privs"), bad)
    for role in ("nginx master", "assay-worker"):
        procs = roles[role]
        ok(procs and all(st["Uid"].split()[1] == "0" for _, st in procs),
           "%s: %d processes, root" % (role, len(procs)), procs)


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_files(stack, user):
    db = os.path.join(stack.data, "db")
    st = os.lstat(db)
    ok(st.st_uid == 0 and st.st_gid == user.pw_gid and mode(db) == 0o710,
       "DATA/db: root's, group %s, mode 0710" % user.pw_name, "%d:%d %o" %
       (st.st_uid, st.st_gid, mode(db)))
    files = sorted(os.listdir(db))
    ok("data.mdb" in files and "lock.mdb" in files, "the store's files: %s" % files)
    bad = []
    for f in files:
        st = os.lstat(os.path.join(db, f))
        if st.st_uid != user.pw_uid or st.st_gid != user.pw_gid or st.st_mode & 0o077:
            bad.append("%s %d:%d %o" % (f, st.st_uid, st.st_gid, mode(os.path.join(db, f))))
    ok(not bad, "every file of the store is the service user's, readable by no one else",
       bad)
    runs = os.path.join(stack.data, "run")
    st = os.lstat(runs)
    ok(st.st_uid == 0 and st.st_gid == user.pw_gid and mode(runs) == 0o710,
       "DATA/run: root's, group %s, mode 0710" % user.pw_name)
    for sock in ("session.sock", "submissions.sock"):
        st = os.lstat(os.path.join(runs, sock))
        ok(stat.S_ISSOCK(st.st_mode) and st.st_uid == user.pw_uid and mode(
            os.path.join(runs, sock)) == 0o600, "%s: the service user's, mode 0600" % sock)
    st = os.lstat(os.path.join(runs, "wake"))
    ok(stat.S_ISFIFO(st.st_mode) and st.st_uid == 0 and st.st_gid == user.pw_gid and
       mode(os.path.join(runs, "wake")) == 0o620,
       "the wake-up FIFO: root's, group-writable, mode 0620")
    ok("gave 2 files of the store over to user %s" % user.pw_name in stack.serve_log(),
       "the store made by `assay user add` as root was given over, with a log line",
       stack.serve_log())


def test_end_to_end(stack, user):
    alice = stack.client()
    r = alice.login("alice", "alice-pw")
    ok(r.status == 200, "login", r)
    r = alice.submit("c/hello", "c", HELLO_OK)
    ok(r.status == 202, "submit: 202", r)
    sid = r.json.get("id") if r.json else None
    res = alice.wait(sid) if sid else {}
    ok(res.get("status") == "Accepted", "graded Accepted", res)
    # The admin command, as root, beside the running service.
    p = run(os.path.join(BIN, "assay"), "--data", stack.data, "user", "add", "carol",
            stdin="carol-pw\n", check=False)
    ok(p.returncode == 0, "`assay user add` as root while the service runs", p.stderr)
    carol = stack.client()
    r = carol.login("carol", "carol-pw")
    ok(r.status == 200, "the service sees the user added as root", r)
    rec = stack.record(sid) if sid else {}
    ok(rec.get("status") == "Accepted", "`assay submission show` as root reads the record")
    bad = [f for f in os.listdir(os.path.join(stack.data, "db"))
           if os.lstat(os.path.join(stack.data, "db", f)).st_uid != user.pw_uid]
    ok(not bad, "the store's files are still the service user's", bad)


def serve(data, site, *extra, user=None):
    """Runs `assay serve` expected to refuse; returns (status, output)."""
    args = [os.path.join(BIN, "assay"), "--data", data, "serve", "--site", site, "--port",
            str(free_port()), "--workers", "1",
            "--nginx-template", os.path.join(ROOT, "nginx", "nginx.conf.in")] + list(extra)
    pre = ["setpriv", "--reuid", user, "--regid", user, "--clear-groups"] if user else []
    try:
        p = subprocess.run(pre + args, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return -1, "still running after 30 s"
    return p.returncode, p.stdout + p.stderr


def test_refusals(stack, user):
    rc, out = serve(stack.data, stack.site, "--user", "no-such-user-of-assay")
    ok(rc != 0 and "no user no-such-user-of-assay" in out and "useradd --system" in out,
       "a missing service user: refused, saying how to create it", out)
    barred = tempfile.mkdtemp(prefix="assay-barred-")	# mode 0700, root's
    try:
        rc, out = serve(os.path.join(barred, "data"), stack.site, "--user", user.pw_name)
        ok(rc != 0 and ("cannot search %s (root:root, mode 0700)" % barred) in out,
           "a data directory the service user cannot reach: refused, naming the directory",
           out)
        ok(not os.path.exists(os.path.join(barred, "data", "run", "session.sock")),
           "and nothing was started")
        os.chmod(barred, 0o755)
        rc, out = serve(os.path.join(barred, "data"), stack.site, "--user", "root",
                        user=user.pw_name)
        ok(rc != 0 and "--user root needs root" in out,
           "not root: --user naming another user is refused", out)
    finally:
        subprocess.run(["rm", "-rf", barred])


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP least privilege is about starting as root")
        return
    try:
        user = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        ok(False, "the service user %s exists (make deps-check creates it)" % SERVICE_USER)
        done()
    stack = Stack(COURSE, workers=1)
    try:
        test_processes(stack, user)
        test_files(stack, user)
        test_end_to_end(stack, user)
        test_processes(stack, user)	# still so after requests, restarts and all
        test_refusals(stack, user)
        left = stack.stop()
        ok(not left, "Ctrl-C stops everything: no process left", left)
    finally:
        if stack.proc.poll() is None:
            stack.stop()
        stack.cleanup()
    done()


if __name__ == "__main__":
    main()
