/*
 * test_util.c - the helpers every room uses: the growable buffer (buf.h),
 * untrusted text made fit to show (clean.h), reading files (file.h),
 * hexadecimal digits (hex.h) and one-line error messages (errmsg.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"
#include "sandbox/util/file.h"
#include "sandbox/util/hex.h"
#include "tests/tap.h"

static void
test_clean_and_buf(void)
{
	struct buf t;
	size_t used;
	char *s;

	s = clean_text("a\xff" "b", 3, 0, 0, &used);
	is_str(s, "a\xef\xbf\xbd" "b", "an invalid byte becomes U+FFFD");
	free(s);
	s = clean_text("\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|", 12, 0, 0, NULL);
	is_str(s, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|",
	    "overlong forms, surrogates and code points past U+10FFFF are refused");
	free(s);
	s = clean_text("x\0y", 3, 0, 0, NULL);
	is_str(s, "x\xef\xbf\xbdy", "a NUL byte becomes U+FFFD");
	free(s);
	s = clean_text("\xc3\xa9\xc3\xa9", 4, 3, 0, &used);
	ok(strcmp(s, "\xc3\xa9") == 0 && used == 2, "no character is cut in two");
	free(s);
	s = clean_text("a\nb\nc\n", 6, 0, 2, &used);
	ok(strcmp(s, "a\nb\n") == 0 && used == 4, "at most 2 lines");
	free(s);
	s = clean_text("\xe2\x82", 2, 0, 0, NULL);
	is_str(s, "\xef\xbf\xbd\xef\xbf\xbd", "a truncated sequence at the end");
	free(s);
	s = clean_text("\xe2\x82\xac", 3, 0, 0, NULL);
	is_str(s, "\xe2\x82\xac", "valid UTF-8 is kept");
	free(s);
	s = clean_text_noted("abcdef", 6, 4, 0);
	is_str(s, "abcd\n[... 2 more bytes not shown]\n", "a cut text says how much is missing");
	free(s);
	s = clean_text_noted("a\nb\nc\n", 6, 0, 2);
	is_str(s, "a\nb\n[... 2 more bytes not shown]\n", "after its last kept line");
	free(s);
	s = clean_text_noted("abc", 3, 4, 0);
	is_str(s, "abc", "a text that fits is as it was");
	free(s);

	buf_init(&t);
	clean_block(&t, "", 0, 100, 10, "  ");
	clean_block(&t, "1\n2", 3, 100, 10, "  ");
	clean_block(&t, "1\n2\n3\n", 6, 100, 2, "  ");
	s = buf_steal(&t);
	is_str(s, "  (nothing)\n  1\n  2\n  (no newline at the end)\n  1\n  2\n"
	    "  [... 2 more bytes not shown]\n", "blocks say what is missing");
	free(s);

	s = clean_replace("/box/a /box/b", "/box/", "");
	is_str(s, "a b", "clean_replace");
	free(s);

	buf_init(&t);
	buf_printf(&t, "%d-%s", 42, "x");
	buf_puts(&t, "!");
	s = buf_steal(&t);
	is_str(s, "42-x!", "buf_printf and puts");
	free(s);
	buf_init(&t);
	s = buf_steal(&t);
	is_str(s, "", "an empty text is \"\"");
	free(s);
}

static void
test_buf_more(void)
{
	struct buf b = BUF_INIT;
	char *s;

	ok(b.data == NULL && b.len == 0, "BUF_INIT is empty, nothing allocated");
	buf_add(&b, "", 0);
	ok(b.data != NULL && b.data[0] == '\0' && b.len == 0,
	    "adding nothing makes the buffer a string (\"\")");
	buf_putc(&b, 'x');
	buf_add(&b, "yz\0w", 4);
	ok(b.len == 5 && memcmp(b.data, "xyz\0w", 6) == 0, "bytes and NULs are kept");
	buf_truncate(&b, 2);
	is_str(b.data, "xy", "truncate");
	buf_truncate(&b, 10);
	is_str(b.data, "xy", "truncating to more than there is changes nothing");
	buf_reset(&b);
	ok(b.len == 0 && b.data != NULL && b.data[0] == '\0', "reset keeps the memory");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d", i);
	ok(b.len == 3000 && strncmp(b.data + 2997, "999", 3) == 0, "it grows");
	ok(buf_grow(&b, (size_t)-1 / 2) == -1 && b.oom, "an impossible size sets oom");
	buf_puts(&b, "more");
	ok(b.len == 3000, "after oom, appends are ignored");
	s = buf_steal(&b);
	ok(s == NULL && b.data == NULL && b.len == 0 && !b.oom,
	    "buf_steal says NULL after oom, and frees the buffer");
	buf_free(&b);
}

static void
test_file(void)
{
	char dir[] = "/tmp/assay-util-XXXXXX", path[64], small[8], *data;
	size_t len, big = 300000;
	FILE *f;
	int rc;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/f", dir);
	f = fopen(path, "w");
	fwrite("a\0b", 1, 3, f);
	fclose(f);
	rc = file_read(path, &data, &len);
	ok(rc == 0 && len == 3 && memcmp(data, "a\0b", 4) == 0,
	    "file_read: every byte, NULs too, and a NUL after them");
	free(data);

	f = fopen(path, "w");
	for (size_t i = 0; i < big; i++)
		fputc('0' + (int)(i % 10), f);
	fclose(f);
	rc = file_read(path, &data, &len);
	ok(rc == 0 && len == big && data[big - 1] == '9' && data[big] == '\0',
	    "file_read: a large file whole");
	free(data);

	rc = file_read("/proc/self/status", &data, &len);
	ok(rc == 0 && len > 0 && strncmp(data, "Name:", 5) == 0,
	    "file_read: a file whose size stat() says is 0 (/proc)");
	free(data);

	errno = 0;
	data = (char *)1;
	rc = file_read("/nonexistent/x", &data, &len);
	ok(rc == -1 && errno == ENOENT && data == NULL, "file_read: a missing file, ENOENT");

	rc = file_read_small(path, small, sizeof(small));
	is_str(rc == 0 ? small : NULL, "0123456", "file_read_small: at most LEN - 1 bytes");
	errno = 0;
	ok(file_read_small("/nonexistent/x", small, sizeof(small)) == -1 && errno == ENOENT,
	    "file_read_small: a missing file, ENOENT");
	unlink(path);
	rmdir(dir);
}

static void
test_hex_errmsg(void)
{
	char err[8];
	int good = 1;

	for (int c = 0; c < 256; c++) {
		int want = c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (hex_value(c) != want)
			good = 0;
	}
	ok(good, "hex_value: 0-9, a-f, A-F, and -1 for the other 234 bytes");
	errmsg_set(err, sizeof(err), "jail: %s", "open_tree failed");
	is_str(err, "jail: o", "errmsg_set truncates to fit");
	strcpy(err, "kept");
	errmsg_set(err, 0, "dropped %d", 1);
	is_str(err, "kept", "errmsg_set with no room drops the message");
	errmsg_set(NULL, 0, "dropped %d", 1);
}

int
main(void)
{
	test_clean_and_buf();
	test_buf_more();
	test_file();
	test_hex_errmsg();
	return tap_done();
}
