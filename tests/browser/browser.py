"""browser.py - drive headless Chromium against the real Assay stack.

Browser(name[, javascript=False]) starts Debian's chromium through chromedriver
(/usr/bin/chromedriver, python3-selenium's webdriver.Chrome): headless, a
fixed window size, --no-sandbox (root has no user namespace sandbox to give
it), no network of its own. One browser per test file; the stack comes from
tests/integration/harness.py.

Screenshots go to the test's output directory, $OUT or build/browser/NAME/,
and each is listed in the TAP output ("# screenshot: PATH"). The directory
is removed at the end unless KEEP=1 or a test point failed.

unnamed(driver) is the accessibility check: every interactive node of the
page's accessibility tree (Chrome DevTools Protocol,
Accessibility.getFullAXTree) must have a computed name.

Waits poll a condition until it holds, with a generous limit that only a
broken page reaches: no assertion depends on how fast the machine is.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
from harness import ROOT, Stack, ok, diag, done  # noqa: E402,F401
import harness  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402,F401
from selenium.webdriver.common.keys import Keys  # noqa: E402,F401
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 30       # seconds: only a page that never gets there waits this long

# Roles a person acts on: each needs a name.
INTERACTIVE = {"button", "link", "textbox", "searchbox", "checkbox", "radio",
               "combobox", "listbox", "spinbutton", "slider", "switch", "tab",
               "menuitem", "option", "progressbar"}


class Browser:
    def __init__(self, name, javascript=True):
        self.name = name
        self.out = os.environ.get("OUT") or os.path.join(ROOT, "build", "browser", name)
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)
        self.shots = 0
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--disable-background-networking",
                  "--no-first-run", "--no-default-browser-check",
                  "--disable-extensions", "--window-size=1280,1000",
                  "--force-prefers-reduced-motion"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        if not javascript:
            # As a student who switched scripts off: the pages' scripts never run.
            opts.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.driver.set_page_load_timeout(WAIT)

    def get(self, stack, path):
        self.driver.get(stack.origin + path)

    def wait(self, cond, what=None):
        """Polls COND(driver) until true; returns its value, or None."""
        try:
            return WebDriverWait(self.driver, WAIT, poll_frequency=0.05).until(cond)
        except Exception as e:  # TimeoutException, or the page went away
            diag("gave up waiting for %s: %s" % (what or "a condition", type(e).__name__))
            self.shot("timeout")
            return None

    def find(self, css):
        """The first element matching CSS, once it is displayed (an element
        of a page being replaced, as after a login's redirect, is looked
        for again on the new one)."""
        def shown(d):
            try:
                for e in d.find_elements(By.CSS_SELECTOR, css):
                    if e.is_displayed():
                        return e
            except StaleElementReferenceException:
                pass
            return None
        return self.wait(shown, css)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def text(self, css):
        return self.js("var e = document.querySelector(arguments[0]);"
                       "return e ? e.innerText : null;", css)

    def shot(self, what):
        self.shots += 1
        path = os.path.join(self.out, "%02d-%s.png" % (self.shots, what))
        self.driver.save_screenshot(path)
        diag("screenshot: " + os.path.relpath(path, ROOT))
        return path

    def active(self):
        """The focused element (id, tag, name)."""
        return self.js("var e = document.activeElement;"
                       "return [e.id, e.tagName.toLowerCase(), e.getAttribute('name') || ''];")

    def console_errors(self):
        return [l["message"] for l in self.driver.get_log("browser")
                if l.get("level") == "SEVERE"]

    def unnamed(self):
        """Interactive nodes without an accessible name: [(role, name, html)]."""
        tree = self.driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})
        bad = []
        for n in tree.get("nodes", []):
            if n.get("ignored"):
                continue
            role = (n.get("role") or {}).get("value")
            name = (n.get("name") or {}).get("value") or ""
            if role in INTERACTIVE and not str(name).strip():
                html = ""
                if "backendDOMNodeId" in n:
                    try:
                        html = self.driver.execute_cdp_cmd(
                            "DOM.getOuterHTML", {"backendNodeId": n["backendDOMNodeId"]}
                        ).get("outerHTML", "")[:160]
                    except Exception:
                        pass
                bad.append((role, name, html))
        return bad

    def quit(self):
        try:
            self.driver.quit()
        finally:
            if os.environ.get("KEEP") or harness._failed:
                diag("kept %s" % os.path.relpath(self.out, ROOT))
            else:
                shutil.rmtree(self.out, ignore_errors=True)


def check_names(b, what):
    """The accessibility check as a test point: every interactive element
    of the page has an accessible name."""
    bad = b.unnamed()
    ok(not bad, "every interactive element has an accessible name: " + what,
       "\n".join("%s %r %s" % x for x in bad))


def finish(b, stack):
    """Closes the browser B (may be None) and stops STACK: nothing of the
    run may be left running."""
    if b is not None:
        b.quit()
    left = stack.stop()
    ok(not left, "nothing left running", left)
    stack.cleanup()
