/*
 * assay.js - the course site's own script: log in and out, submit a
 * solution or a quiz, follow its grading, show the report and the history;
 * render math (KaTeX), highlight code (highlight.js) and turn the code box
 * into an editor (CodeMirror), when the page loaded those vendored scripts;
 * show the student's progress beside {.ex} links; show each student the
 * items of shuffle blocks and quizzes the server chose for them.
 *
 * On an exercise page it also shows the exercise's rules (GET
 * /api/exercises/ID: the submission window in the browser's local time, the
 * attempts left, and a closed, locked exercise by the Submit button), each
 * submission's validity, results by tester (a tick or a cross per test case
 * for `cases`, every question with the student's answer and its verdict for
 * a quiz), and fills a quiz's form with the student's last answers.
 *
 * It talks to the HTTP API on the same origin (the session cookie goes with
 * every request) and builds every element with textContent: nothing that
 * comes from the API, or from a student, is ever parsed as HTML. Pages work
 * without it: the statement and the code skeleton are plain HTML, every
 * shuffled item is shown, in its written order, and the login box, the
 * exercise's form and the quiz's post themselves (urlencoded) to the API,
 * which answers with a redirect to a verdict page. This script replaces
 * the login box with its own and takes over the forms' submit (JSON).
 */
(function () {
	"use strict";

	var state = {
		user: null,		/* {login, role} when logged in */
		api: true,		/* false when no API answers (a site opened from disk) */
		exercise: null,		/* the exercise id of this page, or null */
		busy: false,		/* a submission is being sent */
		follow: 0,		/* generation of the submission being followed */
		selected: null,		/* id of the submission shown */
		editor: null,		/* the code editor, when there is one */
		userGen: 0,		/* bumped at each log in or out */
		rules: null,		/* GET /api/exercises/ID, for the logged-in user */
		locked: "",		/* why the server refuses submissions now, or "" */
		quizTouched: false,	/* the student changed the quiz form */
		quizFilled: false,	/* the form holds the last submission's answers */
		draftUser: undefined,	/* whose draft the editor holds (null: nobody's) */
		draftReady: false,	/* the editor's draft may be kept (restoreDraft) */
		formStatus: false,	/* the status line says why the form cannot be used */
		exam: null,		/* the timed exam of this page (its countdown), or null */
		examEnd: 0,		/* performance.now() at the caller's end, from the server's remaining_s */
		examGen: 0		/* bumped at each start, so an old countdown stops */
	};

	function $(id) {
		return document.getElementById(id);
	}

	/* el("p", {class: "x"}, ["text", child]) */
	function el(tag, attrs, children) {
		var e = document.createElement(tag);
		var k, i, c;

		for (k in attrs || {}) {
			if (Object.prototype.hasOwnProperty.call(attrs, k))
				e.setAttribute(k, attrs[k]);
		}
		for (i = 0; children && i < children.length; i++) {
			c = children[i];
			if (c === null || c === undefined)
				continue;
			e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
		}
		return e;
	}

	function clear(e) {
		while (e.firstChild)
			e.removeChild(e.firstChild);
	}

	/* Calls the API. Resolves to {status, data}; status 0: no answer. */
	function api(method, path, body, type) {
		var opts = {
			method: method,
			credentials: "same-origin",
			headers: { "Accept": "application/json" }
		};

		if (body !== undefined) {
			opts.body = body;
			opts.headers["Content-Type"] = type;
		}
		return fetch(path, opts).then(function (res) {
			return res.json().then(function (data) {
				return { status: res.status, data: data };
			}, function () {
				return { status: res.status, data: null };
			});
		}, function () {
			return { status: 0, data: null };
		});
	}

	function errorText(r, what) {
		if (r.data && typeof r.data.error === "string" && r.data.error !== "")
			return r.data.error;
		if (r.status === 0)
			return what + ": the server cannot be reached.";
		return what + " (HTTP " + r.status + ").";
	}

	/* "WrongAnswer" -> "Wrong answer" */
	function labelText(status) {
		var words = String(status).replace(/([a-z])([A-Z])/g, "$1 $2").split(" ");
		var i;

		for (i = 1; i < words.length; i++)
			words[i] = words[i].toLowerCase();
		return words.join(" ");
	}

	function labelElement(status) {
		var name = /^[A-Za-z]+$/.test(String(status)) ? String(status) : "MiscError";

		return el("span", { "class": "label label-" + name }, [labelText(status)]);
	}

	function scoreText(score) {
		if (typeof score !== "number")
			return "–";
		return Math.round(score * 1000) / 10 + "%";
	}

	function pad2(n) {
		return (n < 10 ? "0" : "") + n;
	}

	/* An ISO time as Codex writes them, in the browser's time zone: "12:00 15/02/2027". */
	function clockText(iso) {
		var d = new Date(iso);

		if (typeof iso !== "string" || isNaN(d.getTime()))
			return String(iso || "");
		return pad2(d.getHours()) + ":" + pad2(d.getMinutes()) + " " + pad2(d.getDate()) +
		    "/" + pad2(d.getMonth() + 1) + "/" + d.getFullYear();
	}

	/* Why a submission does not count: "late: the deadline was ...". */
	function validityText(s) {
		var why = typeof s.validity === "string" ? s.validity : "";

		if (/^the deadline was/.test(why))
			return "late: " + why;
		return why ? "not valid: " + why : "not valid";
	}

	function timeText(received) {
		var d = new Date(received);

		if (isNaN(d.getTime()))
			return String(received || "");
		return d.toLocaleString();
	}

	function languageName(id) {
		var select = $("assay-language");
		var i;

		if (id === "quiz")
			return "Quiz";
		for (i = 0; select && i < select.options.length; i++) {
			if (select.options[i].value === id)
				return select.options[i].textContent;
		}
		return String(id || "");
	}

	/* ---- Account ---------------------------------------------------- */

	/*
	 * A "Staff" link in the header for staff and admins. Only a convenience:
	 * the staff API checks the role. The site root is where style.css is.
	 */
	function staffLink() {
		var link = $("assay-staff-link"), css, root;
		var staff = state.user && (state.user.role === "staff" || state.user.role === "admin");

		if (link && !staff) {
			link.parentNode.removeChild(link);
		} else if (!link && staff && $("assay-account")) {
			css = document.querySelector("link[rel=stylesheet][href*='assets/style.css']");
			root = css ? css.getAttribute("href").replace(/assets\/style\.css.*$/, "") : "/";
			link = el("a", { id: "assay-staff-link", "class": "staff-link",
			    href: root + "staff/index.html" }, ["Staff"]);
			$("assay-account").parentNode.insertBefore(link, $("assay-account"));
		}
	}

	function renderAccount(message) {
		var box = $("assay-account");
		var form, login, password;

		staffLink();
		if (!box)
			return;
		clear(box);
		if (!state.api)
			return;
		if (state.user) {
			box.appendChild(el("span", { "class": "who" }, [
				"Logged in as " + state.user.login +
				(state.user.role === "admin" ? " (admin)" : "")
			]));
			var out = el("button", { type: "button", "class": "secondary" }, ["Log out"]);
			out.addEventListener("click", logout);
			box.appendChild(out);
			return;
		}
		login = el("input", {
			type: "text", name: "login", autocomplete: "username",
			placeholder: "Login", "aria-label": "Login", required: ""
		});
		password = el("input", {
			type: "password", name: "password", autocomplete: "current-password",
			placeholder: "Password", "aria-label": "Password", required: ""
		});
		form = el("form", { "class": "login" }, [
			login, password, el("button", { type: "submit" }, ["Log in"])
		]);
		if (message)
			form.appendChild(el("span", { "class": "error", role: "alert" }, [message]));
		form.addEventListener("submit", function (ev) {
			var body = new URLSearchParams();

			ev.preventDefault();
			body.set("login", login.value);
			body.set("password", password.value);
			api("POST", "/api/login", body.toString(),
			    "application/x-www-form-urlencoded").then(function (r) {
				if (r.status === 200 && r.data && r.data.login) {
					setUser(r.data);
				} else {
					renderAccount(r.status === 401 ?
					    "Wrong login or password." : errorText(r, "Cannot log in"));
				}
			});
		});
		box.appendChild(form);
	}

	function logout() {
		var login = state.user ? state.user.login : null;

		api("POST", "/api/logout", "", "application/json").then(function () {
			if (login !== null && window.localStorage)
				forgetDrafts(login);
			setUser(null);
		});
	}

	function setUser(user) {
		state.user = user;
		renderAccount();
		userChanged();
	}

	/* ---- Exercise: submitting ----------------------------------------- */

	/* FORM: a message about the form's state, which updateForm may clear. */
	function setStatus(text, isError, form) {
		var s = $("assay-status");

		if (!s)
			return;
		s.textContent = text || "";
		s.className = "assay-status" + (isError ? " error" : "");
		state.formStatus = !!form;
	}

	function updateForm() {
		var button = $("assay-submit");

		if (!button)
			return;
		button.disabled = !state.user || state.busy || state.locked !== "";
		if (!state.api)
			setStatus("Submissions are not available on this copy of the site.", false, true);
		else if (!state.user)
			setStatus("Log in to submit.", false, true);
		else if (state.locked)
			setStatus(state.locked, true, true);
		else if (!state.busy && state.formStatus)
			setStatus("");	/* what the form said no longer holds */
	}

	/* ---- Exercise: its rules ------------------------------------------- */

	/* The element that shows the rules, just before the Submit button's row. */
	function rulesElement() {
		var box = $("assay-rules"), button = $("assay-submit"), row;

		if (box || !button)
			return box;
		row = button.parentNode;
		box = el("p", { id: "assay-rules", "class": "assay-rules", hidden: "" });
		row.parentNode.insertBefore(box, row);
		return box;
	}

	function windowText(r) {
		var why = typeof r.why === "string" ? r.why : "";

		if (r.open) {
			if (r.closes)
				return "Open until " + clockText(r.closes) + ".";
			return r.opens ? "Open since " + clockText(r.opens) + "." : "";
		}
		if (/^submissions open at/.test(why) && r.opens)
			return "Opens at " + clockText(r.opens) + ".";
		if (/^the deadline was/.test(why) && r.closes)
			return "Closed since " + clockText(r.closes) + ".";
		return why ? "Closed: " + why + "." : "Closed.";
	}

	/* Shows R (GET /api/exercises/ID) and locks the form when the server would refuse. */
	function showRules(r) {
		var box = rulesElement(), parts = [], n, left;

		state.rules = r;
		state.locked = "";
		if (!box)
			return;
		clear(box);
		if (!r) {
			box.hidden = true;
			updateForm();
			return;
		}
		if (r.valid || !r.open)
			parts.push(el("span", { "class": "assay-window" + (r.open ? "" : " closed") },
			    [windowText(r)]));
		if (typeof r.attempts === "number") {
			n = r.attempts;
			left = typeof r.left === "number" ? r.left : n;
			parts.push(el("span", { "class": "assay-attempts" + (left > 0 ? "" : " closed") },
			    [left > 0 ? left + " of " + n + (n === 1 ? " attempt" : " attempts") + " left." :
			    "No attempts left (" + n + " used)."]));
		}
		if (r.lock === false && (!r.open || (typeof r.left === "number" && r.left <= 0)))
			parts.push(el("span", { "class": "assay-lock" },
			    ["You may still submit: your work is graded, but marked not valid."]));
		if (r.feedback === false)
			parts.push(el("span", { "class": "assay-lock" },
			    ["You will see the label and score of your submissions, not their reports."]));
		if (r.lock !== false && !r.open)
			state.locked = "Submissions are closed.";
		else if (r.lock !== false && typeof r.left === "number" && r.left <= 0)
			state.locked = "You have used all your attempts.";
		parts.forEach(function (p, i) {
			if (i > 0)
				box.appendChild(document.createTextNode(" "));
			box.appendChild(p);
		});
		box.hidden = parts.length === 0;
		updateForm();
	}

	function loadRules() {
		var gen = state.userGen;

		if (!state.exercise || !state.user) {
			showRules(null);
			return;
		}
		api("GET", "/api/exercises/" + encodeURIComponent(state.exercise).replace(/%2F/g, "/"))
		    .then(function (r) {
			if (gen !== state.userGen)
				return;
			showRules(r.status === 200 && r.data && typeof r.data === "object" ? r.data : null);
			examOfExercise(state.rules);
		});
	}

	function submit(ev) {
		var code = $("assay-code"), language = $("assay-language");

		if (ev)
			ev.preventDefault();
		if (!state.user || state.busy)
			return;
		state.busy = true;
		updateForm();
		setStatus("Sending…");
		api("POST", "/api/submissions", JSON.stringify($("assay-quiz") ? {
			exercise: state.exercise,
			answers: quizAnswers()
		} : {
			exercise: state.exercise,
			language: language ? language.value : "",
			code: code ? code.value : ""
		}), "application/json").then(function (r) {
			state.busy = false;
			updateForm();
			if (r.status === 202 && r.data && r.data.id !== undefined) {
				setStatus("Evaluating…");
				state.quizFilled = true;	/* the form holds these answers */
				followSubmission(r.data.id);
				loadHistory(false);
				loadRules();
			} else if (r.status === 401) {
				setUser(null);
				setStatus("Your session has ended: log in again.", true);
			} else if (r.status === 429) {
				/* A per-user limit: the server's sentence, and the clock time to retry. */
				var wait = r.data && typeof r.data.retry_after === "number" ?
				    r.data.retry_after : 5;
				setStatus(errorText(r, "Too many submissions at once") + " (You can submit again at " +
				    new Date(Date.now() + wait * 1000).toLocaleTimeString() + ".)", true);
			} else {
				setStatus(errorText(r, "The submission was refused"), true);
				if (r.status === 403)
					loadRules();
			}
		});
	}

	/* Shows submission ID, polling until it is graded. */
	function followSubmission(id) {
		var generation = ++state.follow;
		var delay = 250;

		state.selected = id;
		markSelected();
		function poll() {
			if (generation !== state.follow)
				return;		/* another submission is shown now */
			api("GET", "/api/submissions/" + encodeURIComponent(id)).then(function (r) {
				if (generation !== state.follow)
					return;
				if (r.status !== 200 || !r.data) {
					setStatus(errorText(r, "Cannot read the submission"), true);
					return;
				}
				showResult(r.data);
				if (r.data.status === "Evaluating") {
					delay = Math.min(delay * 1.5, 2000);
					setTimeout(poll, delay);
				} else {
					setStatus("");
					loadHistory(false);
				}
			});
		}
		poll();
	}

	/* ---- Exercise: the result ------------------------------------------ */

	function ioBlock(label, text) {
		return el("div", null, [
			el("div", { "class": "io-label" }, [label]),
			el("pre", null, [String(text)])
		]);
	}

	function testsTable(tests) {
		var body = el("tbody"), i, t, cells, details;

		for (i = 0; i < tests.length; i++) {
			t = tests[i] || {};
			cells = [
				el("td", null, [String(t.name || "test " + (i + 1))]),
				el("td", null, [
					el("span", { "class": t.passed ? "passed" : "failed" },
					    [t.passed ? "passed" : "failed"]),
					(!t.passed && t.status) ? " · " + labelText(t.status) : null,
					(!t.passed && t.message) ? " · " + String(t.message) : null
				])
			];
			body.appendChild(el("tr", null, cells));
			if (!t.passed && t.public &&
			    (t.input !== undefined || t.expected !== undefined || t.got !== undefined)) {
				details = el("td", { colspan: "2" }, [
					t.input !== undefined ? ioBlock("Input", t.input) : null,
					t.expected !== undefined ? ioBlock("Expected output", t.expected) : null,
					t.got !== undefined ? ioBlock("Your output", t.got) : null
				]);
				body.appendChild(el("tr", { "class": "io" }, [details]));
			}
		}
		return el("table", { "class": "tests" }, [
			el("thead", null, [el("tr", null, [
				el("th", null, ["Test"]), el("th", null, ["Result"])
			])]),
			body
		]);
	}

	/* The tester of this page's exercise: the form says it; a quiz has its own. */
	function tester() {
		var form = $("assay-form");

		if ($("assay-quiz"))
			return "quiz";
		return form ? form.getAttribute("data-tester") || "" : "";
	}

	function pre(text, cls) {
		return el("pre", cls ? { "class": cls } : null, [String(text)]);
	}

	/* A cases result: a tick or a cross per test; a shown test's code, expected and got. */
	function casesTable(tests) {
		var body = el("tbody"), i, t, code, input, head, shown, rows = [];

		for (i = 0; i < tests.length; i++) {
			t = tests[i] || {};
			shown = t.public === true;
			code = typeof t.test === "string" ? t.test : typeof t.code === "string" ? t.code : null;
			input = typeof t.input === "string" ? t.input : typeof t.stdin === "string" ? t.stdin : null;
			head = [el("div", { "class": "case-name" }, [
				String(t.name || "test " + (i + 1)),
				typeof t.mark === "number" ? " (" + t.mark + (t.mark === 1 ? " mark)" : " marks)") : null,
				!shown ? " · hidden" : null
			])];
			if (shown && code !== null)
				head.push(pre(code, "case-code"));
			if (shown && input !== null && input !== "") {
				head.push(el("div", { "class": "io-label" }, ["Input"]));
				head.push(pre(input));
			}
			if (!t.passed && (t.status || t.message))
				head.push(el("div", { "class": "case-why" }, [
					t.status ? labelText(t.status) : "",
					t.status && t.message ? ": " : "",
					t.message ? String(t.message) : ""
				]));
			rows.push(el("tr", { "class": t.passed ? "case-passed" : "case-failed" }, [
				el("td", { "class": "verdict" }, [
					el("span", { "class": t.passed ? "passed" : "failed",
					    title: t.passed ? "passed" : "failed" }, [t.passed ? "\u2713" : "\u2717"]),
					el("span", { "class": "visually-hidden" }, [t.passed ? " passed" : " failed"])
				]),
				el("td", null, head),
				el("td", null, [shown && t.expected !== undefined ? pre(t.expected) : null]),
				el("td", null, [shown && t.got !== undefined ? pre(t.got) : null])
			]));
		}
		rows.forEach(function (r) { body.appendChild(r); });
		return el("table", { "class": "tests cases" }, [
			el("thead", null, [el("tr", null, [
				el("th", null, [""]), el("th", null, ["Test"]),
				el("th", null, ["Expected"]), el("th", null, ["Got"])
			])]),
			body
		]);
	}

	/* The text of a question (its header) and of its options, from the page. */
	function questionParts(f) {
		var h = f.querySelector("h1, h2, h3, h4, h5, h6");
		var opts = {}, items = f.querySelectorAll("li.assay-option"), i, label, text;

		for (i = 0; i < items.length; i++) {
			label = items[i].getAttribute("data-option");
			text = items[i].textContent.replace(/\s+/g, " ").trim();
			opts[label] = text;
		}
		return {
			title: h ? h.textContent.trim() : f.getAttribute("data-question"),
			options: opts
		};
	}

	function answerText(parts, type, list) {
		if (!Array.isArray(list) || list.length === 0)
			return "no answer";
		if (type === "fillin")
			return String(list[0]);
		return list.map(function (a) {
			return Object.prototype.hasOwnProperty.call(parts.options, a) ?
			    parts.options[a] : String(a) + ")";
		}).join(" · ");
	}

	/* The test of the report about question QID, if any. */
	function questionTest(tests, qid, title) {
		var i, t;

		for (i = 0; Array.isArray(tests) && i < tests.length; i++) {
			t = tests[i] || {};
			if (t.question === qid || t.id === qid || t.name === qid || t.name === title)
				return t;
		}
		return null;
	}

	/* A quiz result: each question the student was asked, their answer, the verdict. */
	function quizResult(s) {
		var list = el("ol", { "class": "quiz-result" });
		var sets = document.querySelectorAll("#assay-quiz fieldset.assay-question");
		var answers = s.answers && typeof s.answers === "object" ? s.answers : {};
		var i, f, qid, type, parts, t, verdict, cls, item, right;

		for (i = 0; i < sets.length; i++) {
			f = sets[i];
			qid = f.getAttribute("data-question");
			if ((f.hidden || f.disabled) && !Object.prototype.hasOwnProperty.call(answers, qid))
				continue;	/* a variant this student was not asked */
			type = f.getAttribute("data-type");
			parts = questionParts(f);
			t = questionTest(s.tests, qid, parts.title);
			if (!t) {
				verdict = "";
				cls = "";
			} else if (t.passed) {
				verdict = "\u2713 right";
				cls = "passed";
			} else if (typeof t.score === "number" && t.score > 0) {
				verdict = "partly right (" + scoreText(t.score) + ")";
				cls = "partly";
			} else {
				verdict = "\u2717 wrong";
				cls = "failed";
			}
			item = el("li", { "data-question": qid }, [
				el("div", { "class": "quiz-question" }, [
					el("strong", null, [parts.title]),
					verdict ? el("span", { "class": "quiz-verdict " + cls }, [" " + verdict]) : null
				]),
				el("div", null, ["Your answer: " + answerText(parts, type, answers[qid])])
			]);
			right = t && (Array.isArray(t.answers) ? t.answers :
			    Array.isArray(t.expected) ? t.expected : null);
			if (right && !t.passed)
				item.appendChild(el("div", { "class": "quiz-right" },
				    ["Right answer: " + answerText(parts, type, right)]));
			else if (t && !t.passed && typeof t.expected === "string" && t.expected !== "")
				item.appendChild(el("div", { "class": "quiz-right" },
				    ["Right answer: " + t.expected]));
			if (t && t.message)
				item.appendChild(el("div", { "class": "case-why" }, [String(t.message)]));
			list.appendChild(item);
		}
		return list;
	}

	function showResult(s) {
		var section = $("assay-result"), box = $("assay-result-body");
		var code = $("assay-code"), language = $("assay-language");
		var kind = tester(), hasTests = Array.isArray(s.tests) && s.tests.length > 0;
		var restore;

		if (!section || !box)
			return;
		clear(box);
		section.hidden = false;
		box.appendChild(el("div", { "class": "result-head" }, [
			labelElement(s.status),
			s.status !== "Evaluating" ? el("span", null, ["Score: " + scoreText(s.score)]) : null,
			el("span", { "class": "result-meta" }, [
				"Submission " + s.id + " · " + languageName(s.language) + " · " +
				timeText(s.received)
			])
		]));
		if (s.valid === false)
			box.appendChild(el("p", { "class": "invalid" }, [
				validityText(s).replace(/^./, function (c) { return c.toUpperCase(); }) + "."
			]));
		if (kind === "quiz" && s.answers && !state.quizFilled && !state.quizTouched) {
			fillQuiz(s.answers);	/* the student's last answers, once */
			state.quizFilled = true;
		}
		if (s.status === "Evaluating") {
			box.appendChild(el("p", null, ["Being graded…"]));
			return;
		}
		if (s.feedback === false)
			return;		/* an exam: the label and the score only */
		if (kind === "quiz" && (hasTests || s.answers)) {
			box.appendChild(quizResult(s));
			if (!hasTests && typeof s.report === "string" && s.report !== "")
				box.appendChild(pre(s.report, "report"));
			if (s.answers_shown === false)
				box.appendChild(el("p", { "class": "quiz-key-note" }, [
					s.show_answers === "never" ?
					    "This quiz does not show the right answers." :
					    "The right answers are shown once you can no longer submit: " +
					    "when the quiz closes or your attempts are used up."
				]));
		} else if (kind === "cases" && hasTests) {
			/* The table says what the report says, test by test. */
			box.appendChild(casesTable(s.tests));
		} else {
			if (typeof s.report === "string" && s.report !== "")
				box.appendChild(pre(s.report, "report"));
			if (hasTests)
				box.appendChild(testsTable(s.tests));
		}
		if (kind === "quiz" && s.answers && typeof s.answers === "object") {
			restore = el("button", { type: "button", "class": "secondary" },
			    ["Put these answers back in the form"]);
			restore.addEventListener("click", function () {
				fillQuiz(s.answers);
			});
			box.appendChild(el("p", null, [restore]));
		}
		if (typeof s.code === "string" && code && s.code !== code.value) {
			restore = el("button", { type: "button", "class": "secondary" },
			    ["Put this code back in the editor"]);
			restore.addEventListener("click", function () {
				code.value = s.code;
				if (language && s.language)
					language.value = s.language;
				if (state.editor) {
					state.editor.setValue(s.code);
					state.editor.setLanguage(language ? language.value : "");
					state.editor.focus();
				} else {
					code.focus();
				}
			});
			box.appendChild(el("p", null, [restore]));
		}
	}

	/* ---- Exercise: the history ----------------------------------------- */

	function markSelected() {
		var rows = document.querySelectorAll("#assay-history-body tbody tr");
		var i;

		for (i = 0; i < rows.length; i++) {
			var on = rows[i].getAttribute("data-id") === String(state.selected);

			rows[i].className = on ? "selected" : "";
			rows[i].setAttribute("aria-selected", on ? "true" : "false");
		}
	}

	function historyRow(s) {
		var row = el("tr", { tabindex: "0", "data-id": String(s.id) }, [
			el("td", null, [timeText(s.received)]),
			el("td", null, [languageName(s.language)]),
			el("td", null, [labelElement(s.status),
			    s.valid === false ? el("span", { "class": "invalid", title: validityText(s) },
			    [" " + validityText(s)]) : null]),
			el("td", { "class": "score" }, [s.status === "Evaluating" ? "" : scoreText(s.score)])
		]);

		function open() {
			followSubmission(s.id);
		}
		row.addEventListener("click", open);
		row.addEventListener("keydown", function (ev) {
			if (ev.key === "Enter" || ev.key === " ") {
				ev.preventDefault();
				open();
			}
		});
		return row;
	}

	/* Lists the student's submissions; SHOWLATEST: also show the newest. */
	function loadHistory(showLatest) {
		var section = $("assay-history"), box = $("assay-history-body");

		if (!section || !box || !state.user)
			return;
		api("GET", "/api/submissions?exercise=" + encodeURIComponent(state.exercise))
		    .then(function (r) {
			var list, body, i;

			if (r.status !== 200 || !r.data || !Array.isArray(r.data.submissions)) {
				if (r.status === 401)
					setUser(null);
				return;
			}
			list = r.data.submissions;
			clear(box);
			section.hidden = false;
			if (list.length === 0) {
				box.appendChild(el("p", null, ["No submissions yet."]));
				return;
			}
			body = el("tbody");
			for (i = 0; i < list.length; i++)
				body.appendChild(historyRow(list[i]));
			box.appendChild(el("table", null, [
				el("thead", null, [el("tr", null, [
					el("th", null, ["Time"]), el("th", null, ["Language"]),
					el("th", null, ["Result"]), el("th", null, ["Score"])
				])]),
				body
			]));
			markSelected();
			if (showLatest && state.selected === null)
				followSubmission(list[0].id);
		});
	}

	/* ---- Quizzes ------------------------------------------------------------ */

	/* {question id: [labels] or [text]} of the questions shown. */
	function quizAnswers() {
		var out = {}, sets = document.querySelectorAll("#assay-quiz fieldset.assay-question");
		var i, k, f, inputs, list;

		for (i = 0; i < sets.length; i++) {
			f = sets[i];
			if (f.hidden || f.disabled)
				continue;
			list = [];
			inputs = f.querySelectorAll("input");
			for (k = 0; k < inputs.length; k++) {
				if (inputs[k].type === "text") {
					if (inputs[k].value !== "")
						list.push(inputs[k].value);
				} else if (inputs[k].checked) {
					list.push(inputs[k].value);
				}
			}
			/* A set: in label order, whatever the order shown. */
			out[f.getAttribute("data-question")] = f.getAttribute("data-type") === "multiple" ?
			    list.sort() : list;
		}
		return out;
	}

	/* Puts ANSWERS ({question id: [labels] or [text]}) in the quiz form. */
	function fillQuiz(answers) {
		var sets = document.querySelectorAll("#assay-quiz fieldset.assay-question");
		var i, k, list, inputs;

		if (!answers || typeof answers !== "object")
			return;
		for (i = 0; i < sets.length; i++) {
			list = answers[sets[i].getAttribute("data-question")];
			if (!Array.isArray(list))
				list = [];
			inputs = sets[i].querySelectorAll("input");
			for (k = 0; k < inputs.length; k++) {
				if (inputs[k].type === "text")
					inputs[k].value = typeof list[0] === "string" ? list[0] : "";
				else
					inputs[k].checked = list.indexOf(inputs[k].value) >= 0;
			}
		}
	}

	/* ---- Shuffling: the server chooses, per student ----------------------- */

	/*
	 * One shuffled set: ITEMS (elements, in written order) of which the
	 * server shows CHOOSE, in its order, for KEY. Without a student (or an
	 * answer), every item shows in written order.
	 */
	function shuffleSet(key, items, choose, gen) {
		var parent = items.length ? items[0].parentNode : null;
		var i;

		function restore() {
			for (i = 0; i < items.length; i++) {
				items[i].hidden = false;
				setDisabled(items[i], false);
				parent.appendChild(items[i]);
			}
		}
		if (!parent || !key)
			return;
		if (!state.user) {
			restore();
			return;
		}
		api("GET", "/api/shuffle?key=" + encodeURIComponent(key) + "&n=" + items.length +
		    "&choose=" + Math.min(choose, items.length)).then(function (r) {
			var order = r.data && r.data.order, shown = {};

			if (gen !== state.userGen)
				return;
			if (r.status !== 200 || !Array.isArray(order)) {
				restore();
				return;
			}
			for (i = 0; i < order.length; i++) {
				if (typeof order[i] === "number" && order[i] >= 0 && order[i] < items.length &&
				    !shown[order[i]]) {
					shown[order[i]] = true;
					items[order[i]].hidden = false;
					setDisabled(items[order[i]], false);
					parent.appendChild(items[order[i]]);
				}
			}
			for (i = 0; i < items.length; i++) {
				if (!shown[i]) {
					items[i].hidden = true;
					setDisabled(items[i], true);
				}
			}
		});
	}

	/* A hidden quiz question is not answered. */
	function setDisabled(e, off) {
		if (e.tagName === "FIELDSET")
			e.disabled = off;
		else if (e.querySelectorAll)
			Array.prototype.forEach.call(e.querySelectorAll("fieldset.assay-question"),
			    function (f) { f.disabled = off; });
	}

	function children(e, selector) {
		return Array.prototype.filter.call(e.children, function (c) {
			return c.matches(selector);
		});
	}

	function applyShuffles() {
		var gen = state.userGen;
		var blocks = document.querySelectorAll("div[data-shuffle]");
		var quiz = $("assay-quiz");

		Array.prototype.forEach.call(blocks, function (div) {
			var items = Array.prototype.slice.call(div.querySelectorAll("li[data-shuffle-item]"));
			var choose = parseInt(div.getAttribute("data-choose"), 10);

			items.sort(function (a, b) {
				return a.getAttribute("data-shuffle-item") - b.getAttribute("data-shuffle-item");
			});
			shuffleSet(div.getAttribute("data-shuffle"), items,
			    choose > 0 ? choose : items.length, gen);
		});
		if (!quiz)
			return;
		/* Variants: one question of each group. */
		children(quiz, "div.assay-unit").forEach(function (unit) {
			var qs = children(unit, "fieldset.assay-question");

			if (qs.length > 1)
				shuffleSet(unit.getAttribute("data-unit-key"), qs, 1, gen);
		});
		if (quiz.hasAttribute("data-order-key")) {
			var units = children(quiz, "div.assay-unit");

			shuffleSet(quiz.getAttribute("data-order-key"), units, units.length, gen);
		}
		Array.prototype.forEach.call(quiz.querySelectorAll("fieldset[data-answers-key]"),
		    function (f) {
			var list = f.querySelector("ol.assay-options");
			var opts = list ? children(list, "li.assay-option") : [];

			shuffleSet(f.getAttribute("data-answers-key"), opts, opts.length, gen);
		});
		/* The rules and the submit button stay after the questions. */
		var row = quiz.querySelector("p.assay-row"), rules = $("assay-rules");

		if (rules && rules.parentNode === quiz)
			quiz.appendChild(rules);
		if (row)
			quiz.appendChild(row);
	}

	/* ---- Progress beside {.ex} links ----------------------------------------- */

	function clearBadges() {
		Array.prototype.forEach.call(document.querySelectorAll(".assay-badge"), function (b) {
			b.parentNode.removeChild(b);
		});
	}

	function loadProgress() {
		var gen = state.userGen;
		var links = document.querySelectorAll("a.ex[data-exercise]");

		clearBadges();
		if (!state.user || links.length === 0)
			return;
		api("GET", "/api/progress").then(function (r) {
			var ex = r.data && r.data.exercises;

			if (gen !== state.userGen || r.status !== 200 || !ex || typeof ex !== "object")
				return;
			Array.prototype.forEach.call(links, function (a) {
				var p = ex[a.getAttribute("data-exercise")], n, badge;

				if (!p || typeof p !== "object")
					return;
				n = typeof p.submissions === "number" ? p.submissions : 0;
				badge = el("span", { "class": "assay-badge" }, [
					p.best ? labelElement(p.best) : null,
					" " + n + (n === 1 ? " submission" : " submissions")
				]);
				a.parentNode.insertBefore(badge, a.nextSibling);
			});
		});
	}

	/* ---- Math, code, editor ---------------------------------------------------- */

	function renderMath() {
		var eqs = document.querySelectorAll("x-equation");
		var i;

		if (!window.katex)
			return;
		for (i = 0; i < eqs.length; i++) {
			try {
				window.katex.render(eqs[i].textContent, eqs[i], {
					displayMode: eqs[i].getAttribute("type") === "display",
					throwOnError: false
				});
			} catch (e) {
				/* left as TeX */
			}
		}
	}

	/* Code blocks that name their language (```c, ~~~ {.python}); a diffs
	   block keeps the spans sitegen marked its lines with. */
	function highlightCode() {
		var blocks = document.querySelectorAll("pre:not(.diffs) > code[class]");
		var i, k, classes, known;

		if (!window.hljs)
			return;
		for (i = 0; i < blocks.length; i++) {
			classes = blocks[i].className.split(/\s+/);
			known = false;
			for (k = 0; k < classes.length; k++) {
				var c = classes[k].replace(/^lang(uage)?-/, "");

				if (c && window.hljs.getLanguage(c))
					known = true;
			}
			if (known)
				window.hljs.highlightElement(blocks[i]);
		}
	}

	function setupEditor() {
		var code = $("assay-code"), language = $("assay-language");

		if (!code || !window.AssayEditor)
			return;
		try {
			state.editor = window.AssayEditor.attach(code, language ? language.value : "",
			    function () { submit(); });
		} catch (e) {
			state.editor = null;	/* the plain text area stays */
			code.hidden = false;
			return;
		}
		if (language)
			language.addEventListener("change", function () {
				state.editor.setLanguage(language.value);
			});
	}

	/* ---- Timed exams: the countdown, the draft ------------------------------ */

	function durationText(s) {
		var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);

		return (h ? h + ":" + pad2(m) : String(m)) + ":" + pad2(s % 60);
	}

	/*
	 * The time left, counted from the server's remaining_s (its clock, not the
	 * browser's) on this page's monotonic clock; warnings at 10 and 1 minute.
	 */
	function examTick(gen) {
		var box = $("assay-exam"), left;

		if (!box || gen !== state.examGen)
			return;
		left = Math.max(0, Math.round((state.examEnd - performance.now()) / 1000));
		box.className = "exam-clock" + (left <= 60 ? " exam-last" : left <= 600 ? " exam-soon" : "");
		if (left === 0) {
			box.textContent = "Time is up: the exam has ended, and submissions are no longer accepted in time.";
			return;
		}
		box.textContent = "Time left: " + durationText(left) +
		    (left <= 60 ? " \u2014 less than 1 minute left!" :
		    left <= 600 ? " \u2014 less than 10 minutes left." : "");
		setTimeout(function () { examTick(gen); }, 1000);
	}

	/*
	 * An exercise of a timed exam: its page has the exam's clock too, and
	 * opening it starts the caller's time as the exam's page does.
	 */
	function examOfExercise(rules) {
		var main = document.querySelector("main"), box;

		if (!rules || typeof rules.exam !== "string" || !main)
			return;
		if (!$("assay-exam")) {
			box = el("div", { id: "assay-exam", "class": "exam-clock", role: "timer",
			    "aria-live": "polite", hidden: "" });
			main.insertBefore(box, main.firstChild);
		}
		if (state.exam === rules.exam)
			return;
		state.exam = rules.exam;
		$("assay-exam").setAttribute("data-exam", rules.exam);
		loadExam();
	}

	/* Opening the exam's page starts the caller's time (once: the server keeps the first start). */
	function loadExam() {
		var box = $("assay-exam"), gen = ++state.examGen;

		if (!box || !state.exam)
			return;
		box.hidden = false;
		if (!state.user) {
			box.className = "exam-clock";
			box.textContent = "This is a timed exam: log in, and your time starts.";
			return;
		}
		api("POST", "/api/exams/" + encodeURIComponent(state.exam).replace(/%2F/g, "/") +
		    "/start", "", "application/json").then(function (r) {
			if (gen !== state.examGen)
				return;
			if (r.status !== 200 || !r.data) {
				box.textContent = errorText(r, "The exam cannot be started");
				return;
			}
			state.examEnd = performance.now() + r.data.remaining_s * 1000;
			examTick(gen);
			/* Set right again each minute, should this page's timers lag. */
			setTimeout(function () { if (gen === state.examGen) loadExam(); }, 60000);
		});
	}

	/* A draft belongs to the logged-in student and the exercise: on a
	 * shared computer the next student never sees it. */
	function draftKey() {
		return state.user && state.exercise ?
		    "assay-draft:" + state.user.login + ":" + state.exercise : null;
	}

	function draftText() {
		var code = $("assay-code");

		return state.editor && state.editor.getValue ? state.editor.getValue() :
		    code ? code.value : "";
	}

	/*
	 * The editor's draft is kept in the browser (localStorage) every 2 s
	 * while a student is logged in, and put back when they come back to the
	 * page (restoreDraft, once the server said who is logged in); logging
	 * out forgets the student's drafts (forgetDrafts).
	 */
	function setupDraft() {
		var saved = null;

		if (!$("assay-code") || !state.exercise || !window.localStorage)
			return;
		setInterval(function () {
			var key = draftKey(), text = draftText();

			if (key === null || !state.draftReady || text === saved)
				return;
			saved = text;
			try {
				window.localStorage.setItem(key, text);
			} catch (e) { /* full or refused: the next change tries again */ }
		}, 2000);
	}

	/* At each change of user: the new student's draft, or (after another
	 * student, or logging out) the exercise's skeleton again. */
	function restoreDraft() {
		var code = $("assay-code"), key = draftKey(), saved = null, text;
		var who = state.user ? state.user.login : null;
		var first = state.draftUser === undefined;

		if (!code || state.draftUser === who)
			return;
		state.draftUser = who;
		state.draftReady = false;
		try {
			if (key !== null && window.localStorage)
				saved = window.localStorage.getItem(key);
		} catch (e) {
			saved = null;	/* storage refused: no draft */
		}
		text = saved !== null && saved !== "" ? saved : first ? null : code.defaultValue;
		if (text !== null && text !== draftText()) {
			if (state.editor && state.editor.setValue)
				state.editor.setValue(text);
			code.value = text;
			if (text === saved)
				code.setAttribute("data-draft", "restored");
		}
		state.draftReady = key !== null;
	}

	function forgetDrafts(login) {
		var prefix = "assay-draft:" + login + ":", doomed = [], i;

		try {
			for (i = 0; i < window.localStorage.length; i++)
				if (window.localStorage.key(i).indexOf(prefix) === 0)
					doomed.push(window.localStorage.key(i));
			doomed.forEach(function (k) { window.localStorage.removeItem(k); });
		} catch (e) { /* storage refused: nothing kept either */ }
	}

	/* ---- Start ----------------------------------------------------------- */

	function userChanged() {
		var result = $("assay-result"), history = $("assay-history");

		restoreDraft();
		state.userGen++;
		state.quizFilled = false;
		updateForm();
		loadProgress();
		applyShuffles();
		loadExam();
		if (!state.exercise)
			return;
		loadRules();
		if (state.user) {
			loadHistory(true);
		} else {
			state.follow++;
			state.selected = null;
			if (result)
				result.hidden = true;
			if (history)
				history.hidden = true;
		}
	}

	function setupExercise() {
		var form = $("assay-form") || $("assay-quiz"), code = $("assay-code");
		var escaped = false;

		if (!form)
			return;
		state.exercise = form.getAttribute("data-exercise");
		form.addEventListener("submit", submit);
		if (form.id === "assay-quiz")
			form.addEventListener("input", function () {
				state.quizTouched = true;
			});
		if (!code)
			return;
		/* Ctrl+Enter submits; Tab indents (Escape, then Tab, leaves). */
		code.addEventListener("keydown", function (ev) {
			var start, end;

			if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
				ev.preventDefault();
				submit();
			} else if (ev.key === "Escape") {
				escaped = true;
				return;
			} else if (ev.key === "Tab" && !escaped && !ev.shiftKey &&
			    !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
				ev.preventDefault();
				start = code.selectionStart;
				end = code.selectionEnd;
				code.setRangeText("    ", start, end, "end");
			}
			escaped = false;
		});
	}

	function start() {
		renderMath();
		highlightCode();
		setupExercise();
		if ($("assay-exam"))
			state.exam = $("assay-exam").getAttribute("data-exam");
		setupDraft();
		setupEditor();
		updateForm();
		api("GET", "/api/me").then(function (r) {
			state.api = r.status === 200 || r.status === 401;
			state.user = r.status === 200 && r.data && r.data.login ? r.data : null;
			renderAccount();
			userChanged();
		});
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", start);
	else
		start();
}());
