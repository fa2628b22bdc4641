// Command compose-check loads a compose file the way Docker Compose v2 does (compose-go, the
// library Compose itself is built on): every key checked against the Compose Specification's JSON
// schema, references (depends_on, volumes, networks) checked for consistency, variables
// interpolated, paths resolved. It loads the file once with the profiles given (`--profile p`,
// `--profile '*'` for all of them), prints the resolved project as JSON on stdout for the tests to
// read, and exits 1 with the loader's error on stderr when the file is not valid.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type profiles []string

func (p *profiles) String() string     { return strings.Join(*p, ",") }
func (p *profiles) Set(v string) error { *p = append(*p, v); return nil }

func main() {
	var enabled profiles
	flag.Var(&enabled, "profile", "a profile to enable (repeatable; '*' enables every profile)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: compose-check [--profile name]... <compose file>")
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	file, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	// No OS environment and no .env file: the file must stand on its own defaults, the same on
	// every machine. Validation and the consistency check are on (the loader's defaults).
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithProfiles(enabled),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
