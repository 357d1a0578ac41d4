// Command cultivate runs a home for communities of practice. See README.md.
package main

import (
	"context"
	"os"

	"cultivate/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, cli.OSEnv))
}
