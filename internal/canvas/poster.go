package canvas

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Poster draws the canvas as an SVG image, A3 landscape (420 × 297 mm),
// to print or to put on a wiki or a wall screen. It is made on the server
// from the text alone, so it needs no browser, fonts or image library:
// an SVG prints crisply at any size and every browser opens it, which is
// what a PNG or PDF converter would have cost a heavy dependency to give.
func Poster(cv Canvas) []byte {
	const w, h, margin, gap = 1587, 1123, 48, 24
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="420mm" height="297mm" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">`, w, h)
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>`)
	name := cv.Section(KeyName).Text
	if name == "" {
		name = cv.CommunityName
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="44" font-weight="700" fill="#1d2321">%s</text>`, margin, margin+40, esc(name))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="18" fill="#5a6460">Vision canvas of %s</text>`, margin, margin+72, esc(cv.CommunityName))
	top := margin + 100
	cols, rows := 3, 2
	cw := (w - 2*margin - (cols-1)*gap) / cols
	ch := (h - top - margin - 28 - (rows-1)*gap) / rows
	order := []string{KeyVision, KeyHow, KeyImpact, KeyResources, KeyForces, KeyLeader}
	for i, key := range order {
		v := cv.Section(key)
		x := margin + (i%cols)*(cw+gap)
		y := top + (i/cols)*(ch+gap)
		fill := "#f4f8f5"
		if key == KeyVision {
			fill = "#e6f1eb"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="12" fill="%s" stroke="#2f6b4f" stroke-width="2"/>`, x, y, cw, ch, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="22" font-weight="700" fill="#2f6b4f">%s</text>`, x+20, y+36, esc(v.Label))
		var lines []string
		if key == KeyForces {
			for _, f := range v.Forces {
				sign := "＋"
				if f.Direction == Hinders {
					sign = "－"
				}
				lines = append(lines, wrap(fmt.Sprintf("%s %s %s", sign, strings.Repeat("●", f.Strength)+strings.Repeat("○", MaxStrength-f.Strength), f.Text), 40)...)
			}
		} else {
			lines = wrap(plainMarkdown(v.Text), 44)
		}
		if len(lines) == 0 {
			lines = []string{"(not written yet)"}
		}
		maxLines := (ch - 64) / 26
		if len(lines) > maxLines {
			lines = append(lines[:maxLines-1], "…")
		}
		for j, line := range lines {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="19" fill="#1d2321">%s</text>`, x+20, y+72+j*26, esc(line))
		}
	}
	credit := "Canvas from the two-hour vision workshop described in “How to run a Community of Practices” (seed 004 of cultivate's sources)."
	if !cv.UpdatedAt.IsZero() {
		credit = "Last changed " + cv.UpdatedAt.Format("2 January 2006") + ". " + credit
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="#5a6460">%s</text>`, margin, h-margin+8, esc(credit))
	b.WriteString(`</svg>`)
	return b.Bytes()
}

func esc(s string) string { return html.EscapeString(s) }

// plainMarkdown turns Markdown into lines of plain text good enough for a
// poster: list markers become bullets, emphasis and headings marks go.
func plainMarkdown(src string) string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		t = strings.TrimLeft(t, "#")
		t = strings.TrimSpace(t)
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") {
			t = "• " + t[2:]
		}
		t = strings.NewReplacer("**", "", "__", "", "`", "").Replace(t)
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		line := ""
		for _, wd := range words {
			for utf8.RuneCountInString(wd) > width {
				r := []rune(wd)
				if line != "" {
					out = append(out, line)
					line = ""
				}
				out = append(out, string(r[:width]))
				wd = string(r[width:])
			}
			switch {
			case line == "":
				line = wd
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(wd) <= width:
				line += " " + wd
			default:
				out = append(out, line)
				line = wd
			}
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
