// Package browsertest runs user journeys in a real headless Chromium through
// chromedp (the classic v0.14 API: chromedp.Run, chromedp.ByQuery …).
//
// New starts a browser for one test and returns its first tab; NewContext
// opens a second, isolated browser context in it, with its own cookies, for
// journeys with more than one person. Chromium is /usr/bin/chromium, or the
// path in CULTIVATE_CHROMIUM, or chromium or chromium-browser on PATH. When
// there is none, tests are skipped, unless CULTIVATE_REQUIRE_CHROMIUM=1,
// which turns the skip into a failure.
//
// Screenshot writes a full-page PNG into CULTIVATE_SCREENSHOTS when that is
// set; a failed test leaves one of each of its tabs there too.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The environment variables this package reads.
const (
	envChromium    = "CULTIVATE_CHROMIUM"
	envRequire     = "CULTIVATE_REQUIRE_CHROMIUM"
	envScreenshots = "CULTIVATE_SCREENSHOTS"
)

// New starts a headless Chromium for t and returns the context of its first
// tab, for chromedp.Run. The browser stops when the test ends.
func New(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		unavailable(t, err)
	}
	// A fresh profile, so no test sees another's cookies or cache. Not
	// t.TempDir: Chromium's helper processes may still write to it for a
	// moment after the browser exits, and t.TempDir fails the test then.
	profile, err := os.MkdirTemp("", "cultivate-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		// Root cannot use Chromium's sandbox.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1280, 900),
		// Without these Chromium keeps calling home over a network that is
		// not there, and the noise slows it down.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		// Containers give /dev/shm little room; a full one crashes tabs.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	logs := &testLog{t: t}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(logs.logf))
	t.Cleanup(func() {
		// Ask the browser to close, so that it ends its helper processes
		// itself, then make sure.
		closeCtx, cancelClose := context.WithTimeout(ctx, 15*time.Second)
		defer cancelClose()
		if err := chromedp.Cancel(closeCtx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: close the browser: %v", err)
		}
		cancel()
		cancelAlloc()
		logs.stop()
		removeAll(t, profile)
	})
	// Start the browser now, so that a Chromium that cannot start is
	// reported here rather than in the test's first action. This first Run
	// must get ctx itself: the browser lives as long as its context, so a
	// timeout here would kill it.
	if err := chromedp.Run(ctx); err != nil {
		unavailable(t, fmt.Errorf("start %s: %w", path, err))
	}
	screenshotOnFailure(t, ctx, "first-tab")
	return ctx
}

// NewContext opens a tab in a new browser context of parent's browser: like
// an incognito window, it shares no cookies or storage with parent or any
// other context. parent is a context returned by New. The tab closes when
// the test ends.
func NewContext(t *testing.T, parent context.Context) context.Context {
	t.Helper()
	c := chromedp.FromContext(parent)
	if c == nil || c.Browser == nil {
		t.Fatal("browsertest: NewContext needs a context returned by New")
	}
	// chromedp.WithNewBrowserContext would be the obvious way, but v0.14
	// asks for the tab without newWindow, which headless Chromium refuses
	// for a context that has no window yet ("no browser is open"). So make
	// both here and attach to the tab.
	browser := cdp.WithExecutor(parent, c.Browser)
	browserContext, err := target.CreateBrowserContext().Do(browser)
	if err != nil {
		t.Fatalf("browsertest: create a browser context: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := target.DisposeBrowserContext(browserContext).Do(cdp.WithExecutor(ctx, c.Browser)); err != nil {
			t.Logf("browsertest: dispose of a browser context: %v", err)
		}
	})
	tab, err := target.CreateTarget("about:blank").
		WithBrowserContextID(browserContext).
		WithNewWindow(true).
		Do(browser)
	if err != nil {
		t.Fatalf("browsertest: open a tab in a new browser context: %v", err)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithTargetID(tab))
	t.Cleanup(cancel)
	// As in New, the first Run gets ctx itself: it attaches to the tab for
	// as long as that context lives.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("browsertest: attach to the new tab: %v", err)
	}
	screenshotOnFailure(t, ctx, "tab-"+string(tab)[:min(8, len(tab))])
	return ctx
}

// Screenshot saves a full-page PNG of ctx's tab as
// $CULTIVATE_SCREENSHOTS/<test name>-<name>.png. Without that variable it
// does nothing.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		return
	}
	if err := screenshot(ctx, dir, fileName(t.Name()+"-"+name)+".png"); err != nil {
		t.Errorf("browsertest: screenshot %s: %v", name, err)
	}
}

func screenshot(ctx context.Context, dir, file string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, file), png, 0o644)
}

// screenshotOnFailure leaves a picture of the tab as it was when a test
// failed. Registered after the tab's own cleanup, it runs before it.
func screenshotOnFailure(t *testing.T, ctx context.Context, name string) {
	t.Cleanup(func() {
		if t.Failed() {
			Screenshot(t, ctx, "failed-"+name)
		}
	})
}

// fileName keeps letters, digits, dots, dashes and underscores of s.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

// removeAll removes dir, retrying for a while: files may still appear in it
// as the browser's last processes exit.
func removeAll(t *testing.T, dir string) {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("browsertest: remove the browser profile: %v", err)
}

func chromiumPath() (string, error) {
	if p := os.Getenv(envChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", envChromium, p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium, or set " + envChromium + ")")
}

func unavailable(t *testing.T, err error) {
	t.Helper()
	if os.Getenv(envRequire) == "1" {
		t.Fatalf("browsertest: Chromium is required (%s=1): %v", envRequire, err)
	}
	t.Skipf("browsertest: no usable Chromium, skipping: %v", err)
}

// testLog passes chromedp's error reports to the test log until the test's
// cleanup is over; the browser's goroutines may outlive it by a moment, and
// logging after a test ends panics.
type testLog struct {
	mu      sync.Mutex
	t       *testing.T
	stopped bool
}

func (l *testLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("chromedp: "+format, args...)
	}
}

func (l *testLog) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}
