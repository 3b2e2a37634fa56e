/*
 * staff.h - the staff pages' shells: static HTML that staff.js fills from the
 * staff API (/api/staff/...).
 *
 * Every build writes them under public/staff/ in the site's layout:
 *   index.html       submissions: filters (kept in the query string), sort,
 *                    pages of 50, selection, regrade
 *   submission.html  one submission (?id=N): code, report with the private
 *                    tests, log, limits, history, the student's other
 *                    submissions, a diff against the previous one
 *   job.html         a regrade job (?id=J): progress and Cancel
 *   gradebook.html   the gradebook, its CSV and JSON downloads, printouts
 *   users.html       accounts (admins)
 *   audit.html       the audit log
 *   similarity.html  an exercise's similarity report: pairs ranked, their
 *                    marks (reviewed, a case), clusters
 *   similarity-pair.html  one pair (?exercise=&a=&b=&policy=) side by
 *                    side, the shared fragments numbered and coloured alike
 *                    on both sides, each line linked to its counterpart
 * A shell holds controls and empty containers, never data: the data comes
 * from the API, which checks the role on every request, so a student who
 * opens a shell learns nothing (staff.js then says "Staff only"). Hiding the
 * pages is not the protection.
 *
 * The bodies are fixed strings (no course text goes into them), so a shell
 * changes only with the program, like the assets.
 */
#ifndef SITEGEN_STAFF_H
#define SITEGEN_STAFF_H

#include <stddef.h>

struct staff_page {
	const char *path;	/* relative to public/: "staff/index.html" */
	const char *title;	/* the page title */
	const char *body;	/* HTML of the page body */
	int highlight;		/* loads highlight.js (code is shown) */
};

/* The staff pages; *N is set to their number. The table is static. */
const struct staff_page *staff_pages(size_t *n);

/*
 * Is REL (a page's output relative to public/, "staff/index.html") the path
 * of a staff page, which a course page cannot take?
 */
int staff_reserved(const char *rel);

#endif
