package maturity

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The picture of seed 003: energy and visibility rising over the four
// phases like a rocket's climb (slow at ignition, steep at liftoff,
// levelling off in orbit and at the space station), with the community
// marked where its ratings put it. Drawn on the server; CSS classes (no
// inline styles) colour it for light and dark themes.

const (
	curveW, curveH       = 640, 260
	padL, padR           = 48, 16
	padT, padB           = 24, 56
	plotW                = curveW - padL - padR
	plotH                = curveH - padT - padB
	curvePoints          = 96
	curveMid, curveSlope = 1.55, 2.1
)

// height is the curve at x (0 to 4 phases), from 0 to 1.
func height(x float64) float64 {
	lo := 1 / (1 + math.Exp(curveSlope*curveMid))
	hi := 1 / (1 + math.Exp(-curveSlope*(4-curveMid)))
	v := 1 / (1 + math.Exp(-curveSlope*(x-curveMid)))
	return 0.06 + 0.9*(v-lo)/(hi-lo)
}

func point(x float64) (float64, float64) {
	return padL + x/4*plotW, padT + (1-height(x))*plotH
}

// Curve draws the picture with the community marked at p (nil: no mark).
// The caller embeds it in a figure with CurveText as its text alternative.
func Curve(model []Stage, p *Position, communityName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="stage-curve" viewBox="0 0 %d %d" role="img" aria-labelledby="curve-title curve-desc" xmlns="http://www.w3.org/2000/svg">`, curveW, curveH)
	fmt.Fprintf(&b, `<title id="curve-title">Energy and visibility over the four phases</title><desc id="curve-desc">%s</desc>`,
		html.EscapeString(CurveText(model, p, communityName)))
	// phase bands and their names
	for i, st := range model {
		x0 := padL + float64(i)/4*plotW
		cls := "phase-band"
		if p != nil && p.Reached > i {
			cls += " reached"
		}
		fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%d" width="%.1f" height="%d"/>`, cls, x0, padT, float64(plotW)/4, plotH)
		fmt.Fprintf(&b, `<text class="phase" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x0+float64(plotW)/8, curveH-padB+20, html.EscapeString(st.Title))
		fmt.Fprintf(&b, `<text class="flight" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x0+float64(plotW)/8, curveH-padB+36, html.EscapeString(st.Flight))
	}
	// axes
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, padL, padT+plotH, padL+plotW, padT+plotH)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, padL, padT, padL, padT+plotH)
	fmt.Fprintf(&b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">energy and visibility</text>`,
		16, padT+plotH/2, 16, padT+plotH/2)
	fmt.Fprintf(&b, `<text class="axis-label" x="%d" y="%d" text-anchor="end">phases →</text>`, padL+plotW, curveH-6)
	// the curve
	var pts []string
	for i := 0; i <= curvePoints; i++ {
		x, y := point(4 * float64(i) / curvePoints)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	fmt.Fprintf(&b, `<polyline class="curve" points="%s"/>`, strings.Join(pts, " "))
	if p != nil {
		x, y := point(markerX(*p))
		fmt.Fprintf(&b, `<circle class="marker" cx="%.1f" cy="%.1f" r="9"/>`, x, y)
		label := communityName
		anchor := "start"
		dx := 14.0
		if x > padL+plotW*0.6 {
			anchor, dx = "end", -14
		}
		fmt.Fprintf(&b, `<text class="marker-label" x="%.1f" y="%.1f" text-anchor="%s">%s</text>`, x+dx, y-12, anchor, html.EscapeString(label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// markerX places the community inside the band of the highest stage it
// reached (in its right half, nearer the next stage as that one's work
// gets done), so the picture agrees with "Stage: …"; before Gather it sits
// in Gather's left half.
func markerX(p Position) float64 {
	frac := math.Max(0, math.Min(p.Along-float64(p.Reached), 1))
	if p.Reached == 0 {
		return 0.05 + 0.45*frac
	}
	return math.Min(float64(p.Reached-1)+0.5+0.45*frac, 3.95)
}

// CurveText says in words what the picture shows.
func CurveText(model []Stage, p *Position, communityName string) string {
	var names []string
	for _, st := range model {
		names = append(names, st.Title+" ("+st.Flight+")")
	}
	s := "A curve of energy and visibility rising over the phases " + strings.Join(names, ", ") +
		": slow at first, steep at liftoff, levelling off later; staying up takes as much energy as getting there."
	if p == nil {
		return s
	}
	if p.Reached == 0 {
		return s + " " + communityName + " is still lifting off towards Gather."
	}
	s += fmt.Sprintf(" %s has reached %s", communityName, p.StageTitle)
	if p.Reached < len(model) {
		s += fmt.Sprintf(" and is working towards %s", model[p.Reached].Title)
	}
	return s + "."
}
