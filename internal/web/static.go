package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"cultivate/internal/markdown"
)

//go:embed static
var staticFiles embed.FS

// assets serves the embedded files under content-hashed names
// (/static/style.3f2a9c1e.css) with a year-long cache: a new build changes
// the name, so browsers never run stale CSS or JS.
type assets struct {
	byHashed map[string]asset // "style.3f2a9c1e.css" -> file
	hashed   map[string]string
}

type asset struct {
	body  []byte
	ctype string
}

func loadAssets() (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.byHashed[h] = asset{body: b, ctype: ctype}
		a.hashed[name] = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The code highlighting stylesheet belongs to the Markdown renderer,
	// which generates it from its highlighter's styles.
	css := []byte(markdown.HighlightCSS())
	sum := sha256.Sum256(css)
	h := "highlight." + hex.EncodeToString(sum[:4]) + ".css"
	a.byHashed[h] = asset{body: css, ctype: "text/css; charset=utf-8"}
	a.hashed["highlight.css"] = h
	return a, nil
}

// url returns the hashed URL of a static file; a missing one is a bug that
// TestEveryPageRenders catches.
func (a *assets) url(name string) string {
	if h, ok := a.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/missing/" + name
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byHashed[strings.TrimPrefix(r.URL.Path, "/static/")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.body)
}
