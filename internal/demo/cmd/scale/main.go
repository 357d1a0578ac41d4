// Command scale fills a fresh database with demo.Scale's large
// organization, to try pages or queries at scale by hand:
//
//	go run ./internal/demo/cmd/scale -db /tmp/big.db -requests 1000000
//	go run ./internal/demo/cmd/scale -db 'postgres://…/big' -requests 1000000
//
// It migrates the database first; it must hold no people or communities.
// Every account's password is demo.DemoPassword (with -password) or none.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"

	"cultivate/internal/account"
	"cultivate/internal/demo"
	"cultivate/internal/store"
)

func main() {
	dsn := flag.String("db", "", "the database: a SQLite file path or a postgres:// URL (required)")
	requests := flag.Int("requests", 10_000, "help requests to generate")
	replies := flag.Int("replies", 3, "replies and comments per request")
	communities := flag.Int("communities", 20, "communities")
	users := flag.Int("users", 0, "people (0: requests/50, at least 200)")
	seed := flag.Uint64("seed", 1, "random seed")
	password := flag.Bool("password", false, "let everyone log in with the demo password (else nobody can)")
	flag.Parse()
	if *dsn == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *dsn, demo.ScaleOptions{Requests: *requests, RepliesPerRequest: *replies, Communities: *communities,
		Users: *users, Seed: *seed}, *password); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dsn string, opts demo.ScaleOptions, password bool) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	if password {
		if opts.PasswordHash, err = account.HashPassword(demo.DemoPassword, account.DefaultHashParams()); err != nil {
			return err
		}
	}
	opts.Log = log.Printf
	info, err := demo.Scale(ctx, db, opts)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}
