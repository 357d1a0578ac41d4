package browsertest_test

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cultivate/internal/browsertest"
)

// signInApp is the smallest app with a form and a session: POST /sign-in
// sets a cookie, and GET / greets whoever the cookie names.
func signInApp() http.Handler {
	page := template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><title>Sign in</title></head><body><main>
{{if .}}<p id="greeting" data-who="{{.}}">Hello, {{.}}</p>{{else}}<p id="greeting">Nobody is signed in</p>{{end}}
<form method="post" action="/sign-in">
  <label for="name">Name</label> <input id="name" name="name" required>
  <button type="submit">Sign in</button>
</form>
</main></body></html>`))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		name := ""
		if c, err := r.Cookie("who"); err == nil {
			name = c.Value
		}
		_ = page.Execute(w, name)
	})
	mux.HandleFunc("POST /sign-in", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.PostFormValue("name"), Path: "/", HttpOnly: true})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	return mux
}

func signIn(url, name string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(url),
		chromedp.SendKeys(`#name`, name, chromedp.ByQuery),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		// The old page matches almost any selector until the new one
		// replaces it: wait for something only the answer has.
		chromedp.WaitVisible(fmt.Sprintf(`#greeting[data-who=%q]`, name), chromedp.ByQuery),
	}
}

func greeting(ctx context.Context, t *testing.T, url string) string {
	t.Helper()
	var got string
	if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.Text(`#greeting`, &got, chromedp.ByQuery)); err != nil {
		t.Fatalf("read the greeting: %v", err)
	}
	return got
}

func timeout(t *testing.T, ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestBrowserFillsAndSubmitsAForm(t *testing.T) {
	srv := httptest.NewServer(signInApp())
	defer srv.Close()
	ctx := timeout(t, browsertest.New(t))

	if got, want := greeting(ctx, t, srv.URL), "Nobody is signed in"; got != want {
		t.Fatalf("before signing in, greeting = %q, want %q", got, want)
	}
	if err := chromedp.Run(ctx, signIn(srv.URL, "Ada")); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	var got, location string
	if err := chromedp.Run(ctx, chromedp.Text(`#greeting`, &got, chromedp.ByQuery), chromedp.Location(&location)); err != nil {
		t.Fatal(err)
	}
	if want := "Hello, Ada"; got != want {
		t.Errorf("after signing in, greeting = %q, want %q", got, want)
	}
	if location != srv.URL+"/" {
		t.Errorf("after signing in, location = %q, want the redirect to %q", location, srv.URL+"/")
	}
}

// Two people in one journey must not share a session.
func TestNewContextHasItsOwnCookies(t *testing.T) {
	srv := httptest.NewServer(signInApp())
	defer srv.Close()
	ada := browsertest.New(t)
	grace := timeout(t, browsertest.NewContext(t, ada))
	ada = timeout(t, ada)

	if err := chromedp.Run(ada, signIn(srv.URL, "Ada")); err != nil {
		t.Fatalf("Ada signs in: %v", err)
	}
	if got, want := greeting(grace, t, srv.URL), "Nobody is signed in"; got != want {
		t.Fatalf("Grace's context sees %q, want %q: it shares Ada's cookies", got, want)
	}
	if err := chromedp.Run(grace, signIn(srv.URL, "Grace")); err != nil {
		t.Fatalf("Grace signs in: %v", err)
	}
	if got, want := greeting(ada, t, srv.URL), "Hello, Ada"; got != want {
		t.Errorf("Ada's greeting = %q, want %q", got, want)
	}
	if got, want := greeting(grace, t, srv.URL), "Hello, Grace"; got != want {
		t.Errorf("Grace's greeting = %q, want %q", got, want)
	}
}

func TestScreenshotWritesAPNG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CULTIVATE_SCREENSHOTS", dir)
	srv := httptest.NewServer(signInApp())
	defer srv.Close()
	ctx := timeout(t, browsertest.New(t))
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "sign in")

	png, err := os.ReadFile(filepath.Join(dir, "TestScreenshotWritesAPNG-sign_in.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 8 || string(png[:8]) != "\x89PNG\r\n\x1a\n" {
		t.Errorf("screenshot is not a PNG (%d bytes)", len(png))
	}
}
