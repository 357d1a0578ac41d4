package notify_test

import (
	"context"
	"os"
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func addUsers(t *testing.T, db *store.DB, n int) []int64 {
	t.Helper()
	var ids []int64
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for i := 0; i < n; i++ {
			var id int64
			if err := db.QueryRowContext(ctx, `INSERT INTO users (email, name, handle, password_hash, created_at, updated_at)
				VALUES ($1, $2, $3, 'x', 0, 0) RETURNING id`, "u"+string(rune('a'+i))+"@example.org", "User", "user-"+string(rune('a'+i))).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestInbox(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fake := clock.NewFake(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
		in := notify.New(db, fake)
		u := addUsers(t, db, 3)
		actor, ann, bo := u[0], u[1], u[2]

		if err := in.Send(ctx, notify.Note{Kind: notify.Reply, Title: "outside", Link: "/"}, ann); err == nil {
			t.Fatal("Send outside a transaction was accepted")
		}
		err := db.WithTx(ctx, func(ctx context.Context) error {
			for i := 0; i < 5; i++ {
				fake.Advance(time.Minute)
				// The actor is never told of their own action; duplicates count once.
				if err := in.Send(ctx, notify.Note{Kind: notify.Reply, ActorID: actor, Title: "reply", Link: "/c/x/requests/1"}, ann, ann, actor, bo); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			user int64
			want int
		}{{actor, 0}, {ann, 5}, {bo, 5}} {
			if n, err := in.Unread(ctx, c.user); err != nil || n != c.want {
				t.Errorf("user %d unread = %d, %v; want %d", c.user, n, err, c.want)
			}
		}

		// Pages of 2 walk all five, newest first, once each.
		seen := map[int64]bool{}
		var before, last int64
		for page := 0; ; page++ {
			notes, next, err := in.List(ctx, ann, false, before, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				if seen[n.ID] || (last != 0 && n.ID >= last) {
					t.Fatalf("note %d out of order or repeated", n.ID)
				}
				seen[n.ID], last = true, n.ID
				if n.ActorName != "User" || n.Kind != notify.Reply {
					t.Errorf("note %+v", n)
				}
			}
			if next == 0 {
				break
			}
			before = next
		}
		if len(seen) != 5 {
			t.Fatalf("listed %d notes, want 5", len(seen))
		}

		notes, _, _ := in.List(ctx, ann, true, 0, 10)
		if err := in.MarkRead(ctx, ann, notes[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := in.MarkRead(ctx, bo, notes[1].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("marking someone else's note read: %v", err)
		}
		if n, _ := in.Unread(ctx, ann); n != 4 {
			t.Fatalf("unread after one read = %d, want 4", n)
		}
		if n, _ := in.Unread(ctx, bo); n != 5 {
			t.Fatalf("bo's notes changed: %d unread", n)
		}
		if err := in.MarkRead(ctx, ann, 0); err != nil {
			t.Fatal(err)
		}
		if unread, _, _ := in.List(ctx, ann, true, 0, 10); len(unread) != 0 {
			t.Fatalf("%d unread after marking all read", len(unread))
		}
	})
}
