package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/server"
)

// appSet writes the service worker's list of the app's files
// (server.AppSetFile) into the app's folder: `make web` runs it.
func appSet(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("app-set", flag.ContinueOnError)
	fl.SetOutput(stderr)
	web := fl.String("web", "web", "folder of the app's files")
	if err := fl.Parse(args); err != nil {
		return err
	}
	set, err := writeAppSet(*web)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "app-set: %s: build %s, %d files\n", filepath.Join(*web, server.AppSetFile), set.Build, len(set.Files))
	return nil
}

// writeAppSet computes the set of the folder dir and writes it as
// dir/server.AppSetFile, leaving the file (and its time, which its
// compressed copies follow) alone when unchanged.
func writeAppSet(dir string) (server.AppSet, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return server.AppSet{}, fmt.Errorf("app-set: %w", err)
	}
	defer root.Close()
	set, err := server.BuildAppSet(root.FS())
	if err != nil {
		return set, fmt.Errorf("app-set: %s: %w", dir, err)
	}
	out := filepath.Join(dir, server.AppSetFile)
	script := set.Script()
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, script) {
		return set, nil
	}
	if err := os.WriteFile(out, script, 0o644); err != nil {
		return set, fmt.Errorf("app-set: %w", err)
	}
	return set, nil
}
