package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestBuildDataUsage: the subcommand parses its flags before reading
// anything; the build itself is tested in internal/pipeline.
func TestBuildDataUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"build-data", "-h"}, 0, "Usage: jeu1000 build-data"},
		{[]string{"build-data", "extra"}, 1, "unexpected arguments"},
		{[]string{"build-data", "-nope"}, 1, "flag provided but not defined"},
		{[]string{"build-data", "-shared", t.TempDir(), "-npm", t.TempDir(), "-out", t.TempDir()}, 1, "not installed"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.err)
		}
	}
}
