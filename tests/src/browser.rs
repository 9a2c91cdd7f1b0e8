//! Headless Chromium driven through chromedriver (WebDriver, fantoccini), and
//! the axe-core accessibility audit injected into pages.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// A browser session with its chromedriver process.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

fn find(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A browser and an app on SQLite served on a real listener (with its base
/// URL), or `None` after a loud notice when Chromium is not installed.
pub async fn start_with_app() -> Option<(Browser, crate::TestApp, String)> {
    let browser = Browser::start().await?;
    let app = crate::TestApp::new(crate::Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let base = app.serve().await;
    Some((browser, app, base))
}

/// Fails with every accessibility violation gathered by [`Browser::audit`], one a line.
pub fn assert_accessible(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

/// Path of axe-core's `axe.min.js` (`PSPM_AXE_JS`, else `tests/node_modules`).
pub fn axe_path() -> PathBuf {
    std::env::var("PSPM_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
        })
}

impl Browser {
    /// Starts chromedriver and a headless Chromium, or returns `None` after a
    /// loud notice when they are not installed.
    pub async fn start() -> Option<Browser> {
        let Some(driver_path) = find(
            "PSPM_CHROMEDRIVER",
            &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        ) else {
            crate::skip(
                "browser test",
                "chromedriver not found (apt-get install chromium-driver)",
            );
            return None;
        };
        let Some(chromium) = find(
            "PSPM_CHROMIUM",
            &[
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ],
        ) else {
            crate::skip(
                "browser test",
                "chromium not found (apt-get install chromium)",
            );
            return None;
        };
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let driver = tokio::process::Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--lang=en",
                ]
            }
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!("object literal"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = String::new();
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    // axe-core on a long page takes well over WebDriver's
                    // 30 s default when the machine is busy (CI builds beside
                    // it); a slow audit is not a failed one.
                    client
                        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                            Some(Duration::from_secs(180)),
                            Some(Duration::from_secs(120)),
                            Some(Duration::ZERO),
                        ))
                        .await
                        .expect("set WebDriver timeouts");
                    return Some(Browser {
                        client,
                        driver,
                        _profile: profile,
                    });
                }
                Err(e) => {
                    last_err = e.to_string();
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("could not start a WebDriver session: {last_err}");
    }

    /// Closes the browser and stops chromedriver.
    pub async fn finish(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// Signs in through the sign-in form of the app at `base` as `email`
    /// (a seeded user's password).
    pub async fn sign_in(&self, base: &str, email: &str) {
        self.goto(&format!("{base}/sign-in")).await;
        self.fill("#field-email", email).await;
        self.fill("#field-password", crate::PASSWORD).await;
        self.click("main button[type=submit]").await;
    }

    /// Fills a field found by CSS selector.
    pub async fn fill(&self, css: &str, value: &str) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        el.clear().await.ok();
        el.send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Chooses an option of a select by its value.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        el.select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
    }

    /// Clicks an element found by CSS selector and waits for the next page
    /// (until the current document is gone and the new one has loaded).
    pub async fn click(&self, css: &str) {
        let root = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("document root");
        self.toggle(css).await;
        self.wait_for_next_page(root, &format!("clicking {css}"))
            .await;
    }

    /// Clicks an element found by CSS selector that changes the page in
    /// place (a `<summary>` that unfolds its `<details>`).
    pub async fn toggle(&self, css: &str) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        // Chromium's own scrolling can leave an element at the very edge of the
        // viewport, where the click misses it: centre it first.
        let arg = serde_json::to_value(&el).expect("element reference");
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
            .await
            .expect("scroll into view");
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Presses `keys` (WebDriver key codes, such as `"\u{E007}"` for Enter)
    /// on the focused element and waits for the next page, as [`Browser::click`] does.
    pub async fn press_and_wait(&self, keys: &str) {
        let root = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("document root");
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("press {keys:?}: {e}"));
        self.wait_for_next_page(root, "pressing keys").await;
    }

    /// Waits until `root` (the old document's root) is gone and the new page has loaded.
    async fn wait_for_next_page(&self, root: fantoccini::elements::Element, what: &str) {
        let mut left = false;
        for _ in 0..200 {
            if root.tag_name().await.is_err() {
                left = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(left, "{what} did not lead to another page");
        for _ in 0..200 {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await;
            if matches!(state, Ok(Value::String(s)) if s == "complete") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Resizes the window to `width` × `height` CSS pixels (390 × 844: a phone).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
    }

    /// The fragment of the current address (without `#`), if any.
    pub async fn fragment(&self) -> Option<String> {
        let url = self.client.current_url().await.expect("current url");
        url.fragment().map(str::to_owned)
    }

    /// The `id` of the focused element ("" when it has none, or nothing is focused).
    pub async fn focused_id(&self) -> String {
        let v = self
            .client
            .execute(
                "return document.activeElement ? document.activeElement.id : ''",
                vec![],
            )
            .await
            .expect("read the focused element");
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Whether the first element matching `css` is shown and wholly inside the
    /// viewport (what a person sees without scrolling).
    pub async fn in_view(&self, css: &str) -> bool {
        let v = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]);
                 if (!e) return false;
                 const r = e.getBoundingClientRect();
                 // Less than a pixel out is rounding, not hidden.
                 return r.width > 0 && r.height > 0 && r.top > -1 && r.left > -1
                     && r.bottom < window.innerHeight + 1 && r.right < window.innerWidth + 1;",
                vec![Value::String(css.to_owned())],
            )
            .await
            .expect("measure an element");
        v.as_bool().unwrap_or(false)
    }

    /// Where the first element matching `css` is, against the viewport (for
    /// failure messages): its bounding box and the viewport's size.
    pub async fn placement(&self, css: &str) -> String {
        let v = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]);
                 if (!e) return 'absent';
                 const r = e.getBoundingClientRect();
                 return `top ${r.top}, bottom ${r.bottom}, left ${r.left}, right ${r.right}; viewport ${window.innerWidth} × ${window.innerHeight}, scrolled ${window.scrollY}`;",
                vec![Value::String(css.to_owned())],
            )
            .await
            .expect("measure an element");
        v.as_str().unwrap_or_default().to_owned()
    }

    /// The value of the form field matching `css`, as it is now.
    pub async fn value(&self, css: &str) -> String {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        el.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Text of the first element matching `css` (waiting up to 10 s for it to appear).
    pub async fn text(&self, css: &str) -> String {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        el.text().await.unwrap_or_default()
    }

    /// The page source.
    pub async fn source(&self) -> String {
        self.client.source().await.unwrap_or_default()
    }

    /// Current path (URL without the origin).
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        let mut p = url.path().to_owned();
        if let Some(q) = url.query() {
            p.push('?');
            p.push_str(q);
        }
        p
    }

    /// Saves a screenshot as `<PSPM_SCREENSHOTS>/<name>.png` when that variable is set
    /// (for people reviewing the design; tests do not depend on it).
    pub async fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("PSPM_SCREENSHOTS") else {
            return;
        };
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png);
        }
    }

    /// Runs the accessibility audit on the current page and adds each
    /// violation to `failures` after `label`, so that one test reports every
    /// page's violations at once (see [`assert_accessible`]).
    pub async fn audit(&self, label: &str, failures: &mut Vec<String>) {
        for v in self.axe().await {
            failures.push(format!("{label}: {v}"));
        }
    }

    /// Runs axe-core (WCAG 2.1 A/AA and best practices) on the current page and
    /// returns its violations as readable lines.
    pub async fn axe(&self) -> Vec<String> {
        let path = axe_path();
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core not found at {} ({e}); run `npm ci` in tests/ or set PSPM_AXE_JS",
                path.display()
            )
        });
        self.client
            .execute(&source, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let lines: Vec<String> = result
            .as_array()
            .unwrap_or_else(|| panic!("axe-core returned no result list: {result}"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect();
        assert!(
            !lines.iter().any(|l| l.starts_with("axe failed")),
            "{lines:?}"
        );
        lines
    }
}

/// The text of a PDF as `pdftotext -layout` reads it (poppler-utils); `None`
/// after a loud skip when the tool is missing.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), pdf).expect("write the PDF");
    match std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(file.path())
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            crate::skip("reading a PDF", &format!("pdftotext: {e}"));
            None
        }
    }
}
