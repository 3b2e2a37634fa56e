/*
 * test_page.c - fcgi/page.h, the service's HTML writer: text escaped for an
 * element and a quoted attribute alike, a redirect's path percent-encoded
 * where a URL may not hold the byte, a page's start (the site's stylesheet,
 * the refresh while grading) and end.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/page.h"
#include "tests/tap.h"

static char *
escaped(const char *s)
{
	struct buf b = BUF_INIT;

	page_text(&b, s);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static char *
url(const char *s)
{
	struct buf b = BUF_INIT;

	page_url(&b, s);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static void
test_text(void)
{
	char *got;
	struct buf b = BUF_INIT;

	got = escaped("<script>alert('x') & \"y\"</script>");
	is_str(got, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;",
	    "the five characters escaped");
	free(got);
	got = escaped("plain caf\xc3\xa9 text\n");
	is_str(got, "plain caf\xc3\xa9 text\n", "other text as it is");
	free(got);
	got = escaped(NULL);
	is_str(got, "", "NULL is empty");
	free(got);
	got = escaped("&amp;");
	is_str(got, "&amp;amp;", "an entity is text, escaped again");
	free(got);
	page_textn(&b, "a<b\0<c", 6);
	ok(b.len == 12 && memcmp(b.data, "a&lt;b\0&lt;c", 12) == 0, "page_textn: N bytes, a NUL too");
	buf_free(&b);
}

static void
test_url(void)
{
	char *got;

	got = url("/c/hello.html");
	is_str(got, "/c/hello.html", "a plain path as it is");
	free(got);
	got = url("/caf\xc3\xa9 x\".html?a=1&b=2#f");
	is_str(got, "/caf%C3%A9%20x%22.html?a=1&b=2#f", "non-ASCII, space and quote encoded");
	free(got);
	got = url("/<x>\r\n");
	is_str(got, "/%3Cx%3E%0D%0A", "angle brackets and CR LF encoded (never a header break)");
	free(got);
}

static void
test_page(void)
{
	struct buf b = BUF_INIT;

	page_begin(&b, "Submission <1>", 2);
	page_end(&b);
	buf_add(&b, "", 0);
	ok(b.data != NULL && strncmp(b.data, "<!DOCTYPE html>\n", 16) == 0, "a doctype");
	ok(strstr(b.data, "<meta http-equiv=\"refresh\" content=\"2\">") != NULL,
	    "refresh when asked");
	ok(strstr(b.data, "<link rel=\"stylesheet\" href=\"/assets/style.css\">") != NULL,
	    "the site's stylesheet");
	ok(strstr(b.data, "<title>Submission &lt;1&gt;</title>") != NULL &&
	    strstr(b.data, "<h1>Submission &lt;1&gt;</h1>") != NULL, "the title escaped");
	ok(strstr(b.data, "<script") == NULL, "no script");
	ok(strstr(b.data, "</main>") != NULL && strstr(b.data, "</html>\n") != NULL, "the end");
	buf_reset(&b);
	page_begin(&b, "x", 0);
	buf_add(&b, "", 0);
	ok(strstr(b.data, "refresh") == NULL, "no refresh when not asked");
	buf_free(&b);
}

int
main(void)
{
	test_text();
	test_url();
	test_page();
	return tap_done();
}
