//! The real-browser test: the demo team report (`colead report --html`)
//! rendered by headless Chromium.
//!
//! Ignored by default so that `cargo test` needs no browser; `.ci/run`
//! installs Debian's `chromium` and runs it explicitly:
//!
//! ```sh
//! cargo test -p colead-cli --test cli -- --ignored browser
//! ```
//!
//! Run explicitly without a browser, it **fails** (it never skips). The
//! browser is `$COLEAD_CHROMIUM` if set, else the first of `chromium`,
//! `chromium-browser`, `google-chrome` found on `PATH` or in `/usr/bin`.
//! Set `COLEAD_SAVE_SCREENSHOT=docs/report-demo.png` to keep the
//! screenshot (that is how the one in `docs/` and the README was made).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{colead, scratch, stderr};

/// The sections of the team report page, in order.
const SECTION_IDS: [&str; 6] = [
    "at-a-glance",
    "relationships",
    "delegation",
    "process",
    "participation",
    "suggestions",
];

/// How long one Chromium run may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Window size of the screenshot: wide enough for the desktop layout,
/// tall enough for the header and the first charts.
const WINDOW: &str = "1200,2600";

fn find_chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("COLEAD_CHROMIUM") {
        return PathBuf::from(p);
    }
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.push(PathBuf::from("/usr/bin"));
    for name in names {
        for dir in &dirs {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found (looked for {names:?} on PATH and in /usr/bin, and $COLEAD_CHROMIUM): \
         install Debian's `chromium` (apt-get install chromium) or set COLEAD_CHROMIUM; \
         this test fails rather than skips when run explicitly"
    );
}

/// Runs headless Chromium with the flags the issue prescribes, a fresh
/// profile, and `extra` arguments, then `target`; returns stdout.
fn chromium(browser: &Path, profile: &Path, extra: &[String], target: &str) -> String {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(target)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = out_reader.join().unwrap();
    let err = err_reader.join().unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    out
}

/// Decodes an RGB or RGBA PNG into (width, height, luminance per pixel).
fn luminance(png_path: &Path) -> (u32, u32, Vec<f64>) {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).unwrap());
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "unexpected colour type {:?}",
        info.color_type
    );
    let lum = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| 0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2]))
        .collect();
    (info.width, info.height, lum)
}

#[test]
#[ignore = "needs headless Chromium; run with `-- --ignored browser` (CI does)"]
fn browser_renders_the_demo_report() {
    let browser = find_chromium();
    let dir = scratch("browser");
    let html_path = dir.join("demo-report.html");
    let o = colead(&["report", "--html", html_path.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "colead report failed:\n{}", stderr(&o));
    let html = std::fs::read_to_string(&html_path).unwrap();
    let charts = html.matches("<svg ").count();
    assert!(charts >= 10, "the demo page has its charts: {charts}");
    let url = format!("file://{}", html_path.canonicalize().unwrap().display());

    // 1. The DOM after load: every section and every chart is there.
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium(&browser, profile.path(), &["--dump-dom".to_owned()], &url);
    assert!(
        dom.contains("<h1>Team report: the colead demo team</h1>"),
        "page did not render:\n{}",
        &dom[..dom.len().min(2000)]
    );
    for id in SECTION_IDS {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "section {id} missing from the rendered DOM"
        );
    }
    assert_eq!(
        dom.matches("<svg ").count(),
        charts,
        "every chart is in the DOM"
    );
    for chart in [
        "Advice network",
        "Friend network",
        "Reports-to network",
        "Talk share in meeting ES2011a",
        "Practice coverage by stage",
        "Stage visits",
        "Gini of talk time per meeting",
    ] {
        assert!(
            dom.contains(&format!("aria-label=\"{chart}\"")),
            "chart `{chart}` missing"
        );
    }
    assert!(dom.contains("<figcaption>"), "figures have captions");
    assert!(dom.contains("Real data"), "sources are labelled");
    assert!(
        dom.contains("Illustrative"),
        "illustrative data is labelled"
    );

    // 2. The screenshot: a real image with real content.
    let shot = dir.join("demo-report.png");
    let profile = tempfile::tempdir().unwrap();
    chromium(
        &browser,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={WINDOW}"),
        ],
        &url,
    );
    let (w, h, lum) = luminance(&shot);
    assert_eq!((w, h), (1200, 2600), "screenshot has the window's size");
    let n = lum.len() as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
    let not_white = lum.iter().filter(|&&l| l < 240.0).count() as f64 / n;
    let dark = lum.iter().filter(|&&l| l < 80.0).count() as f64 / n;
    assert!(
        var.sqrt() > 20.0,
        "screenshot looks blank: luminance sd {:.1}",
        var.sqrt()
    );
    assert!(
        not_white > 0.05,
        "screenshot looks blank: {:.1}% non-white",
        not_white * 100.0
    );
    assert!(
        dark > 0.01,
        "no dark pixels (header, text): {:.2}%",
        dark * 100.0
    );

    if let Some(dest) = std::env::var_os("COLEAD_SAVE_SCREENSHOT") {
        let dest = PathBuf::from(dest);
        let dest = if dest.is_absolute() {
            dest
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(dest)
        };
        std::fs::copy(&shot, &dest).unwrap();
    }
}
