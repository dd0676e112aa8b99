package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/event"
)

// validate checks v (decoded JSON) against the parts of a JSON Schema
// that docs/event.schema.json uses: type, properties, required, items,
// enum, const and the date-time format. It returns every violation, by
// path.
func validate(schema map[string]any, v any, path string) []string {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, path+": "+fmt.Sprintf(f, a...)) }
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			return errs
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range schema["required"].([]any) {
			if _, ok := m[r.(string)]; !ok {
				bad("missing %q", r)
			}
		}
		for k, sub := range props {
			if x, ok := m[k]; ok {
				errs = append(errs, validate(sub.(map[string]any), x, path+"."+k)...)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			return errs
		}
		for i, x := range a {
			errs = append(errs, validate(schema["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
			return errs
		}
		if schema["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				bad("not an RFC 3339 time: %q", s)
			}
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			bad("want an integer, got %v", v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want a boolean, got %T", v)
		}
	}
	if e, ok := schema["enum"].([]any); ok && !slices.Contains(e, v) {
		bad("%v is none of %v", v, e)
	}
	if c, ok := schema["const"]; ok && c != v {
		bad("want %v, got %v", c, v)
	}
	return errs
}

// shape returns the sorted paths of every key in v, arrays reduced to
// their first element: what a receiver written from the docs expects.
func shape(v any, path string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			*out = append(*out, path+"."+k)
			shape(sub, path+"."+k, out)
		}
	case []any:
		if len(x) > 0 {
			shape(x[0], path+"[]", out)
		}
	}
}

func shapeOf(v any) []string {
	var out []string
	shape(v, "", &out)
	sort.Strings(out)
	return out
}

// docsExample returns the JSON of the first ```json block after heading
// in docs/webhook.md.
func docsExample(t *testing.T, doc, heading string) []byte {
	t.Helper()
	_, rest, ok := strings.Cut(doc, heading)
	require.True(t, ok, "docs/webhook.md has %q", heading)
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindStringSubmatch(rest)
	require.NotNil(t, m, "a json block after %q", heading)
	return []byte(m[1])
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("../../docs/event.schema.json")
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(raw, &schema))
	return schema
}

// TestValidateCatchesDrift shows that validate fails on what a drifted
// doc would hold: a wrong type, a kind that is not sent, a missing field.
func TestValidateCatchesDrift(t *testing.T) {
	schema := loadSchema(t)
	for _, tc := range []struct{ name, json, want string }{
		{"kind not sent", `{"kind":"hard"}`, `.kind: hard is none of`},
		{"type not sent", `{"type":"bounce.hard"}`, `.type: bounce.hard is none of`},
		{"version", `{"version":2}`, `.version: want 1, got 2`},
		{"missing", `{}`, `: missing "facts"`},
		{"retyped", `{"facts":[{"hardbounce":"yes"}]}`, `.facts[0].hardbounce: want a boolean`},
		{"time", `{"created_at":"yesterday"}`, `.created_at: not an RFC 3339 time`},
	} {
		var v any
		require.NoError(t, json.Unmarshal([]byte(tc.json), &v))
		assert.Contains(t, strings.Join(validate(schema, v, ""), "\n"), tc.want, tc.name)
	}
}

// TestDocsDescribeWhatServeSends passes a real bounce through serve to a
// webhook receiver and checks that the body is valid under
// docs/event.schema.json, that docs/webhook.md's example is valid too and
// has exactly the sent fields, and that the docs name every kind and
// field as sent.
func TestDocsDescribeWhatServeSends(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	_, secretFile := writeSecret(t, dir, "a test key of thirty-two bytes!!")
	bodies := make(chan []byte, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- b
	}))
	defer recv.Close()
	p := startServe(t, bin, "--webhook-url", recv.URL, "--webhook-secret-file", secretFile, "--spool-dir", filepath.Join(dir, "spool"))
	defer stopServe(t, p)
	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-sendmail-01.eml")
	require.NoError(t, err)
	_, err = sendThroughMilter(p.port, "4E2EQUEUE1", raw)
	require.NoError(t, err)
	var body []byte
	select {
	case body = <-bodies:
	case <-time.After(20 * time.Second):
		t.Fatal("no request")
	}

	schema := loadSchema(t)
	var sent map[string]any
	require.NoError(t, json.Unmarshal(body, &sent))
	assert.Empty(t, validate(schema, sent, ""), "what serve sends is valid under docs/event.schema.json:\n%s", body)
	assert.Equal(t, "bounce.hard_bounce", sent["type"])
	assert.Equal(t, "hard_bounce", sent["kind"])
	fact := sent["facts"].([]any)[0].(map[string]any)
	assert.Equal(t, "4E2EQUEUE1", fact["origin"], "origin is the queue id")
	assert.NotContains(t, sent["message"].(map[string]any)["message_id"], "<", "message ids are sent without angle brackets")

	docb, err := os.ReadFile("../../docs/webhook.md")
	require.NoError(t, err)
	doc := string(docb)
	var example map[string]any
	require.NoError(t, json.Unmarshal(docsExample(t, doc, "## Payload"), &example))
	assert.Empty(t, validate(schema, example, ""), "docs/webhook.md's example is valid under docs/event.schema.json")
	assert.Equal(t, shapeOf(sent), shapeOf(example), "docs/webhook.md's example has exactly the fields serve sends")
	assert.Equal(t, sent["type"], example["type"])
	assert.Equal(t, sent["kind"], example["kind"])
	ef := example["facts"].([]any)[0].(map[string]any)
	for _, k := range []string{"decodedby", "rule", "reason", "deliverystatus", "hardbounce", "action"} {
		assert.Equal(t, fact[k], ef[k], "the example's %s is what serve sends for the same bounce", k)
	}
	assert.Equal(t, example["message"].(map[string]any)["queue_id"], ef["origin"], "the example's origin is its queue id")
	for k := range sent {
		assert.Contains(t, doc, "| `"+k+"` |", "docs/webhook.md's field table has %s", k)
	}
	for _, k := range event.Kinds {
		assert.Contains(t, doc, "`"+k.Name()+"`", "docs/webhook.md names kind %s", k.Name())
	}
}
