/*
 * editor.js - the submission editor: CodeMirror 6 over the form's textarea.
 *
 * Bundled once by `make vendor` (esbuild, an IIFE) into
 * sitegen/vendor/codemirror/editor.min.js; the bundle is what builds use.
 * It defines window.AssayEditor = {attach(textarea, language)}: the
 * textarea is hidden and stays the form's source of truth (every change of
 * the editor is copied into it), so a page without this script, or a
 * browser where it fails, still submits with the plain textarea.
 */
import { EditorState, Compartment } from "@codemirror/state";
import {
	EditorView, keymap, lineNumbers, highlightActiveLine,
	highlightActiveLineGutter, drawSelection, highlightSpecialChars
} from "@codemirror/view";
import {
	defaultKeymap, history, historyKeymap, indentWithTab
} from "@codemirror/commands";
import {
	indentOnInput, bracketMatching, syntaxHighlighting,
	defaultHighlightStyle, indentUnit
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { cpp } from "@codemirror/lang-cpp";
import { python } from "@codemirror/lang-python";

function languageOf(name) {
	if (name === "python")
		return python();
	if (name === "c" || name === "cpp")
		return cpp();
	return [];
}

function attach(textarea, language, onSubmit) {
	var lang = new Compartment();
	var view = new EditorView({
		state: EditorState.create({
			doc: textarea.value,
			extensions: [
				lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(),
				history(), drawSelection(), indentOnInput(), bracketMatching(),
				closeBrackets(), highlightActiveLine(),
				syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
				indentUnit.of("    "),
				keymap.of([
					{ key: "Mod-Enter", run: function () { if (onSubmit) onSubmit(); return true; } },
					...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab
				]),
				lang.of(languageOf(language)),
				EditorView.updateListener.of(function (u) {
					if (u.docChanged)
						textarea.value = u.state.doc.toString();
				}),
				EditorView.contentAttributes.of({ "aria-label": "Code" })
			]
		})
	});
	textarea.parentNode.insertBefore(view.dom, textarea);
	textarea.hidden = true;
	return {
		setLanguage: function (name) {
			view.dispatch({ effects: lang.reconfigure(languageOf(name)) });
		},
		setValue: function (text) {
			view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
		},
		focus: function () { view.focus(); }
	};
}

window.AssayEditor = { attach: attach };
