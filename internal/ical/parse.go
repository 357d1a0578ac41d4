package ical

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Component is a parsed BEGIN…END block.
type Component struct {
	Name       string
	Props      []Prop
	Components []*Component
}

// Prop is one content line: NAME;PARAM=VALUE:value, unfolded, its value
// still escaped.
type Prop struct {
	Name   string
	Params map[string]string
	Value  string
}

// Get returns the first property called name.
func (c *Component) Get(name string) (Prop, bool) {
	for _, p := range c.Props {
		if p.Name == name {
			return p, true
		}
	}
	return Prop{}, false
}

// Text returns the unescaped value of the first property called name.
func (c *Component) Text(name string) string {
	p, _ := c.Get(name)
	return Unescape(p.Value)
}

// All returns the sub-components called name.
func (c *Component) All(name string) []*Component {
	var out []*Component
	for _, s := range c.Components {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// Time reads a DATE-TIME property: in UTC when it ends in Z, else in the
// zone its TZID names, loaded from Go's time-zone data.
func (p Prop) Time() (time.Time, error) {
	v := p.Value
	if strings.HasSuffix(v, "Z") {
		return time.Parse(utcStamp, v)
	}
	loc := time.UTC
	if tz := p.Params["TZID"]; tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return time.Time{}, err
		}
		loc = l
	}
	return time.ParseInLocation(localStamp, v, loc)
}

// Parse reads one VCALENDAR, checking the line discipline Encode promises:
// CRLF ends and no line longer than 75 octets.
func Parse(data []byte) (*Component, error) {
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, errors.New("ical: the text does not end with CRLF")
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	sc.Split(splitCRLF)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		if len(raw) > 75 {
			return nil, fmt.Errorf("ical: line %d is %d octets long", n, len(raw))
		}
		if strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("ical: line %d continues nothing", n)
			}
			lines[len(lines)-1] += raw[1:]
			continue
		}
		lines = append(lines, raw)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var stack []*Component
	var root *Component
	for _, l := range lines {
		p, err := parseLine(l)
		if err != nil {
			return nil, err
		}
		switch p.Name {
		case "BEGIN":
			c := &Component{Name: p.Value}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.Components = append(parent.Components, c)
			} else if root == nil {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].Name != p.Value {
				return nil, fmt.Errorf("ical: END:%s does not close the open component", p.Value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("ical: property %s outside any component", p.Name)
			}
			c := stack[len(stack)-1]
			c.Props = append(c.Props, p)
		}
	}
	if root == nil || len(stack) != 0 {
		return nil, errors.New("ical: no complete VCALENDAR")
	}
	return root, nil
}

// splitCRLF splits on CRLF only; a bare LF is part of a line (and makes
// it invalid, which the caller notices by its length or content).
func splitCRLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		return i + 2, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func parseLine(l string) (Prop, error) {
	// The name and parameters end at the first colon outside quotes.
	inQuote := false
	colon := -1
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				colon = i
			}
		}
		if colon >= 0 {
			break
		}
	}
	if colon < 0 {
		return Prop{}, fmt.Errorf("ical: no colon in %q", l)
	}
	head, value := l[:colon], l[colon+1:]
	parts := strings.Split(head, ";")
	p := Prop{Name: strings.ToUpper(parts[0]), Value: value, Params: map[string]string{}}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok {
			return Prop{}, fmt.Errorf("ical: bad parameter %q", param)
		}
		p.Params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	return p, nil
}
