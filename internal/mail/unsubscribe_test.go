package mail_test

import (
	"strings"
	"testing"

	"cultivate/internal/clock"
	"cultivate/internal/mail"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestUnsubscribeRefusesEveryOtherSpellingOfTheSignature: base64 of 32
// bytes ends in a character with two unused bits, so four last characters
// decode to the same signature. Only the one the server wrote is accepted;
// otherwise a tampered link could pass as the real one.
func TestUnsubscribeRefusesEveryOtherSpellingOfTheSignature(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock.NewFake(t0), mail.Options{})
		w := f.world(t)
		tok, err := f.mail.UnsubscribeToken(f.ctx, w.ann.ID, notify.Mention)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.mail.CheckUnsubscribe(f.ctx, tok); err != nil {
			t.Fatalf("the real link is refused: %v", err)
		}
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		last := strings.IndexByte(alphabet, tok[len(tok)-1])
		for low := range 4 {
			v := last&^3 | low
			if v == last {
				continue
			}
			other := tok[:len(tok)-1] + string(alphabet[v])
			if _, err := f.mail.CheckUnsubscribe(f.ctx, other); err == nil {
				t.Errorf("%s, another spelling of the signature, is accepted", other)
			}
		}
	})
}
