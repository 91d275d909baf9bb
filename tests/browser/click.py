"""Chromium, driven through its DevTools protocol, clicks the checker page.

Run by .ci/browser (which installs websocket-client in a venv):

    python click.py SERVER_URL OUTPUT_FOLDER GONGKAI_REPORT

On the sample report it clicks a highlighted finding with the mouse (real
input events, not element.click()), and checks that the pop-up shows that
finding's message, help and legal basis; then it reaches a highlight with
Tab, opens it with Enter and with Space, and closes it with Escape (the
focus goes back to the highlight). On a 政府信息公开工作年度报告 whose table
figures break an identity, uploaded through the page's file input, it
clicks a failing cell of the table and checks the pop-up names the
numbers. It saves a screenshot after each click.
"""

import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

SERVER, OUT, GONGKAI = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
SAMPLE_MESSAGE = "标题序号「（二）」不连续，应为「（三）」"
IDENTITY = "自然人不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26"

passed = failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print(f"PASS: {what}")
    else:
        failed += 1
        print(f"FAIL: {what}")
    return condition


class Page:
    """One tab of a headless Chromium, over the DevTools protocol."""

    def __init__(self, profile):
        self.browser = subprocess.Popen(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(OUT / "click.chromium.log", "w"),
        )
        # Chromium writes the port it chose into the profile.
        active = pathlib.Path(profile) / "DevToolsActivePort"
        for _ in range(200):
            if active.exists() and active.read_text().strip():
                break
            time.sleep(0.1)
        port = active.read_text().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.errors = []
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Log.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1100, height=760,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == mine:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.note(message)

    def note(self, message):
        method = message.get("method", "")
        if method == "Runtime.exceptionThrown":
            self.errors.append(message["params"]["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and message["params"]["entry"].get("level") == "error":
            entry = message["params"]["entry"]
            # The browser asks for a favicon of its own accord; the pages have none.
            if not entry.get("url", "").endswith("/favicon.ico"):
                self.errors.append(f"{entry.get('text', '')} {entry.get('url', '')}")
        self.events.append(method)

    def wait_for(self, method, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if method in self.events:
                self.events.clear()
                return
            self.note(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def wait_until(self, expression, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.js(expression):
                    return
            except RuntimeError:
                pass  # the page is changing
            time.sleep(0.2)
        raise TimeoutError(expression)

    def navigate(self, url):
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click_at(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1 if kind != "mouseMoved" else 0)

    def click(self, selector):
        """Scrolls the element into the middle of the window and clicks its
        centre with the mouse."""
        box = self.js(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return null;
            el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
        }})()""")
        if not box:
            raise RuntimeError(f"nothing matches {selector}")
        self.click_at(box["x"], box["y"])

    def key(self, key, code, keycode, text=None):
        down = dict(type="keyDown" if text is None else "keyDown", key=key, code=code,
                    windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)
        if text is not None:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", **down)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                  windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)

    def screenshot(self, name):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        path = OUT / name
        path.write_bytes(data)
        check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000,
              f"screenshot {path}: {len(data)} bytes")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.browser.terminate()
            self.browser.wait(timeout=20)


# What the page shows for a finding: its item in the list, by number.
FINDING = """(n => {
    const item = document.getElementById("f" + n);
    const text = sel => (item.querySelector(sel) || {textContent: ""}).textContent.trim();
    return {message: text(".message"), help: text(".help"), basis: text(".basis")};
})(%s)"""

DETAIL = """(() => {
    const d = document.getElementById("detail");
    return {shown: !d.hidden && d.getBoundingClientRect().height > 0, text: d.innerText};
})()"""


def number_of(page, message):
    """The number of the finding with this message, from the list."""
    return page.js(f"""(() => {{
        const m = [...document.querySelectorAll("li.finding > .message")]
            .find(p => p.textContent.trim() === {json.dumps(message)});
        return m ? Number(m.closest("li.finding").id.slice(1)) : null;
    }})()""")


def shows_finding(page, n, what):
    finding = page.js(FINDING % n)
    detail = page.js(DETAIL)
    check(detail["shown"], f"{what}: the details are shown")
    for key in ("message", "help", "basis"):
        check(bool(finding[key]) and finding[key] in detail["text"],
              f"{what}: the details show the finding's {key} ({finding[key][:40]}…)")
    return detail


profile = tempfile.mkdtemp(prefix="rl-lint-click.")
page = Page(profile)
try:
    # The sample: a click with the mouse on a highlight.
    page.navigate(SERVER + "sample")
    check(page.js("document.documentElement.classList.contains('js')"), "the page's script ran")
    n = number_of(page, SAMPLE_MESSAGE)
    check(n is not None, f"the sample has the finding 「{SAMPLE_MESSAGE}」")
    selector = f'a.hl:not(.pin)[data-f~="{n}"]'
    check(page.js(f"document.querySelectorAll({json.dumps(selector)}).length") >= 1,
          "its span is highlighted in the text")
    check(page.js(DETAIL)["shown"] is False, "no details before the click")
    page.click(selector)
    shows_finding(page, n, "click")
    check(SAMPLE_MESSAGE in page.js(DETAIL)["text"], "the details name the heading number")
    check(page.js(f"document.querySelector({json.dumps(selector)}).classList.contains('current')"),
          "the clicked highlight is outlined")
    page.screenshot("checker-click.png")
    # A click elsewhere closes it.
    page.click_at(5, 5)
    check(not page.js(DETAIL)["shown"], "a click outside closes the details")

    # The keyboard: Tab reaches a highlight, Enter and Space open it,
    # Escape closes it and gives the focus back.
    page.js("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    reached = None
    for _ in range(80):
        page.key("Tab", "Tab", 9)
        reached = page.js("""(() => { const a = document.activeElement;
            return a && a.matches("a.hl") ? a.getAttribute("data-f") : null; })()""")
        if reached:
            break
    check(reached is not None, f"Tab reaches a highlight (data-f={reached})")
    first = int(reached.split()[0]) if reached else 0
    page.key("Enter", "Enter", 13, text="\r")
    shows_finding(page, first, "Enter")
    check(page.js("document.activeElement && document.activeElement.matches('#detail .close')"),
          "Enter moves the focus into the details")
    page.key("Escape", "Escape", 27)
    check(not page.js(DETAIL)["shown"], "Escape closes the details")
    check(page.js("document.activeElement && document.activeElement.matches('a.hl')"),
          "Escape gives the focus back to the highlight")
    page.key(" ", "Space", 32, text=" ")
    shows_finding(page, first, "Space")
    page.key("Escape", "Escape", 27)
    check(page.js("document.querySelector('a.hl').getAttribute('aria-haspopup')") == "dialog",
          "highlights say that they open a dialog")

    # A 政府信息公开工作年度报告 whose figures break an identity, uploaded
    # through the form's file input.
    page.navigate(SERVER)
    doc = page.call("DOM.getDocument")["root"]["nodeId"]
    node = page.call("DOM.querySelector", nodeId=doc, selector="#file")["nodeId"]
    page.call("DOM.setFileInputFiles", nodeId=node, files=[os.path.abspath(GONGKAI)])
    page.click("form.check button[type=submit]")
    page.wait_until("location.pathname === '/check' && document.readyState === 'complete'"
                    " && document.title.includes('检查结果')")
    tables = page.js("document.querySelectorAll('.report-text table.report-table').length")
    check(tables >= 4, f"the report's tables are tables ({tables})")
    n = number_of(page, "收到和处理政府信息公开申请情况表中" + IDENTITY)
    check(n is not None, "the identity fails")
    cells = page.js(f"""[...document.querySelectorAll('td.hit.sev-error[data-f~="{n}"]')]
        .map(td => td.textContent.trim())""")
    check(cells == ["27", "0", "26", "0"], f"the identity's four cells are marked: {cells}")
    page.click(f'td.hit[data-f~="{n}"] a.hl')
    detail = shows_finding(page, n, "table cell")
    check("27 + 0 = 27 ≠ 26 + 0 = 26" in detail["text"], "the details name the numbers")
    page.screenshot("gongkai-click.png")

    check(not page.errors, f"no script error on the pages: {page.errors}")
finally:
    page.close()
    shutil.rmtree(profile, ignore_errors=True)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
