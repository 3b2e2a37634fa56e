/*
 * staff.js - fills the staff pages' shells (sitegen/staff.h) from the staff
 * API (/api/staff/...): submissions with filters, sorting, pages and
 * regrades; one submission with its code, report, history and a diff
 * against the previous one; a regrade job's progress; the gradebook; users
 * (admins); the audit log; timed exams (who writes, more time); the
 * similarity report and a pair side by side, with their marks.
 *
 * The page's data area stays hidden until GET /api/me says staff or admin;
 * 401 shows a login form, any other role "Staff only". Any 403 from the
 * staff API does the same and removes what was shown. The API checks the
 * role on every request: this is for people, not the protection.
 *
 * As in assay.js, every element is built with textContent, never from HTML:
 * codes, reports and names come from students. Filters live in the query
 * string (the shells' GET forms), so a view can be bookmarked. State-changing
 * requests are fetch POSTs, which carry the Origin header the API checks.
 */
(function () {
	"use strict";

	var me = null;		/* {login, role} */
	var LABELS = ["Evaluating", "MiscError", "CompileError", "RuntimeError",
	    "TimeLimitExceeded", "MemoryLimitExceeded", "PresentationError",
	    "WrongAnswer", "Accepted"];

	function $(id) {
		return document.getElementById(id);
	}

	/* el("p", {class: "x"}, ["text", child]) */
	function el(tag, attrs, children) {
		var e = document.createElement(tag);
		var k, i, c;

		for (k in attrs || {}) {
			if (Object.prototype.hasOwnProperty.call(attrs, k) &&
			    attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false)
				e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
		}
		for (i = 0; children && i < children.length; i++) {
			c = children[i];
			if (c === null || c === undefined)
				continue;
			e.appendChild(typeof c === "string" || typeof c === "number" ?
			    document.createTextNode(String(c)) : c);
		}
		return e;
	}

	function clear(e) {
		while (e && e.firstChild)
			e.removeChild(e.firstChild);
	}

	/* Resolves to {status, data}; status 0: no answer. */
	function api(method, path, body, type) {
		var opts = {
			method: method,
			credentials: "same-origin",
			headers: { "Accept": "application/json" }
		};

		if (body !== undefined) {
			opts.body = type ? body : JSON.stringify(body);
			opts.headers["Content-Type"] = type || "application/json";
		}
		return fetch(path, opts).then(function (res) {
			return res.json().then(function (data) {
				return { status: res.status, data: data };
			}, function () {
				return { status: res.status, data: null };
			});
		}, function () {
			return { status: 0, data: null };
		}).then(function (r) {
			if (r.status === 403 && path.indexOf("/api/staff/") === 0 &&
			    !(r.data && r.data.errors))
				forbidden(r);
			else if (r.status === 401)
				showLogin();
			return r;
		});
	}

	function errorText(r, what) {
		if (r.data && typeof r.data.error === "string" && r.data.error !== "")
			return r.data.error;
		if (r.status === 0)
			return what + ": the server cannot be reached.";
		return what + " (HTTP " + r.status + ").";
	}

	/* Says TEXT in the status area; ERROR: as an error. */
	function say(text, error) {
		var box = $("staff-status");

		clear(box);
		if (text)
			box.appendChild(el("p", error ? { "class": "error", role: "alert" } : null, [text]));
	}

	/* A 403: nothing of the data stays on the page. */
	function forbidden(r) {
		var main = $("staff-main");

		if (main) {
			main.hidden = true;
			main.parentNode.removeChild(main);
		}
		say(r && r.data && r.data.error === "Admins only." ? "Admins only." : "Staff only.", true);
	}

	function showLogin() {
		var box = $("staff-status"), login, password, form;

		if (!box || $("staff-login-form"))
			return;
		forbiddenData();
		clear(box);
		login = el("input", { id: "staff-login", type: "text", name: "login",
		    autocomplete: "username", required: true });
		password = el("input", { id: "staff-password", type: "password", name: "password",
		    autocomplete: "current-password", required: true });
		form = el("form", { id: "staff-login-form", "class": "staff-filter" }, [
			el("div", null, [el("label", { "for": "staff-login" }, ["Login"]), login]),
			el("div", null, [el("label", { "for": "staff-password" }, ["Password"]), password]),
			el("div", { "class": "staff-actions" }, [el("button", { type: "submit" }, ["Log in"])])
		]);
		box.appendChild(el("p", null, ["Log in to see this page."]));
		box.appendChild(form);
		form.addEventListener("submit", function (ev) {
			var body = new URLSearchParams();

			ev.preventDefault();
			body.set("login", login.value);
			body.set("password", password.value);
			fetch("/api/login", { method: "POST", credentials: "same-origin",
			    headers: { "Content-Type": "application/x-www-form-urlencoded" },
			    body: body.toString() }).then(function (res) {
				if (res.status === 200) {
					location.reload();
				} else {
					var bad = el("p", { "class": "error", role: "alert" },
					    [res.status === 401 ? "Wrong login or password." :
					    "Cannot log in (HTTP " + res.status + ")."]);
					form.appendChild(bad);
				}
			});
		});
	}

	function forbiddenData() {
		var main = $("staff-main");

		if (main)
			main.hidden = true;
	}

	/* ---- Formatting --------------------------------------------------- */

	function labelElement(status) {
		var name = LABELS.indexOf(String(status)) >= 0 ? String(status) : "MiscError";

		return el("span", { "class": "label label-" + name }, [String(status)]);
	}

	function scoreText(score) {
		if (typeof score !== "number")
			return "–";
		return Math.round(score * 1000) / 10 + "%";
	}

	function timeText(iso) {
		return typeof iso === "string" ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "";
	}

	function text(v) {
		if (v === null || v === undefined)
			return "";
		if (typeof v === "object")
			return JSON.stringify(v, null, 2);
		return String(v);
	}

	function pre(t, cls) {
		return el("pre", cls ? { "class": cls } : null, [text(t)]);
	}

	function params() {
		return new URLSearchParams(location.search);
	}

	/* Fills the GET form's fields from the query string. */
	function fillForm(form, q) {
		Array.prototype.forEach.call(form.elements, function (f) {
			if (f.name && q.has(f.name))
				f.value = q.get(f.name);
		});
	}

	/* The query string without empty values. */
	function query(q) {
		var out = new URLSearchParams();

		q.forEach(function (v, k) {
			if (v !== "")
				out.set(k, v);
		});
		return out.toString();
	}

	/* A table: HEAD is a list of column names (or elements), ROWS of cells. */
	function table(head, rows, caption) {
		var tbody = el("tbody");

		rows.forEach(function (r) {
			tbody.appendChild(r.tagName ? r : el("tr", null, r.map(function (c) {
				return c && c.tagName === "TH" ? c : el("td", null, [c]);
			})));
		});
		return el("table", null, [
			caption ? el("caption", null, [caption]) : null,
			el("thead", null, [el("tr", null, head.map(function (h) {
				return h && h.tagName === "TH" ? h : el("th", { scope: "col" }, [h]);
			}))]),
			tbody
		]);
	}

	/* Previous / next links for a paged list. */
	function pager(box, data, q) {
		var pages = Math.max(1, Math.ceil((data.total || 0) / (data.per_page || 50)));
		var page = data.page || 1;

		clear(box);
		function link(n, what) {
			var p = new URLSearchParams(q);

			p.set("page", String(n));
			return el("a", { href: "?" + query(p), rel: what === "Previous" ? "prev" : "next" },
			    [what]);
		}
		if (page > 1)
			box.appendChild(link(page - 1, "Previous"));
		box.appendChild(el("span", null, ["Page " + page + " of " + pages]));
		if (page < pages)
			box.appendChild(link(page + 1, "Next"));
	}

	/* Asks for confirmation, starts a regrade of BODY, opens its job page. */
	function regrade(body, what) {
		if (!window.confirm("Regrade " + what + "?"))
			return;
		api("POST", "/api/staff/regrade", body).then(function (r) {
			if (r.status === 202 && r.data && r.data.job !== undefined)
				location.href = "job.html?id=" + encodeURIComponent(r.data.job);
			else if (r.status !== 403 && r.status !== 401)
				say(errorText(r, "Cannot regrade"), true);
		});
	}

	/* ---- Submissions -------------------------------------------------- */

	var FILTER_KEYS = ["exercise", "login", "label", "valid", "from", "to", "language"];

	function submissions() {
		var q = params(), form = $("staff-filter"), api_q = new URLSearchParams();
		var selected = {};

		fillForm(form, q);
		q.forEach(function (v, k) {
			if (v !== "")
				api_q.set(k, v);
		});
		api("GET", "/api/staff/submissions?" + api_q.toString()).then(function (r) {
			var d = r.data, rows, all, selBtn = $("staff-regrade-selected");
			var allBtn = $("staff-regrade-all"), filter = {};

			if (r.status !== 200 || !d || !Array.isArray(d.submissions)) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot list the submissions"), true);
				return;
			}
			say("");
			FILTER_KEYS.forEach(function (k) {
				if (q.get(k))
					filter[k] = q.get(k);
			});
			$("staff-total").textContent = d.total + (d.total === 1 ? " submission" :
			    " submissions") + " match.";
			function update() {
				var n = Object.keys(selected).length;

				selBtn.disabled = n === 0;
				selBtn.textContent = n ? "Regrade the " + n + " selected" : "Regrade the selected";
			}
			allBtn.disabled = d.total === 0;
			allBtn.textContent = "Regrade every submission matching the filter (" + d.total + ")";
			allBtn.onclick = function () {
				regrade({ filter: filter }, "every submission matching the filter (" +
				    d.total + ")");
			};
			selBtn.onclick = function () {
				var ids = Object.keys(selected).map(Number);

				regrade({ ids: ids }, ids.length === 1 ? "submission " + ids[0] :
				    ids.length + " submissions");
			};
			function sortHead(key, name) {
				var p = new URLSearchParams(q), cur = (q.get("sort") || "received") === key;
				var order = cur && (q.get("order") || "desc") === "desc" ? "asc" : "desc";

				p.set("sort", key);
				p.set("order", order);
				p.delete("page");
				return el("th", { scope: "col", "aria-sort": cur ?
				    ((q.get("order") || "desc") === "desc" ? "descending" : "ascending") : null },
				    [el("a", { href: "?" + query(p), "aria-label": "Sort by " + name +
				    (order === "asc" ? ", ascending" : ", descending") }, [name])]);
			}
			all = el("input", { type: "checkbox", "aria-label": "Select every submission on this page" });
			rows = d.submissions.map(function (s) {
				var box = el("input", { type: "checkbox", "aria-label": "Select submission " + s.id });
				var again = el("button", { type: "button", "class": "secondary",
				    "aria-label": "Regrade submission " + s.id }, ["Regrade"]);
				var row;

				box.addEventListener("change", function () {
					if (box.checked)
						selected[s.id] = true;
					else
						delete selected[s.id];
					row.className = box.checked ? "selected" : "";
					update();
				});
				again.addEventListener("click", function () {
					regrade({ ids: [s.id] }, "submission " + s.id);
				});
				row = el("tr", { "data-id": String(s.id) }, [
					el("td", null, [box]),
					el("th", { scope: "row" }, [el("a", { href: "submission.html?id=" +
					    encodeURIComponent(s.id) }, [String(s.id)])]),
					el("td", null, [s.login]),
					el("td", null, [s.exercise]),
					el("td", null, [s.language]),
					el("td", null, [timeText(s.received)]),
					el("td", null, [labelElement(s.status),
					    s.changed ? el("span", { "class": "changed" },
					    [" (was " + s.changed.from + ")"]) : null,
					    s.regraded ? " regraded" : null]),
					el("td", null, [s.valid === false ? "invalid" : "valid"]),
					el("td", { "class": "num" }, [scoreText(s.score)]),
					el("td", null, [again])
				]);
				return row;
			});
			all.addEventListener("change", function () {
				Array.prototype.forEach.call(
				    document.querySelectorAll("#staff-table tbody input[type=checkbox]"),
				    function (b) {
					if (b.checked !== all.checked) {
						b.checked = all.checked;
						b.dispatchEvent(new Event("change"));
					}
				});
			});
			clear($("staff-table"));
			$("staff-table").appendChild(d.submissions.length === 0 ?
			    el("p", null, ["No submission matches."]) :
			    table([el("th", { scope: "col" }, [all]), sortHead("id", "Id"),
			    sortHead("login", "Login"), sortHead("exercise", "Exercise"),
			    sortHead("language", "Language"), sortHead("received", "Received"),
			    sortHead("status", "Label"), "Validity", sortHead("score", "Score"),
			    el("th", { scope: "col" }, [el("span", { "class": "visually-hidden" },
			    ["Actions"])])], rows));
			pager($("staff-pager"), d, q);
			update();
		});
	}

	/* ---- One submission ---------------------------------------------- */

	/* The lines of A and B compared (LCS): [{op: " " | "-" | "+", line}]. */
	function diffLines(a, b) {
		var x = a.split("\n"), y = b.split("\n"), n = x.length, m = y.length;
		var L = [], i, j, out = [];

		if (n * m > 4000000)
			return null;
		for (i = 0; i <= n; i++)
			L.push(new Uint32Array(m + 1));
		for (i = n - 1; i >= 0; i--)
			for (j = m - 1; j >= 0; j--)
				L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 :
				    Math.max(L[i + 1][j], L[i][j + 1]);
		for (i = 0, j = 0; i < n || j < m;) {
			if (i < n && j < m && x[i] === y[j]) {
				out.push({ op: " ", line: x[i] });
				i++;
				j++;
			} else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) {
				out.push({ op: "+", line: y[j++] });
			} else {
				out.push({ op: "-", line: x[i++] });
			}
		}
		return out;
	}

	function dl(obj) {
		var list = el("dl");

		Object.keys(obj || {}).forEach(function (k) {
			list.appendChild(el("dt", null, [k]));
			list.appendChild(el("dd", null, [text(obj[k])]));
		});
		return list;
	}

	function testsTable(tests) {
		var keys = [];

		if (!Array.isArray(tests) || tests.length === 0)
			return el("p", null, ["No tests."]);
		tests.forEach(function (t) {
			Object.keys(t || {}).forEach(function (k) {
				if (keys.indexOf(k) < 0)
					keys.push(k);
			});
		});
		return table(keys, tests.map(function (t) {
			return keys.map(function (k) {
				var v = t[k];

				return typeof v === "string" && v.indexOf("\n") >= 0 ? pre(v) : text(v);
			});
		}));
	}

	function submission() {
		var id = params().get("id");

		if (!id) {
			say("No submission given (submission.html?id=N).", true);
			return;
		}
		api("GET", "/api/staff/submissions/" + encodeURIComponent(id)).then(function (r) {
			var d = r.data, s, code, lang, prev, diff, box;

			if (r.status !== 200 || !d || !d.submission) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot show submission " + id), true);
				return;
			}
			say("");
			s = d.submission;
			document.querySelector("h1").textContent = "Submission " + s.id;
			$("staff-summary").appendChild(el("dl", null, [
				el("dt", null, ["Student"]), el("dd", null, [el("a", { href: "index.html?login=" +
				    encodeURIComponent(s.login) }, [s.login])]),
				el("dt", null, ["Exercise"]), el("dd", null, [el("a", { href: "index.html?exercise=" +
				    encodeURIComponent(s.exercise) }, [s.exercise])]),
				el("dt", null, ["Language"]), el("dd", null, [text(s.language)]),
				el("dt", null, ["Received"]), el("dd", null, [timeText(s.received)]),
				el("dt", null, ["Label"]), el("dd", null, [labelElement(s.status)]),
				el("dt", null, ["Score"]), el("dd", null, [scoreText(s.score)]),
				el("dt", null, ["Validity"]), el("dd", null, [s.valid === false ?
				    "invalid: " + text(s.validity) : "valid"])
			]));
			$("staff-regrade-one").addEventListener("click", function () {
				regrade({ ids: [s.id] }, "submission " + s.id);
			});
			lang = { c: "c", cpp: "cpp", java: "java", python: "python" }[s.language] || "plaintext";
			code = el("code", { "class": "language-" + lang }, [text(s.code)]);
			$("staff-code").appendChild(el("pre", null, [code]));
			if (window.hljs && lang !== "plaintext")
				window.hljs.highlightElement(code);
			$("staff-report").appendChild(typeof s.report === "string" ? pre(s.report) :
			    s.report ? pre(s.report) : el("p", null, ["No report."]));
			$("staff-tests").appendChild(testsTable(s.tests));
			$("staff-log").appendChild(s.log ? pre(s.log) : el("p", null, ["No log."]));
			$("staff-limits").appendChild(s.limits ? dl(s.limits) : el("p", null, ["Not recorded."]));
			box = $("staff-history");
			box.appendChild(!Array.isArray(d.history) || d.history.length === 0 ?
			    el("p", null, ["None: this is its only grading."]) :
			    table(["Graded", "Label", "Score", "Validity", "Report"], d.history.map(function (h) {
				return [timeText(h.graded), labelElement(h.status), scoreText(h.score),
				    h.valid === false ? "invalid" : "valid", h.report ? pre(h.report) : ""];
			    })));
			$("staff-others").appendChild(!Array.isArray(d.others) || d.others.length === 0 ?
			    el("p", null, ["No other submission."]) :
			    table(["Id", "Received", "Label", "Score"], d.others.map(function (o) {
				return [el("th", { scope: "row" }, [String(o.id) === String(s.id) ?
				    String(o.id) + " (this one)" : el("a", { href: "submission.html?id=" +
				    encodeURIComponent(o.id) }, [String(o.id)])]),
				    timeText(o.received), labelElement(o.status), scoreText(o.score)];
			    })));
			prev = d.previous;
			box = $("staff-diff");
			if (!prev) {
				box.appendChild(el("p", null, ["This is the student's first submission to the exercise."]));
				return;
			}
			diff = diffLines(text(prev.code), text(s.code));
			box.appendChild(el("p", null, ["Against ", el("a", { href: "submission.html?id=" +
			    encodeURIComponent(prev.id) }, ["submission " + prev.id]), ":"]));
			box.appendChild(diff === null ? el("p", null, ["Too long to compare."]) :
			    el("pre", { "class": "staff-diff", "aria-label": "Differences, - removed, + added" },
			    diff.map(function (l) {
				return el("span", { "class": l.op === "+" ? "add" : l.op === "-" ? "del" : "same" },
				    [l.op + " " + l.line]);
			    })));
		});
	}

	/* ---- A regrade job ------------------------------------------------ */

	function job() {
		var id = params().get("id"), bar = $("staff-progress"), cancel = $("staff-cancel");

		if (!id) {
			say("No job given (job.html?id=J).", true);
			return;
		}
		document.querySelector("h1").textContent = "Regrade " + id;
		cancel.addEventListener("click", function () {
			cancel.disabled = true;
			api("POST", "/api/staff/jobs/" + encodeURIComponent(id) + "/cancel", {}).then(function (r) {
				if (r.status === 200 && r.data)
					show(r.data);
				else if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot cancel"), true);
			});
		});
		function show(j) {
			var total = j.total || 0, done = j.done || 0;

			bar.setAttribute("aria-valuemax", String(total));
			bar.setAttribute("aria-valuenow", String(done));
			bar.setAttribute("aria-valuetext", done + " of " + total);
			bar.firstChild.style.width = (total ? Math.round(100 * done / total) : 100) + "%";
			$("staff-job-text").textContent = done + " of " + total + " regraded, " +
			    (j.changed || 0) + " changed label" + (j.cancelled ? "; cancelled" : "") +
			    (j.finished ? "; finished." : "…") + (j.by ? " Started by " + j.by : "") +
			    (j.created ? " at " + timeText(j.created) + "." : "");
			cancel.disabled = !!(j.finished || j.cancelled);
		}
		function poll() {
			api("GET", "/api/staff/jobs/" + encodeURIComponent(id)).then(function (r) {
				if (r.status !== 200 || !r.data) {
					if (r.status !== 403 && r.status !== 401)
						say(errorText(r, "Cannot follow job " + id), true);
					return;
				}
				say("");
				show(r.data);
				if (!r.data.finished)
					setTimeout(poll, 1000);
			});
		}
		poll();
	}

	/* ---- Gradebook ---------------------------------------------------- */

	function gradebook() {
		var q = params(), form = $("staff-filter"), p = new URLSearchParams(), base;

		fillForm(form, q);
		["policy", "invalid", "exercise"].forEach(function (k) {
			if (q.get(k))
				p.set(k, q.get(k));
		});
		base = p.toString();
		$("staff-csv").href = "/api/staff/gradebook?" + (base ? base + "&" : "") + "format=csv";
		$("staff-json").href = "/api/staff/gradebook?" + (base ? base + "&" : "") + "format=json";
		$("staff-printout").href = "/api/staff/printout?" + query(new URLSearchParams({
			exercise: q.get("exercise") || "", policy: q.get("policy") || "" }));
		api("GET", "/api/staff/gradebook?" + (base ? base + "&" : "") + "format=json").then(function (r) {
			var d = r.data, head;

			if (r.status !== 200 || !d || !Array.isArray(d.students)) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot show the gradebook"), true);
				return;
			}
			say("");
			head = [el("th", { scope: "col" }, ["Student"])];
			d.exercises.forEach(function (e) {
				head.push(el("th", { scope: "col", title: e.id }, [e.title || e.id,
				    el("br"), el("small", null, ["×" + e.weight])]));
			});
			head.push(el("th", { scope: "col", "class": "num" }, ["Total (%)"]));
			clear($("staff-table"));
			$("staff-table").appendChild(d.students.length === 0 ? el("p", null, ["No students."]) :
			    table(head, d.students.map(function (st) {
				var row = [el("th", { scope: "row" }, [st.login,
				    st.name ? el("br") : null, st.name ? el("small", null, [st.name]) : null])];

				d.exercises.forEach(function (e) {
					var c = st.cells && st.cells[e.id];

					row.push(c ? el("a", { href: "submission.html?id=" + encodeURIComponent(c.id),
					    "aria-label": st.login + ", " + (e.title || e.id) + ": " +
					    scoreText(c.score) + " " + c.status }, [scoreText(c.score)]) : "–");
				});
				row.push(text(st.total));
				return row;
			    }), "Policy " + d.policy + ", invalid submissions: " + d.invalid));
		});
	}

	/* ---- Users -------------------------------------------------------- */

	/* Shows a password once, in its own box. */
	function secret(login, password) {
		var box = $("staff-secret");

		clear(box);
		if (password)
			box.appendChild(el("p", null, ["Password for " + login + " (shown once): ",
			    el("code", null, [password])]));
	}

	function users() {
		var q = params(), form = $("staff-filter");

		fillForm(form, q);
		if (me.role !== "admin") {
			forbidden({ data: { error: "Admins only." } });
			return;
		}
		function change(login, body, what) {
			return api("POST", "/api/staff/users/" + encodeURIComponent(login), body).then(function (r) {
				if (r.status === 200) {
					say(what);
					secret(login, r.data && r.data.password);
					load();
				} else if (r.status !== 403 && r.status !== 401) {
					say(errorText(r, "Cannot change " + login), true);
				}
			});
		}
		function load() {
			api("GET", "/api/staff/users?" + query(q)).then(function (r) {
				var d = r.data;

				if (r.status !== 200 || !d || !Array.isArray(d.users)) {
					if (r.status !== 403 && r.status !== 401)
						say(errorText(r, "Cannot list the users"), true);
					return;
				}
				clear($("staff-table"));
				$("staff-table").appendChild(table(["Login", "Name", "Role", "Disabled",
				    "Extra minutes", "Time factor", "Created", "Actions"], d.users.map(function (u) {
					var role = el("select", { "aria-label": "Role of " + u.login },
					    ["student", "staff", "admin"].map(function (x) {
						return el("option", { selected: u.role === x }, [x]);
					    }));
					var dis = el("input", { type: "checkbox", checked: !!u.disabled,
					    "aria-label": "Disable " + u.login });
					var extra = el("input", { type: "number", min: "0", step: "1",
					    value: String(u.extra_minutes || 0),
					    "aria-label": "Extra minutes for " + u.login });
					var factor = el("input", { type: "number", min: "1", max: "10", step: "0.05",
					    value: String(u.extra_factor || 1),
					    "aria-label": "Time factor for " + u.login + " (timed exams' duration times it)" });
					var save = el("button", { type: "button", "aria-label": "Save " + u.login },
					    ["Save"]);
					var reset = el("button", { type: "button", "class": "secondary",
					    "aria-label": "Reset the password of " + u.login }, ["Reset password"]);
					var end = el("button", { type: "button", "class": "secondary",
					    "aria-label": "End the sessions of " + u.login }, ["End sessions"]);

					save.addEventListener("click", function () {
						change(u.login, { role: role.value, disabled: dis.checked,
						    extra_minutes: parseInt(extra.value, 10) || 0,
						    extra_factor: parseFloat(factor.value) || 1 },
						    u.login + " saved.");
					});
					reset.addEventListener("click", function () {
						if (window.confirm("Reset the password of " + u.login + "?"))
							change(u.login, { reset_password: true },
							    "New password for " + u.login + ".");
					});
					end.addEventListener("click", function () {
						change(u.login, { end_sessions: true },
						    u.login + "'s sessions ended.");
					});
					return [el("th", { scope: "row" }, [u.login]), text(u.name), role, dis, extra,
					    factor, timeText(u.created), el("div", { "class": "staff-actions" },
					    [save, reset, end])];
				    })));
			});
		}
		$("staff-add").addEventListener("submit", function (ev) {
			var f = ev.target, body = { login: f.login.value, role: f.role.value };

			ev.preventDefault();
			if (f.elements.name.value)
				body.name = f.elements.name.value;
			if (f.password.value)
				body.password = f.password.value;
			api("POST", "/api/staff/users", body).then(function (r) {
				if (r.status === 201) {
					say(body.login + " added.");
					secret(body.login, r.data && r.data.password);
					f.reset();
					load();
				} else if (r.status !== 403 && r.status !== 401) {
					say(errorText(r, "Cannot add " + body.login), true);
				}
			});
		});
		$("i-file").addEventListener("change", function () {
			var file = $("i-file").files[0];

			if (file)
				file.text().then(function (t) {
					$("i-csv").value = t;
				});
		});
		$("staff-import").addEventListener("submit", function (ev) {
			var out = $("staff-import-result");

			ev.preventDefault();
			api("POST", "/api/staff/users/import", $("i-csv").value, "text/csv").then(function (r) {
				clear(out);
				if (r.status === 200 && r.data) {
					out.appendChild(el("p", null, [(r.data.added || 0) + " added, " +
					    (r.data.updated || 0) + " updated."]));
					load();
				} else if (r.data && Array.isArray(r.data.errors)) {
					out.appendChild(el("p", { "class": "staff-errors" },
					    [errorText(r, "Nothing imported") + " Nothing was changed."]));
					out.appendChild(el("ul", { "class": "staff-errors" },
					    r.data.errors.map(function (e) {
						return el("li", null, ["line " + e.line + ": " + e.message]);
					    })));
				} else if (r.status !== 403 && r.status !== 401) {
					out.appendChild(el("p", { "class": "staff-errors" },
					    [errorText(r, "Cannot import")]));
				}
			});
		});
		load();
	}

	/* ---- Audit -------------------------------------------------------- */

	function audit() {
		var q = params(), form = $("staff-filter");

		fillForm(form, q);
		api("GET", "/api/staff/audit?" + query(q)).then(function (r) {
			var d = r.data;

			if (r.status !== 200 || !d || !Array.isArray(d.entries)) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot show the audit log"), true);
				return;
			}
			say("");
			$("staff-total").textContent = d.total + (d.total === 1 ? " entry." : " entries.");
			clear($("staff-table"));
			$("staff-table").appendChild(table(["Time", "Login", "Address", "Action", "Detail"],
			    d.entries.map(function (e) {
				return [timeText(e.time), text(e.login), text(e.address), text(e.action),
				    text(e.detail)];
			    })));
			pager($("staff-pager"), d, q);
		});
	}

	/* ---- Timed exams --------------------------------------------------- */

	/* "1 h", "1 h 5 min", "45 min 10 s", "0 s": the parts that are not 0. */
	function spanText(s) {
		var parts = [];

		s = Math.max(0, Math.floor(s));
		if (s >= 3600)
			parts.push(Math.floor(s / 3600) + " h");
		if (s % 3600 >= 60)
			parts.push(Math.floor(s % 3600 / 60) + " min");
		if (s % 60 || parts.length === 0)
			parts.push(s % 60 + " s");
		return parts.join(" ");
	}

	function examList() {
		api("GET", "/api/staff/exams").then(function (r) {
			var d = r.data;

			if (r.status !== 200 || !d || !Array.isArray(d.exams)) {
				say(errorText(r, "Cannot list the exams"), true);
				return;
			}
			clear($("staff-exam-list"));
			$("staff-exam-list").appendChild(d.exams.length === 0 ?
			    el("p", null, ["No page of this site is a timed exam."]) :
			    table(["Exam", "Title", "Duration", "Started", "Still writing"],
			    d.exams.map(function (e) {
				return [el("th", { scope: "row" }, [el("a", {
				    href: "exams.html?exam=" + encodeURIComponent(e.exam) }, [e.exam])]),
				    text(e.title), spanText(e.duration_s), String(e.started), String(e.writing)];
			    })));
		});
	}

	/*
	 * One exam: who started when, their end and time left (counted down on
	 * this page from the server's figures), and a "Give more time" control
	 * per student (audited by the server).
	 */
	function exam(id) {
		var base = "/api/staff/exams/" + encodeURIComponent(id).replace(/%2F/g, "/");
		var timer = null;

		$("staff-exam").hidden = false;
		$("staff-exam-printout").href = "/api/staff/printout?exercise=" + encodeURIComponent(id + "/");
		$("staff-exam-gradebook").href = "gradebook.html?exercise=" + encodeURIComponent(id + "/");
		function more(login, input) {
			var n = parseInt(input.value, 10);

			if (!(n >= 1 && n <= 1440)) {
				say("Give from 1 to 1440 minutes to " + login + ".", true);
				input.focus();
				return;
			}
			api("POST", base + "/extend", { login: login, minutes: n }).then(function (r) {
				if (r.status === 200) {
					say(login + " has " + n + " more minute" + (n === 1 ? "" : "s") +
					    ": the exam ends for them at " + timeText(r.data.end) + ".");
					load();
				} else {
					say(errorText(r, "Cannot give " + login + " more time"), true);
				}
			});
		}
		function load() {
			api("GET", base).then(function (r) {
				var d = r.data, t0 = performance.now(), cells = [];

				if (r.status !== 200 || !d || !Array.isArray(d.students)) {
					say(errorText(r, "Cannot show the exam " + id), true);
					return;
				}
				$("staff-exam-title").textContent = "Exam: " + (d.title || d.exam);
				$("staff-exam-summary").textContent = spanText(d.duration_s) + " each; " +
				    d.students.length + " started, " + d.students.filter(function (s) {
					return s.writing;
				    }).length + " still writing (server time " + timeText(d.now) + ").";
				clear($("staff-table"));
				$("staff-table").appendChild(table(["Login", "Name", "Started", "Ends",
				    "Time left", "Extra time", "Give more time"], d.students.map(function (s) {
					var left = el("td", { "class": "num" }, [s.writing ? spanText(s.remaining_s) :
					    "finished"]);
					var input = el("input", { type: "number", min: "1", max: "1440", step: "1",
					    value: "10", "aria-label": "Minutes more for " + s.login });
					var give = el("button", { type: "button",
					    "aria-label": "Give " + s.login + " more time" }, ["Give more time"]);
					var extra = [];

					if (s.extra_factor && s.extra_factor !== 1)
						extra.push("\u00d7" + s.extra_factor);
					if (s.extra_minutes)
						extra.push("+" + s.extra_minutes + " min");
					if (s.added_s)
						extra.push("+" + Math.round(s.added_s / 60) + " min given");
					give.addEventListener("click", function () { more(s.login, input); });
					input.addEventListener("keydown", function (ev) {
						if (ev.key === "Enter")
							more(s.login, input);
					});
					cells.push({ td: left, s: s });
					return el("tr", { "class": s.writing ? "" : "finished" }, [
					    el("th", { scope: "row" }, [s.login]), el("td", null, [text(s.name)]),
					    el("td", null, [timeText(s.start)]), el("td", null, [timeText(s.end)]),
					    left, el("td", null, [extra.join(", ") || "none"]),
					    el("td", null, [el("div", { "class": "staff-actions" }, [input, give])])]);
				    })));
				clearInterval(timer);
				timer = setInterval(function () {
					var gone = (performance.now() - t0) / 1000;

					cells.forEach(function (c) {
						if (c.s.writing)
							c.td.textContent = c.s.remaining_s > gone ?
							    spanText(c.s.remaining_s - gone) : "finished";
					});
				}, 1000);
			});
		}
		$("staff-exam-refresh").addEventListener("click", load);
		load();
	}

	function exams() {
		var id = params().get("exam");

		if (id)
			exam(id);
		else
			examList();
	}

	/* ---- Similarity --------------------------------------------------- */

	var MARK_TEXT = { reviewed: "reviewed", "case": "a case" };

	function percent(x) {
		return typeof x === "number" ? (Math.round(x * 1000) / 10) + "%" : "–";
	}

	/* A pair's mark (null or {mark, by, time, note}) as text. */
	function markText(m) {
		if (!m || !MARK_TEXT[m.mark])
			return "not marked";
		return MARK_TEXT[m.mark] + " (" + text(m.by) + ", " + timeText(m.time) + ")" +
		    (m.note ? ": " + m.note : "");
	}

	/* POSTs MARK (reviewed, case, none) on the pair A, B of EXERCISE; DONE(mark) after. */
	function markPair(exercise, a, b, mark, note, done) {
		var body = { exercise: exercise, a: a, b: b, mark: mark };

		if (note)
			body.note = note;
		api("POST", "/api/staff/similarity/mark", body).then(function (r) {
			if (r.status === 200 && r.data) {
				say(mark === "none" ? "The mark of " + a + " and " + b + " is cleared." :
				    a + " and " + b + " marked " + MARK_TEXT[mark] + ".");
				done(r.data.mark);
			} else if (r.status !== 403 && r.status !== 401) {
				say(errorText(r, "Cannot mark the pair"), true);
			}
		});
	}

	function pairLink(q, a, b) {
		var p = new URLSearchParams();

		p.set("exercise", q.get("exercise"));
		p.set("a", a);
		p.set("b", b);
		if (q.get("policy"))
			p.set("policy", q.get("policy"));
		return "similarity-pair.html?" + p.toString();
	}

	function similarityRow(q, d, p, i) {
		var markCell = el("td", { "class": "sim-mark" }, [markText(p.mark)]);
		var who = p.a + " and " + p.b;
		var buttons = [["reviewed", "Mark reviewed"], ["case", "Mark as a case"]].map(function (m) {
			var btn = el("button", { type: "button", name: "mark-" + m[0], "class": m[0] ===
			    "case" ? "secondary" : null, "aria-label": m[1] + ": " + who }, [m[1]]);

			btn.addEventListener("click", function () {
				markPair(d.exercise, p.a, p.b, m[0], "", function (mark) {
					p.mark = mark;
					markCell.textContent = markText(mark);
				});
			});
			return btn;
		});

		return el("tr", { "data-a": p.a, "data-b": p.b, "class": p.flagged ? "sim-flagged" : null }, [
			el("td", { "class": "num" }, [String(i + 1)]),
			el("th", { scope: "row" }, [p.a]),
			el("td", null, [p.b]),
			el("td", { "class": "num" }, [percent(p.similarity)]),
			el("td", { "class": "num" }, [String(p.longest)]),
			el("td", null, [p.why === "similarity" ? "yes: similarity" : p.why === "fragment" ?
			    "yes: a long shared fragment (" + p.longest_tokens + " tokens)" : "no"]),
			el("td", { "class": "num" }, [String((p.fragments || []).length)]),
			markCell,
			el("td", null, [el("div", { "class": "staff-actions" }, [
				el("a", { href: pairLink(q, p.a, p.b), "aria-label": "Compare " + who },
				    ["Compare"])].concat(buttons))])
		]);
	}

	function similarity() {
		var q = params(), form = $("staff-filter");

		fillForm(form, q);
		if (!q.get("exercise")) {
			say("Give an exercise to compare its students' submissions.");
			return;
		}
		say("Comparing…");
		api("GET", "/api/staff/similarity?" + query(q)).then(function (r) {
			var d = r.data;

			if (r.status !== 200 || !d || !Array.isArray(d.pairs)) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot make the report"), true);
				return;
			}
			say("");
			$("staff-total").textContent = d.submissions + " submissions compared (" +
			    d.policy + "), " + d.pairs.length + (d.pairs.length === 1 ? " pair" :
			    " pairs") + " from " + percent(d.min) + " of similarity.";
			clear($("staff-table"));
			$("staff-table").appendChild(d.pairs.length === 0 ?
			    el("p", null, ["No pair shares code."]) :
			    table(["Rank", "Student A", "Student B", "Similarity", "Longest fragment (lines)",
			    "Flagged", "Fragments", "Mark", el("th", { scope: "col" }, [el("span",
			    { "class": "visually-hidden" }, ["Actions"])])],
			    d.pairs.map(function (p, i) {
				return similarityRow(q, d, p, i);
			    }), "Pairs by similarity, highest first"));
			clear($("sim-clusters"));
			$("sim-clusters").appendChild(d.clusters.length === 0 ?
			    el("p", null, ["No cluster: no pair is flagged."]) :
			    el("ol", { "class": "sim-clusters" }, d.clusters.map(function (c) {
				return el("li", null, [c.join(", ")]);
			    })));
		});
	}

	/* The fragment (index) covering LINE on SIDE ("a" or "b"), or -1. */
	function fragmentAt(frags, side, line) {
		for (var i = 0; i < frags.length; i++)
			if (line >= frags[i][side][0] && line <= frags[i][side][1])
				return i;
		return -1;
	}

	/* LINE of fragment F on SIDE's counterpart on the other side (proportional). */
	function counterpart(f, side, line) {
		var other = side === "a" ? "b" : "a", from = f[side][0], to = f[side][1];
		var ofrom = f[other][0], oto = f[other][1];

		if (to === from)
			return ofrom;
		return Math.min(oto, ofrom + Math.round((line - from) * (oto - ofrom) / (to - from)));
	}

	/* One side's code: a line each, fragments' lines marked and linked across. */
	function sideCode(d, side) {
		var s = d[side], other = side === "a" ? d.b : d.a, frags = d.fragments || [];
		var lines = String(s.code || "").replace(/\n$/, "").split("\n");
		var box = el("div", { "class": "sim-code" });

		lines.forEach(function (line, i) {
			var n = i + 1, f = fragmentAt(frags, side, n), num, row;

			if (f < 0) {
				num = el("span", { "class": "sim-ln" }, [String(n)]);
				row = el("div", { id: side + "-L" + n, "class": "sim-line" },
				    [num, el("span", { "class": "sim-no-frag", "aria-hidden": "true" }, [" "]),
				    el("code", null, [line])]);
			} else {
				var to = counterpart(frags[f], side, n);
				var there = (side === "a" ? "b" : "a") + "-L" + to;

				num = el("a", { "class": "sim-ln", href: "#" + there, "aria-label": "Line " +
				    n + ", fragment " + (f + 1) + ": go to line " + to + " of " + other.login },
				    [String(n)]);
				row = el("div", { id: side + "-L" + n, "data-fragment": String(f + 1),
				    "class": "sim-line sim-frag sim-c" + (f % 8) }, [num,
				    el("span", { "class": "sim-marker", "aria-hidden": "true" }, [String(f + 1)]),
				    el("code", null, [line])]);
			}
			box.appendChild(row);
		});
		return box;
	}

	function similaritySide(d, side) {
		var s = d[side], box = $("sim-side-" + side);

		clear(box);
		box.setAttribute("aria-label", "Code of " + s.login);
		box.appendChild(el("h2", null, [s.login + " ", el("a", { href: "submission.html?id=" +
		    encodeURIComponent(s.id), "aria-label": "Submission " + s.id + " of " + s.login },
		    ["(submission " + s.id + ")"])]));
		box.appendChild(sideCode(d, side));
	}

	function similaritySummary(d) {
		var box = $("sim-summary");

		clear(box);
		box.appendChild(dl({ "Exercise": d.exercise, "Students": d.a.login + " and " + d.b.login,
		    "Similarity": percent(d.similarity), "Longest fragment": d.longest + " lines",
		    "Fragments": String(d.fragments.length), "Compared": d.policy,
		    "Mark": markText(d.mark) }));
	}

	function similarityPair() {
		var q = params(), back = new URLSearchParams();

		["exercise", "policy"].forEach(function (k) {
			if (q.get(k))
				back.set(k, q.get(k));
		});
		$("sim-back").setAttribute("href", "similarity.html?" + back.toString());
		api("GET", "/api/staff/similarity/pair?" + query(q)).then(function (r) {
			var d = r.data, list = $("sim-fragments");

			if (r.status !== 200 || !d || !d.a || !d.b) {
				if (r.status !== 403 && r.status !== 401)
					say(errorText(r, "Cannot show the pair"), true);
				return;
			}
			say("");
			similaritySummary(d);
			if (d.mark && d.mark.note)
				$("sim-note").value = d.mark.note;
			clear(list);
			d.fragments.forEach(function (f, i) {
				list.appendChild(el("li", { "class": "sim-frag sim-c" + (i % 8) }, [
					el("a", { href: "#a-L" + f.a[0] }, ["lines " + f.a[0] + "–" + f.a[1] +
					    " of " + d.a.login]), " match ",
					el("a", { href: "#b-L" + f.b[0] }, ["lines " + f.b[0] + "–" + f.b[1] +
					    " of " + d.b.login]),
					" (" + f.tokens + " tokens)"]));
			});
			similaritySide(d, "a");
			similaritySide(d, "b");
			["reviewed", "case", "none"].forEach(function (m) {
				$("sim-mark-" + m).onclick = function () {
					markPair(d.exercise, d.a.login, d.b.login, m, $("sim-note").value,
					    function (mark) {
						d.mark = mark;
						similaritySummary(d);
					});
				};
			});
		});
	}

	/* ---- Start -------------------------------------------------------- */

	var PAGES = { submissions: submissions, submission: submission, job: job,
		gradebook: gradebook, users: users, audit: audit, exams: exams,
		similarity: similarity, "similarity-pair": similarityPair };

	function start() {
		var main = $("staff-main"), here = location.pathname.replace(/.*\//, "") || "index.html";

		if (!main)
			return;
		Array.prototype.forEach.call(document.querySelectorAll(".staff-nav a"), function (a) {
			if (a.getAttribute("href") === here)
				a.setAttribute("aria-current", "page");
		});
		api("GET", "/api/me").then(function (r) {
			if (r.status === 401)
				return;
			if (r.status !== 200 || !r.data) {
				say(errorText(r, "Cannot reach the server"), true);
				return;
			}
			me = r.data;
			if (me.role !== "staff" && me.role !== "admin") {
				forbidden(null);
				return;
			}
			say("");
			main.hidden = false;
			PAGES[main.getAttribute("data-staff-page")]();
		});
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", start);
	else
		start();
}());
