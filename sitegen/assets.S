/* assets.S - embeds sitegen/assets/ in the program; see assets.h. */

#define ASSET(sym, file)			\
	.globl sym;				\
	.type sym, @object;			\
	.balign 16;				\
sym:						\
	.incbin file;				\
sym##_end:					\
	.byte 0;				\
	.size sym, . - sym;			\
	.globl sym##_len;			\
	.type sym##_len, @object;		\
	.balign 8;				\
sym##_len:					\
	.quad sym##_end - sym;			\
	.size sym##_len, 8

	.section .rodata
ASSET(assets_layout_html, "sitegen/assets/layout.html")
ASSET(assets_style_css, "sitegen/assets/style.css")
ASSET(assets_assay_js, "sitegen/assets/assay.js")
ASSET(assets_staff_js, "sitegen/assets/staff.js")
ASSET(assets_staff_css, "sitegen/assets/staff.css")

	.section .note.GNU-stack, "", @progbits
