//go:build !race

package cli_test

// underRace is true when the tests run under the race detector.
const underRace = false
