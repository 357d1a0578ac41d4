package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

var update = flag.Bool("update", false, "rewrite highlight.css")

// TestHighlightCSS keeps highlight.css in step with the chroma styles and
// class prefix the renderer uses. After changing either, run
//
//	go test ./internal/markdown -run TestHighlightCSS -update
func TestHighlightCSS(t *testing.T) {
	var want bytes.Buffer
	if err := writeCSS(&want); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("highlight.css", want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("highlight.css")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("highlight.css is out of date; run go test ./internal/markdown -run TestHighlightCSS -update")
	}
	if HighlightCSS() != string(got) {
		t.Fatal("HighlightCSS() differs from highlight.css: rebuild")
	}
	if strings.Contains(string(got), "style=") || !strings.Contains(string(got), ".hl-chroma .hl-k") {
		t.Errorf("unexpected CSS:\n%s", got)
	}
}

// writeCSS writes highlight.css: the light style's colours, then the dark
// style's under prefers-color-scheme: dark.
func writeCSS(w *bytes.Buffer) error {
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix(classPrefix), chromahtml.WithCSSComments(false))
	fmt.Fprintf(w, "/* Code highlighting for internal/markdown: chroma's %q style, and %q\n", lightStyle, darkStyle)
	w.WriteString("   in dark mode. Generated: go test ./internal/markdown -run TestHighlightCSS -update */\n")
	if err := f.WriteCSS(w, styles.Get(lightStyle)); err != nil {
		return err
	}
	var dark bytes.Buffer
	if err := f.WriteCSS(&dark, styles.Get(darkStyle)); err != nil {
		return err
	}
	w.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, line := range strings.SplitAfter(dark.String(), "\n") {
		if line != "" {
			w.WriteString("  " + line)
		}
	}
	w.WriteString("}\n")
	return nil
}
