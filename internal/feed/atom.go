package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"
)

// AtomMeta is what a feed says about itself.
type AtomMeta struct {
	BaseURL string // the site's public address, without a trailing slash
	Self    string // the address this feed was fetched from (absolute)
	// Updated is used when there are no items (the community's creation).
	Updated time.Time
	// Generator names the software and its version.
	Generator string
}

// The Atom 1.0 document (RFC 4287), marshalled by encoding/xml, which
// escapes every text node and attribute: a hostile title stays text.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator,omitempty"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID       string         `xml:"id"`
	Title    atomText       `xml:"title"`
	Updated  string         `xml:"updated"`
	Links    []atomLink     `xml:"link"`
	Authors  []atomPerson   `xml:"author"`
	Category []atomCategory `xml:"category"`
	Summary  atomText       `xml:"summary"`
}

// WriteAtom writes community c's items as an Atom 1.0 feed. Entry ids are
// tag URIs made of the site's host and the activity entry's id, so they
// stay the same whichever address (public or secret) the feed is read at.
func WriteAtom(w io.Writer, c Community, items []Item, m AtomMeta) error {
	host := "cultivate.invalid"
	if u, err := url.Parse(m.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	home := m.BaseURL + "/c/" + c.Slug
	updated := m.Updated
	if len(items) > 0 {
		updated = items[0].At
	}
	labels := map[string]string{}
	for _, t := range Topics() {
		labels[t.Key] = t.Label
	}
	f := atomFeed{
		ID:        fmt.Sprintf("tag:%s,2026:community/%d", host, c.ID),
		Title:     atomText{Type: "text", Body: c.Name},
		Subtitle:  &atomText{Type: "text", Body: "What is new in " + c.Name + ": help requests, knowledge, events, announcements and the backlog."},
		Updated:   stamp(updated),
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: m.Self}, {Rel: "alternate", Type: "text/html", Href: home}},
		Generator: m.Generator,
	}
	for _, it := range items {
		author := atomPerson{Name: it.Actor}
		if it.ActorID != 0 {
			author.URI = m.BaseURL + "/u/" + strconv.FormatInt(it.ActorID, 10)
		}
		e := atomEntry{
			ID:      fmt.Sprintf("tag:%s,2026:activity/%d", host, it.ID),
			Title:   atomText{Type: "text", Body: it.Headline()},
			Updated: stamp(it.At),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: m.BaseURL + it.Path}},
			Authors: []atomPerson{author},
			Summary: atomText{Type: "text", Body: it.Headline() + " (" + c.Name + ")"},
		}
		if it.Topic != "" {
			e.Category = []atomCategory{{Term: it.Topic, Label: labels[it.Topic]}}
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed: atom: %w", err)
	}
	return enc.Close()
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
