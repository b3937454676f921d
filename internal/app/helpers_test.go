package app

import "testing"

func core(t *testing.T) *Core {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
