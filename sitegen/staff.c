/*
 * staff.c - the staff pages' shells; see staff.h.
 *
 * Every control has a label (a <label for=> or, where there is no visible
 * text, aria-label in staff.js), every action is a button or a link, so the
 * pages work with the keyboard alone. The filter forms are GET forms on the
 * page itself: their fields become the query string, so a filtered view can
 * be bookmarked, and staff.js reads them back from it. Each page's data area
 * (#staff-main) is hidden until /api/me says staff or admin.
 */
#include <string.h>

#include "sitegen/staff.h"

#define NAV \
	"<nav class=\"staff-nav\" aria-label=\"Staff pages\"><ul>\n" \
	"<li><a href=\"index.html\">Submissions</a></li>\n" \
	"<li><a href=\"gradebook.html\">Gradebook</a></li>\n" \
	"<li><a href=\"users.html\">Users</a></li>\n" \
	"<li><a href=\"audit.html\">Audit</a></li>\n" \
	"<li><a href=\"exams.html\">Exams</a></li>\n" \
	"<li><a href=\"similarity.html\">Similarity</a></li>\n" \
	"</ul></nav>\n"

/* The message area, and what a browser without scripts shows. */
#define STATUS \
	"<div id=\"staff-status\" class=\"staff-status\" role=\"status\" aria-live=\"polite\">" \
	"<p>Loading…</p></div>\n" \
	"<noscript><p>The staff pages need JavaScript.</p></noscript>\n"

#define MAIN(page) \
	"<div id=\"staff-main\" class=\"staff\" data-staff-page=\"" page "\" hidden>\n"

#define LABELS \
	"<option value=\"\">any</option>" \
	"<option>Evaluating</option><option>MiscError</option>" \
	"<option>CompileError</option><option>RuntimeError</option>" \
	"<option>TimeLimitExceeded</option><option>MemoryLimitExceeded</option>" \
	"<option>PresentationError</option><option>WrongAnswer</option>" \
	"<option>Accepted</option>"

static const char submissions_body[] =
	NAV
	"<h1>Submissions</h1>\n"
	STATUS
	MAIN("submissions")
	"<form id=\"staff-filter\" class=\"staff-filter\" method=\"get\" action=\"index.html\">\n"
	"<div><label for=\"f-exercise\">Exercise or folder/</label>"
	"<input id=\"f-exercise\" name=\"exercise\" type=\"text\" placeholder=\"c/hello or c/\"></div>\n"
	"<div><label for=\"f-login\">Login</label>"
	"<input id=\"f-login\" name=\"login\" type=\"text\"></div>\n"
	"<div><label for=\"f-label\">Label</label>"
	"<select id=\"f-label\" name=\"label\">" LABELS "</select></div>\n"
	"<div><label for=\"f-valid\">Valid</label>"
	"<select id=\"f-valid\" name=\"valid\"><option value=\"\">any</option>"
	"<option value=\"yes\">valid</option><option value=\"no\">invalid</option></select></div>\n"
	"<div><label for=\"f-from\">Received from (UTC)</label>"
	"<input id=\"f-from\" name=\"from\" type=\"text\" placeholder=\"2027-02-15T08:00:00Z\"></div>\n"
	"<div><label for=\"f-to\">Received before (UTC)</label>"
	"<input id=\"f-to\" name=\"to\" type=\"text\" placeholder=\"2027-02-15T12:00:00Z\"></div>\n"
	"<div><label for=\"f-language\">Language</label>"
	"<input id=\"f-language\" name=\"language\" type=\"text\" placeholder=\"c\"></div>\n"
	"<div><label for=\"f-sort\">Sort by</label>"
	"<select id=\"f-sort\" name=\"sort\"><option value=\"received\">received</option>"
	"<option value=\"id\">id</option><option value=\"login\">login</option>"
	"<option value=\"exercise\">exercise</option><option value=\"status\">label</option>"
	"<option value=\"score\">score</option><option value=\"language\">language</option>"
	"</select></div>\n"
	"<div><label for=\"f-order\">Order</label>"
	"<select id=\"f-order\" name=\"order\"><option value=\"desc\">descending</option>"
	"<option value=\"asc\">ascending</option></select></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Filter</button>"
	"<a href=\"index.html\">Clear the filters</a></div>\n"
	"</form>\n"
	"<div class=\"staff-actions\">"
	"<button type=\"button\" id=\"staff-regrade-selected\" disabled>Regrade the selected</button>"
	"<button type=\"button\" id=\"staff-regrade-all\" class=\"secondary\" disabled>"
	"Regrade every submission matching the filter</button></div>\n"
	"<p id=\"staff-total\" class=\"staff-total\"></p>\n"
	"<div id=\"staff-table\"></div>\n"
	"<nav id=\"staff-pager\" class=\"staff-pager\" aria-label=\"Pages\"></nav>\n"
	"</div>\n";

static const char submission_body[] =
	NAV
	"<h1>Submission</h1>\n"
	STATUS
	MAIN("submission")
	"<div id=\"staff-summary\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"button\" id=\"staff-regrade-one\">"
	"Regrade this submission</button></div>\n"
	"<h2>Code</h2>\n<div id=\"staff-code\"></div>\n"
	"<h2>Report</h2>\n<div id=\"staff-report\"></div>\n"
	"<h2>Tests (with the private ones)</h2>\n<div id=\"staff-tests\"></div>\n"
	"<h2>Log</h2>\n<div id=\"staff-log\"></div>\n"
	"<h2>Limits it ran with</h2>\n<div id=\"staff-limits\"></div>\n"
	"<h2>Earlier results</h2>\n<div id=\"staff-history\"></div>\n"
	"<h2>The student's submissions to this exercise</h2>\n<div id=\"staff-others\"></div>\n"
	"<h2>Changes since the previous submission</h2>\n<div id=\"staff-diff\"></div>\n"
	"</div>\n";

static const char job_body[] =
	NAV
	"<h1>Regrade</h1>\n"
	STATUS
	MAIN("job")
	"<p id=\"staff-job-text\"></p>\n"
	"<div id=\"staff-progress\" class=\"staff-progress\" role=\"progressbar\" "
	"aria-label=\"Regrade progress\" aria-valuemin=\"0\" aria-valuemax=\"0\" aria-valuenow=\"0\">"
	"<div class=\"staff-progress-bar\"></div></div>\n"
	"<div class=\"staff-actions\"><button type=\"button\" id=\"staff-cancel\" disabled>Cancel</button>"
	"<a href=\"index.html\">Back to the submissions</a></div>\n"
	"</div>\n";

static const char gradebook_body[] =
	NAV
	"<h1>Gradebook</h1>\n"
	STATUS
	MAIN("gradebook")
	"<form id=\"staff-filter\" class=\"staff-filter\" method=\"get\" action=\"gradebook.html\">\n"
	"<div><label for=\"g-policy\">Policy</label>"
	"<select id=\"g-policy\" name=\"policy\"><option value=\"best\">best</option>"
	"<option value=\"last\">last</option><option value=\"last-valid\">last valid</option>"
	"<option value=\"printout\">printout</option></select></div>\n"
	"<div><label for=\"g-invalid\">Invalid submissions</label>"
	"<select id=\"g-invalid\" name=\"invalid\"><option value=\"ignore\">ignore</option>"
	"<option value=\"count\">count</option></select></div>\n"
	"<div><label for=\"g-exercise\">Folder/</label>"
	"<input id=\"g-exercise\" name=\"exercise\" type=\"text\" placeholder=\"c/\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Show</button></div>\n"
	"</form>\n"
	"<ul class=\"staff-downloads\">"
	"<li><a id=\"staff-csv\" href=\"/api/staff/gradebook?format=csv\" download>Download CSV</a></li>"
	"<li><a id=\"staff-json\" href=\"/api/staff/gradebook?format=json\" download>Download JSON</a></li>"
	"<li><a id=\"staff-printout\" href=\"/api/staff/printout\">Printout</a></li></ul>\n"
	"<div id=\"staff-table\"></div>\n"
	"</div>\n";

static const char users_body[] =
	NAV
	"<h1>Users</h1>\n"
	STATUS
	MAIN("users")
	"<form id=\"staff-filter\" class=\"staff-filter\" method=\"get\" action=\"users.html\">\n"
	"<div><label for=\"u-q\">Search</label>"
	"<input id=\"u-q\" name=\"q\" type=\"search\" placeholder=\"login or name\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Search</button></div>\n"
	"</form>\n"
	"<div id=\"staff-secret\" class=\"staff-secret\" role=\"alert\"></div>\n"
	"<div id=\"staff-table\"></div>\n"
	"<h2>Add a user</h2>\n"
	"<form id=\"staff-add\" class=\"staff-filter\">\n"
	"<div><label for=\"a-login\">Login</label>"
	"<input id=\"a-login\" name=\"login\" type=\"text\" required></div>\n"
	"<div><label for=\"a-name\">Name</label>"
	"<input id=\"a-name\" name=\"name\" type=\"text\"></div>\n"
	"<div><label for=\"a-role\">Role</label>"
	"<select id=\"a-role\" name=\"role\"><option>student</option><option>staff</option>"
	"<option>admin</option></select></div>\n"
	"<div><label for=\"a-password\">Password (empty: one is made)</label>"
	"<input id=\"a-password\" name=\"password\" type=\"password\" autocomplete=\"new-password\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Add</button></div>\n"
	"</form>\n"
	"<h2>Import users</h2>\n"
	"<form id=\"staff-import\">\n"
	"<p><label for=\"i-csv\">CSV: login,name,role,password (a header line first)</label></p>\n"
	"<textarea id=\"i-csv\" name=\"csv\" rows=\"6\" cols=\"60\" spellcheck=\"false\"></textarea>\n"
	"<div><label for=\"i-file\">or a file</label>"
	"<input id=\"i-file\" type=\"file\" accept=\".csv,text/csv\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Import</button></div>\n"
	"<div id=\"staff-import-result\" role=\"status\"></div>\n"
	"</form>\n"
	"</div>\n";

static const char audit_body[] =
	NAV
	"<h1>Audit log</h1>\n"
	STATUS
	MAIN("audit")
	"<form id=\"staff-filter\" class=\"staff-filter\" method=\"get\" action=\"audit.html\">\n"
	"<div><label for=\"l-login\">Login</label>"
	"<input id=\"l-login\" name=\"login\" type=\"text\"></div>\n"
	"<div><label for=\"l-action\">Action</label>"
	"<input id=\"l-action\" name=\"action\" type=\"text\"></div>\n"
	"<div><label for=\"l-from\">From (UTC)</label>"
	"<input id=\"l-from\" name=\"from\" type=\"text\" placeholder=\"2027-02-15T08:00:00Z\"></div>\n"
	"<div><label for=\"l-to\">To (UTC)</label>"
	"<input id=\"l-to\" name=\"to\" type=\"text\" placeholder=\"2027-02-15T12:00:00Z\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Filter</button>"
	"<a href=\"audit.html\">Clear the filters</a></div>\n"
	"</form>\n"
	"<p id=\"staff-total\" class=\"staff-total\"></p>\n"
	"<div id=\"staff-table\"></div>\n"
	"<nav id=\"staff-pager\" class=\"staff-pager\" aria-label=\"Pages\"></nav>\n"
	"</div>\n";

/*
 * Timed exams: the list, or with ?exam=ID that exam's students, each with
 * a control to give them more time; the exam's printout and gradebook.
 */
static const char exams_body[] =
	NAV
	"<h1 id=\"staff-exam-title\">Timed exams</h1>\n"
	STATUS
	MAIN("exams")
	"<div id=\"staff-exam-list\"></div>\n"
	"<div id=\"staff-exam\" hidden>\n"
	"<p id=\"staff-exam-summary\" class=\"staff-total\"></p>\n"
	"<ul class=\"staff-downloads\">"
	"<li><a id=\"staff-exam-printout\" href=\"#\">Printout of the exam</a></li>"
	"<li><a id=\"staff-exam-gradebook\" href=\"#\">Gradebook of the exam</a></li>"
	"<li><a href=\"exams.html\">Every exam</a></li></ul>\n"
	"<div class=\"staff-actions\"><button type=\"button\" id=\"staff-exam-refresh\">"
	"Refresh</button></div>\n"
	"<div id=\"staff-table\"></div>\n"
	"</div>\n"
	"</div>\n";

/*
 * The similarity report (staff_similarity.h's routes): a GET form, the
 * ranked pairs with their marks and a link to each pair side by side, the
 * clusters. The pair's page (?exercise=&a=&b=&policy=) puts the two codes
 * in columns, each shared fragment in the same colour and with the same
 * number on both sides, each of its lines a link to its counterpart.
 */
#define POLICIES \
	"<option value=\"best\">best</option><option value=\"last\">last</option>" \
	"<option value=\"last-valid\">last valid</option>" \
	"<option value=\"printout\">printout</option>"

static const char similarity_body[] =
	NAV
	"<h1>Similarity</h1>\n"
	STATUS
	MAIN("similarity")
	"<form id=\"staff-filter\" class=\"staff-filter\" method=\"get\" action=\"similarity.html\">\n"
	"<div><label for=\"s-exercise\">Exercise</label>"
	"<input id=\"s-exercise\" name=\"exercise\" type=\"text\" placeholder=\"c/hello\" required></div>\n"
	"<div><label for=\"s-policy\">Submission compared</label>"
	"<select id=\"s-policy\" name=\"policy\">" POLICIES "</select></div>\n"
	"<div><label for=\"s-threshold\">Cluster threshold (0 to 1)</label>"
	"<input id=\"s-threshold\" name=\"threshold\" type=\"number\" min=\"0\" max=\"1\" "
	"step=\"0.05\" value=\"0.5\"></div>\n"
	"<div class=\"staff-actions\"><button type=\"submit\">Compare</button></div>\n"
	"</form>\n"
	"<p id=\"staff-total\" class=\"staff-total\"></p>\n"
	"<div id=\"staff-table\"></div>\n"
	"<h2>Clusters (students joined by flagged pairs)</h2>\n<div id=\"sim-clusters\"></div>\n"
	"</div>\n";

static const char similarity_pair_body[] =
	NAV
	"<h1>Similarity: a pair side by side</h1>\n"
	STATUS
	MAIN("similarity-pair")
	"<p><a id=\"sim-back\" href=\"similarity.html\">Back to the report</a></p>\n"
	"<div id=\"sim-summary\"></div>\n"
	"<div class=\"staff-filter sim-marks\"><div><label for=\"sim-note\">Note (with the mark)</label>"
	"<input id=\"sim-note\" name=\"note\" type=\"text\" maxlength=\"1000\"></div>\n"
	"<div class=\"staff-actions\">"
	"<button type=\"button\" id=\"sim-mark-reviewed\" name=\"mark\" value=\"reviewed\">"
	"Mark reviewed</button>"
	"<button type=\"button\" id=\"sim-mark-case\" name=\"mark\" value=\"case\">"
	"Mark as a case</button>"
	"<button type=\"button\" id=\"sim-mark-none\" name=\"mark\" value=\"none\" "
	"class=\"secondary\">Clear the mark</button></div></div>\n"
	"<h2>Shared fragments</h2>\n<ol id=\"sim-fragments\" class=\"sim-fragments\"></ol>\n"
	"<div class=\"sim-sides\">\n"
	"<section id=\"sim-side-a\" class=\"sim-side\" aria-label=\"First student's code\"></section>\n"
	"<section id=\"sim-side-b\" class=\"sim-side\" aria-label=\"Second student's code\"></section>\n"
	"</div>\n"
	"</div>\n";

static const struct staff_page pages[] = {
	{ "staff/index.html", "Submissions", submissions_body, 0 },
	{ "staff/submission.html", "Submission", submission_body, 1 },
	{ "staff/job.html", "Regrade", job_body, 0 },
	{ "staff/gradebook.html", "Gradebook", gradebook_body, 0 },
	{ "staff/users.html", "Users", users_body, 0 },
	{ "staff/audit.html", "Audit log", audit_body, 0 },
	{ "staff/exams.html", "Timed exams", exams_body, 0 },
	{ "staff/similarity.html", "Similarity", similarity_body, 0 },
	{ "staff/similarity-pair.html", "Similarity: a pair", similarity_pair_body, 0 },
};

const struct staff_page *
staff_pages(size_t *n)
{
	*n = sizeof(pages) / sizeof(*pages);
	return pages;
}

int
staff_reserved(const char *rel)
{
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++)
		if (strcmp(pages[i].path, rel) == 0)
			return 1;
	return 0;
}
