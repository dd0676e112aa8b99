package event

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
)

var update = flag.Bool("update", false, "rewrite docs/event.schema.json from the types")

// schemaFile is the JSON Schema of the event, generated from the types
// (TestSchemaFileIsGenerated, go test ./event -update).
const schemaFile = "../docs/event.schema.json"

// fieldDocs reads the line comment of every struct field in the Go files
// of dir, by type and field name: the descriptions of the schema come from
// the code.
func fieldDocs(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	require.NoError(t, err)
	out := map[string]map[string]string{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return true
				}
				m := map[string]string{}
				for _, fld := range st.Fields.List {
					if fld.Comment == nil {
						continue
					}
					for _, name := range fld.Names {
						m[name.Name] = strings.TrimSpace(fld.Comment.Text())
					}
				}
				out[ts.Name.Name] = m
				return true
			})
		}
	}
	return out
}

// buildSchema builds the JSON Schema (draft 2020-12) of Event from its Go
// types and their line comments: every field required, enums from Kinds
// and classify.Reasons.
func buildSchema(t *testing.T) map[string]any {
	docs := fieldDocs(t, ".")
	for k, v := range fieldDocs(t, "../classify") {
		docs[k] = v
	}
	var kinds, types []any
	for _, k := range Kinds {
		kinds = append(kinds, k.Name())
		types = append(types, k.Type())
	}
	var reasons []any
	for _, r := range classify.Reasons {
		reasons = append(reasons, string(r))
	}
	enums := map[string][]any{"Event.Kind": kinds, "Event.Type": types, "Record.Reason": reasons}
	var object func(rt reflect.Type) map[string]any
	value := func(owner string, f reflect.StructField) map[string]any {
		var s map[string]any
		switch {
		case f.Type == reflect.TypeOf(time.Time{}):
			s = map[string]any{"type": "string", "format": "date-time"}
		case f.Type.Kind() == reflect.Struct:
			s = object(f.Type)
		case f.Type.Kind() == reflect.Slice:
			s = map[string]any{"type": "array", "items": object(f.Type.Elem())}
		case f.Type.Kind() == reflect.String:
			s = map[string]any{"type": "string"}
		case f.Type.Kind() == reflect.Bool:
			s = map[string]any{"type": "boolean"}
		case f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Int64:
			s = map[string]any{"type": "integer"}
		default:
			t.Fatalf("schema: no JSON type for %s.%s (%s)", owner, f.Name, f.Type)
		}
		if e, ok := enums[owner+"."+f.Name]; ok {
			s["enum"] = e
		}
		d := docs[owner][f.Name]
		if d == "" {
			t.Errorf("schema: %s.%s has no line comment to describe it", owner, f.Name)
		}
		s["description"] = d
		return s
	}
	object = func(rt reflect.Type) map[string]any {
		props := map[string]any{}
		var required []any
		for i := range rt.NumField() {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				t.Fatalf("schema: %s.%s has no JSON name", rt.Name(), f.Name)
			}
			props[name] = value(rt.Name(), f)
			required = append(required, name)
		}
		// No additionalProperties: false. A receiver must take fields it
		// does not know (new ones come without a new version); the docs
		// test compares the exact set of fields with what is sent.
		return map[string]any{"type": "object", "properties": props, "required": required}
	}
	s := object(reflect.TypeOf(Event{}))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://github.com/bounce-milter/bounce-milter/docs/event.schema.json"
	s["title"] = "bounce-milter event, version 1"
	s["description"] = "One classified bounce message: the body of a webhook request, a NATS JetStream message and a Kafka record. Generated from event.Event by go test ./event -update; docs/webhook.md describes it."
	s["properties"].(map[string]any)["version"].(map[string]any)["const"] = Version
	return s
}

// TestSchemaFileIsGenerated fails when docs/event.schema.json is not what
// the types make; go test ./event -update rewrites it.
func TestSchemaFileIsGenerated(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(buildSchema(t)))
	if *update {
		require.NoError(t, os.WriteFile(schemaFile, buf.Bytes(), 0o644))
	}
	got, err := os.ReadFile(filepath.Clean(schemaFile))
	require.NoError(t, err, "go test ./event -update writes it")
	require.Equal(t, buf.String(), string(got), "docs/event.schema.json is out of date: go test ./event -update")
}
