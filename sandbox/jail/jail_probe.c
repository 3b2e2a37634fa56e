/*
 * jail_probe.c - the jail's layers: their names, and which of them work on
 * this host (jail_probe(), for `assay doctor` and the worker's check at
 * start); see jail.h.
 *
 * The probe is a real run: /bin/true in a jail with every layer the host
 * offers, under the C profile (so that the seccomp listener and the
 * first-execve path are exercised too). When it fails, the jail's message
 * names the setup step that failed, and so the layer.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/sysfilter.h"
#include "sandbox/util/errmsg.h"

static const char *const layer_names[JAIL_NLAYERS] = {
	"uid", "namespaces", "root", "seccomp", "cgroup-memory", "cgroup-pids",
	"cgroup-cpu", "rlimits",
};

const char *
jail_layer_name(unsigned layer)
{
	for (int i = 0; i < JAIL_NLAYERS; i++)
		if (layer == 1u << i)
			return layer_names[i];
	return NULL;
}

int
jail_layer_parse(const char *list, unsigned *out, char *err, size_t errlen)
{
	const char *p = list;

	*out = 0;
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		int found = 0;

		if (n == 3 && strncmp(p, "all", 3) == 0) {
			*out |= JAIL_LAYERS_ALL;
			found = 1;
		} else if (n == 6 && strncmp(p, "cgroup", 6) == 0) {
			*out |= JAIL_LAYER_CGROUPS;
			found = 1;
		}
		for (int i = 0; i < JAIL_NLAYERS && !found; i++)
			if (strlen(layer_names[i]) == n && strncmp(p, layer_names[i], n) == 0) {
				*out |= 1u << i;
				found = 1;
			}
		if (!found && n > 0) {
			errmsg_set(err, errlen, "unknown layer \"%.*s\" (layers: uid, namespaces,"
			    " root, seccomp, cgroup-memory, cgroup-pids, cgroup-cpu, rlimits;"
			    " cgroup, all)", (int)n, p);
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The layer whose setup step failed, from the jail's message. */
static unsigned
jail_probe_failed_layer(const char *msg)
{
	if (strstr(msg, "clone3") != NULL || strstr(msg, "setup_uts") != NULL ||
	    strstr(msg, "CLONE_NEWCGROUP") != NULL || strstr(msg, "setup_net") != NULL ||
	    strstr(msg, "network namespace") != NULL)
		return JAIL_LAYER_NAMESPACES;
	if (strstr(msg, "setup_root") != NULL || strstr(msg, "setup_private") != NULL)
		return JAIL_LAYER_ROOT;
	if (strstr(msg, "seccomp") != NULL)
		return JAIL_LAYER_SECCOMP;
	if (strstr(msg, "setup_credentials") != NULL || strstr(msg, "needs root") ||
	    strstr(msg, "no_new_privs") != NULL)
		return JAIL_LAYER_UID;
	if (strstr(msg, "setrlimit") != NULL || strstr(msg, "getrlimit") != NULL)
		return JAIL_LAYER_RLIMITS;
	if (strstr(msg, "cgroup") != NULL)
		return JAIL_LAYER_CGROUPS;
	return JAIL_LAYER_UID | JAIL_LAYER_NAMESPACES | JAIL_LAYER_ROOT |
	    JAIL_LAYER_SECCOMP;
}

void
jail_probe(const char *box, uid_t uid, struct jail_probe *out)
{
	static char *const argv[] = { "/bin/true", NULL };
	const struct cgroup_host *cgh = cgroup_probe();
	struct jail_config cfg = {
		.box = box, .uid = uid, .gid = uid, .argv = argv,
		.profile = JAIL_PROFILE_C,
		.limits = { .cpu_ms = 1000, .wall_ms = 5000, .memory_kib = 64 * 1024,
		    .output_kib = 4, .fsize_kib = 64, .files = 16, .processes = 1 },
	};
	struct jail_result r;
	struct rlimit rl;
	char err[512] = "";
	unsigned bad;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CGROUP_NCTL; i++) {
		int bit = i == CGROUP_MEMORY ? 4 : i == CGROUP_PIDS ? 5 : 6;
		const struct cgroup_ctl *ct = &cgh->ctl[i];

		if (ct->version == 0)
			snprintf(out->detail[bit], sizeof(out->detail[0]), "%s", ct->why);
		else if (i == CGROUP_CPU && ct->version == 1)
			snprintf(out->detail[bit], sizeof(out->detail[0]), "cgroup v1 under"
			    " %.100s (one CPU) and %.100s (CPU time)", ct->dir, ct->acct_dir);
		else
			snprintf(out->detail[bit], sizeof(out->detail[0]),
			    "cgroup v%d under %.280s", ct->version, ct->dir);
	}
	if (getrlimit(RLIMIT_AS, &rl) == 0)
		snprintf(out->detail[7], sizeof(out->detail[0]), "CPU, stack, file size,"
		    " files, processes, core, memlock; address space when there is no"
		    " memory cgroup (host hard limit of the address space: %s)",
		    rl.rlim_max == RLIM_INFINITY ? "none" : "set");

	if (jail_run(&cfg, &r, err, sizeof(err)) == 0 && r.status == JAIL_EXITED &&
	    r.code == 0) {
		out->active = r.layers;
		snprintf(out->detail[0], sizeof(out->detail[0]), "programs run as uid"
		    " %u with no groups, no capabilities, no_new_privs", (unsigned)uid);
		snprintf(out->detail[1], sizeof(out->detail[0]),
		    "pid, mount, ipc, uts and cgroup namespaces per run; an empty"
		    " network namespace per grader, shared by its runs");
		snprintf(out->detail[2], sizeof(out->detail[0]), "pivot_root into a tmpfs"
		    " with /usr read-only, a few /etc files, /dev/{null,zero,urandom},"
		    " /proc of the box, a private /tmp");
		{
			char v[64];

			snprintf(out->detail[3], sizeof(out->detail[0]), "%s allowlists"
			    " per profile (a forbidden call is notified, named and"
			    " the box killed); other architectures killed",
			    sysfilter_version(v, sizeof(v)));
		}
		for (int i = 4; i < 7; i++)
			if (!(out->active & (1u << i)) && out->detail[i][0] == '\0')
				snprintf(out->detail[i], sizeof(out->detail[0]), "not used");
	} else {
		if (err[0] == '\0')
			snprintf(err, sizeof(err), "/bin/true in the jail did not exit"
			    " with status 0 (status %d, code %d, signal %d)", r.status,
			    r.code, r.signal);
		bad = jail_probe_failed_layer(err);
		out->active = JAIL_LAYERS_ALL & ~bad;
		for (int i = 0; i < CGROUP_NCTL; i++)
			if (cgh->ctl[i].version == 0)
				out->active &= ~(unsigned)(JAIL_LAYER_CGROUP_MEMORY << i);
		for (int i = 0; i < JAIL_NLAYERS; i++)
			if (bad & (1u << i))
				snprintf(out->detail[i], sizeof(out->detail[0]), "%s", err);
			else if (out->detail[i][0] == '\0')
				snprintf(out->detail[i], sizeof(out->detail[0]),
				    "not verified: the jail failed in another layer");
	}
	jail_result_clear(&r);
}
