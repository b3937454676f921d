//go:build !viewer

package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/calc"
)

func TestSplitFileTemplate(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "reader", "testdata", "template", "example.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := core(t).SplitFile("example.csv", data, Request{Grid: "common"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Document != "PROJET" || r.Grid != "common" || len(r.Parts) == 0 {
		t.Fatalf("got %+v", r)
	}
	var sum int64
	for _, p := range r.Parts {
		var euros, cents int64
		whole, frac, _ := strings.Cut(p.Euros, ".")
		for _, c := range whole {
			euros = euros*10 + int64(c-'0')
		}
		for _, c := range frac {
			cents = cents*10 + int64(c-'0')
		}
		sum += euros*100 + cents
	}
	if sum != 100000 {
		t.Errorf("parts sum to %d cents, want 100000", sum)
	}
}

func TestMessages(t *testing.T) {
	c := core(t)
	tests := []struct {
		name string
		file string
		data string
		req  Request
		want string // in the French message
	}{
		{"bad amount names line and field", "brouillon.csv", "section;fonction;montant\nF;212;12a\n", Request{}, "ligne 2"},
		{"unknown format", "notes.txt", "bonjour", Request{}, "format non reconnu"},
		{"nothing to split", "vide.csv", "section;fonction;montant\nF;212;0\n", Request{}, "Aucune dépense"},
		{"bad section option", "brouillon.csv", "section;fonction;montant\nF;212;10\n", Request{Section: "X"}, "Section inconnue"},
		{"level too deep", "brouillon.csv", "section;fonction;montant\nF;212;10\n", Request{Level: 5}, "Niveau inconnu « 5 »"},
		{"negative level", "brouillon.csv", "section;fonction;montant\nF;212;10\n", Request{Level: -1}, "de 1 à 4"},
		{"bad grid option", "brouillon.csv", "section;fonction;montant\nF;212;10\n", Request{Grid: "cofog"}, "Grille inconnue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.SplitFile(tt.file, []byte(tt.data), tt.req)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := Message(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
}

func TestMessageNoSpending(t *testing.T) {
	if msg := Message(calc.ErrNoSpending); !strings.HasPrefix(msg, "Aucune dépense") {
		t.Errorf("got %q", msg)
	}
	if msg := Message(errors.New("boom")); msg != "Erreur : boom" {
		t.Errorf("got %q", msg)
	}
}
