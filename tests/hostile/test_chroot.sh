#!/bin/sh
# test_chroot.sh - the jail where / is not a mount point (a grader in a
# chroot): the jail's unit test, run inside a chroot built in a private
# mount namespace, must pass, and nothing of it may be left mounted on the
# host. Without /sys in the chroot the grader finds no cgroup: the rlimit
# fallbacks are tested too. TAP output; run by tests/run hostile. Needs root
# and unshare(1).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1; then
	echo "1..0 # SKIP needs root and unshare"
	exit 0
fi
root=$(mktemp -d /tmp/assay-test-chroot-XXXXXX)
trap 'rm -rf "$root"' EXIT
repo=$(pwd)
mkdir -p "$root/usr" "$root/tmp" "$root/proc" "$root/dev" "$root/etc" "$root/repo"
for l in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$l" ]; then
		ln -s "$(readlink "/$l")" "$root/$l"
	elif [ -d "/$l" ]; then
		mkdir "$root/$l"
	fi
done
cp /etc/ld.so.cache /etc/passwd /etc/group "$root/etc/"
chmod 1777 "$root/tmp"

# In a mount namespace of its own, so that the chroot's mounts vanish with
# it; the chroot's / is a plain directory there.
unshare -m --propagation private sh -c '
	set -e
	root=$1 repo=$2 B=$3
	mount --rbind /usr "$root/usr"
	for l in bin sbin lib lib32 lib64 libx32; do
		if [ -d "/$l" ] && [ ! -L "/$l" ]; then mount --rbind "/$l" "$root/$l"; fi
	done
	mount --rbind /dev "$root/dev"
	mount -t proc proc "$root/proc"
	mount --bind "$repo" "$root/repo"
	exec chroot "$root" /bin/sh -c "
		if grep -q \" / / \" /proc/self/mountinfo; then echo rootmounted; fi
		cd /repo && $B/tests/sandbox/jail/test_jail"
' sh "$root" "$repo" "$B" >"$root.log" 2>&1
status=$?
n=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
if grep -q '^rootmounted' "$root.log"; then r=1; else r=0; fi
ok $r "in the chroot, / is not a mount point"
if [ $status -eq 0 ] && grep -q '^1\.\.' "$root.log" && ! grep -q '^not ok' "$root.log"; then
	r=0
else
	r=1
	grep -A5 '^not ok' "$root.log" | head -40 | sed 's/^/# /'
	tail -5 "$root.log" | sed 's/^/# /'
fi
ok $r "the jail's unit test passes in it ($(grep -c '^ok' "$root.log") points)"
if grep -q "$root" /proc/self/mountinfo; then r=1; else r=0; fi
ok $r "nothing of it is mounted on the host"
rm -f "$root.log"
echo "1..$n"
