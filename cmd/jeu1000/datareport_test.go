package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"
)

// The committed dataset's report, in the stable text layout and as JSON.
func TestDataReport(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"data-report", "-data", "../../data/compressed"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := regexp.MustCompile(`^unit (brotli|gzip)
index [1-9][0-9]*
directory [1-9][0-9]*
authorities [1-9][0-9]* with-figures [1-9][0-9]*
shards [1-9][0-9]* bytes [1-9][0-9]*
latest p50=[0-9]+ p90=[0-9]+ p99=[0-9]+ max=[0-9]+ count=[1-9][0-9]* worst=[a-z]+:[0-9A-Z]+
all p50=[0-9]+ p90=[0-9]+ p99=[0-9]+ max=[0-9]+ count=[1-9][0-9]* worst=[a-z]+:[0-9A-Z]+
$`)
	if !want.Match(out.Bytes()) {
		t.Errorf("output:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"data-report", "-data", "../../data/compressed", "-json"}, &out, &errb); code != 0 {
		t.Fatalf("-json: exit %d: %s", code, errb.String())
	}
	var r struct {
		Unit  string
		Index int64
		Views struct{ Latest, All struct{ Count, Max int64 } }
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Index == 0 || r.Views.Latest.Count == 0 || r.Views.All.Max < r.Views.Latest.Max {
		t.Errorf("-json: %v: %s", err, out.String())
	}
	if code := run([]string{"data-report", "-data", t.TempDir()}, &out, &errb); code != 1 {
		t.Errorf("a folder without an index: exit %d", code)
	}
}
