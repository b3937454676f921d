package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

const nomenDir = "../../internal/nomen"

func TestGridDocIsUpToDate(t *testing.T) {
	tsv, err := os.ReadFile(filepath.Join(nomenDir, "grid.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := GridDoc(tsv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(nomenDir, "GRID.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("internal/nomen/GRID.md is stale: run go generate ./internal/nomen")
	}
}

func TestLabel(t *testing.T) {
	c, err := nomen.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ norm, code, want string }{
		{"M14", "212", "Ecoles primaires"},
		{"M14", "5212", "Services (de maintien à domicile)"}, // only in the CCAS variant
		{"M57", "4221", "Crèches et garderies"},
		{"M14", "999", ""},
	} {
		if got := Label(c, tt.norm, tt.code); got != tt.want {
			t.Errorf("Label(%s, %s) = %q, want %q", tt.norm, tt.code, got, tt.want)
		}
	}
}

func TestRunRegeneratesTheEmbeddedFile(t *testing.T) {
	src := sharedtest.Path(t, "plans-de-comptes")
	out := filepath.Join(t.TempDir(), "plans.bin")
	if err := run([]string{"-src", src, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(nomenDir, "plans.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("internal/nomen/plans.bin is stale: run go generate ./internal/nomen")
	}
	st, _ := os.Stat(out)
	if err := run([]string{"-src", src, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(out); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("an unchanged output was rewritten")
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"-src", "x"},
		{"-out", "x"},
		{"-out", "x", "extra"},
		{"-src", t.TempDir(), "-out", filepath.Join(t.TempDir(), "x")},
		{"-grid-doc", "-grid", filepath.Join(t.TempDir(), "missing.tsv"), "-out", "x"},
		{"-nope"},
	} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("run(%q): no error", args)
		}
	}
}
