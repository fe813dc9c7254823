package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/prio-tool/prio"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print prio's version, commit and Go version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVersion(cmd.OutOrStdout())
		},
	}
}

func runVersion(stdout io.Writer) error {
	_, err := io.WriteString(stdout, versionText())
	return err
}

// versionText is what 'prio version' and 'prio --version' print: prio's
// version, the commit it was built from and the Go toolchain and platform.
func versionText() string {
	commit, modified := "unknown", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
	}
	return fmt.Sprintf("prio %s\ncommit %s%s\n%s %s/%s\n", prio.Version, commit, modified, runtime.Version(), runtime.GOOS, runtime.GOARCH) // not a message: version data in the form "go version" prints, for tools and bug reports
}

// addVersionFlag gives the root command --version, which prints what
// 'prio version' prints. The flag is declared here rather than left to
// cobra, which would add -v too and print its own format.
func addVersionFlag(root *cobra.Command) {
	root.Version = prio.Version
	root.Flags().Bool("version", false, "print prio's version, commit and Go version, as 'prio version' does")
	root.SetVersionTemplate("{{prioVersionText}}")
}
