/*
 * assets.h - the layout and front-end files, embedded in the program.
 *
 * assets.S includes sitegen/assets/{layout.html,style.css,assay.js,staff.js,
 * staff.css} with
 * .incbin, so bin/sitegen needs no data files at run time and cannot pick up
 * stale ones; sitegen/module.mk makes the object depend on those files. Each
 * is NUL-terminated (the NUL is not counted in its _len).
 *
 * Only programs reference these symbols (bin/sitegen, tests): the library
 * takes its layout and assets through struct site_config, so code that links
 * the sitegen sources without assets.S (a fuzz harness) still links.
 */
#ifndef SITEGEN_ASSETS_H
#define SITEGEN_ASSETS_H

#include <stddef.h>

extern const char assets_layout_html[];
extern const size_t assets_layout_html_len;
extern const char assets_style_css[];
extern const size_t assets_style_css_len;
extern const char assets_assay_js[];
extern const size_t assets_assay_js_len;
extern const char assets_staff_js[];	/* the staff pages' (staff.h) */
extern const size_t assets_staff_js_len;
extern const char assets_staff_css[];
extern const size_t assets_staff_css_len;

/*
 * The vendored front-end files (sitegen/vendor/public/, refreshed by `make
 * vendor`), embedded by the generated vendor.S: PATH is relative to
 * assets/vendor/ in the built site ("katex/katex.min.js"). The table ends
 * with an entry whose path is NULL; there are assets_vendor_count entries
 * before it.
 */
struct assets_file {
	const char *path;
	const char *data;
	size_t len;
};

extern const struct assets_file assets_vendor[];
extern const size_t assets_vendor_count;

#endif
