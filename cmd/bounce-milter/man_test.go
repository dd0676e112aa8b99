package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateMan = flag.Bool("update-man", false, "rewrite "+manPath+" from the flags' definitions")

// docs/bounce-milter.8 is what manPage writes from the flags as they are
// defined now; "go generate ./cmd/bounce-milter" rewrites it.
func TestManPage(t *testing.T) {
	var b bytes.Buffer
	manPage(&b)
	page := b.String()
	path := filepath.Join("..", "..", manPath)
	if *updateMan {
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}
	have, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, string(have) == page, "%s is stale: run go generate ./cmd/bounce-milter", manPath)

	for _, c := range allCommandsInOrder() {
		assert.Contains(t, page, `.SS "`+roffLiteral(c.synopsis())+`"`)
		fl, _ := c.flagSet()
		fl.VisitAll(func(f *flag.Flag) {
			assert.Contains(t, page, "\n.B"+map[bool]string{true: "", false: "I"}[isBool(f)]+" "+roffLiteral("--"+f.Name), "%s --%s", c.name, f.Name)
		})
	}
	for _, line := range strings.Split(page, "\n") {
		if line == "" {
			continue
		}
		assert.False(t, strings.HasPrefix(line, "'"), "a line starting with ' is a request: %q", line)
		if strings.HasPrefix(line, ".") {
			assert.Regexp(t, `^\.(\\"|TH|SH|SS|PP|TP|B|BI|br|nh|ad)( |$)`, line, "only man(7) macros")
		}
	}
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func TestRoffText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"set --listen to a socket", `set \%\-\-listen to a socket`},
		{"X-Bounce-Reason and a built-in", `\%X-Bounce-Reason and a \%built-in`},
		{".starts with a period", `\&.starts with a period`},
		{"'quote first", `\&'quote first`},
		{`a \ backslash`, `a \e backslash`},
		{"(-h) or [-x]", `\%(\-h) or \%[\-x]`},
		{"4 × CPUs", `4 \[u00D7] CPUs`},
	} {
		assert.Equal(t, tc.want, roffText(tc.in), tc.in)
	}
}
