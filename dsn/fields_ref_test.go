package dsn

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refParseFields is ParseFields as it was before it read its text as one
// string: ParseFields must read every input as it did.
func refParseFields(b []byte, maxGroups int) []Fields {
	var groups []Fields
	var cur Fields
	// The current field's folded pieces, joined once when it ends: joining
	// line by line would be quadratic in a long run of continuation lines.
	var pieces []string
	endField := func() {
		if n := len(cur); n > 0 && len(pieces) > 0 {
			cur[n-1].Value = strings.Join(append([]string{cur[n-1].Value}, pieces...), " ")
			if cur[n-1].Value[0] == ' ' {
				cur[n-1].Value = cur[n-1].Value[1:]
			}
		}
		pieces = pieces[:0]
	}
	flush := func() {
		endField()
		if len(cur) > 0 {
			groups = append(groups, cur)
			cur = nil
		}
	}
	for len(b) > 0 {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			flush()
			if len(groups) >= maxGroups {
				return groups
			}
			continue
		}
		colon := bytes.IndexByte(line, ':')
		continuation := line[0] == ' ' || line[0] == '\t' ||
			colon <= 0 || bytes.IndexAny(line[:colon], " \t") >= 0 && !ValidFieldName(bytes.TrimSpace(line[:colon]))
		if continuation {
			// A folded line, or a wrapped line without indentation.
			if len(cur) > 0 {
				if p := string(bytes.TrimSpace(line)); p != "" {
					pieces = append(pieces, p)
				}
			}
			continue
		}
		endField()
		name := string(bytes.TrimSpace(line[:colon]))
		cur = append(cur, Field{Name: CanonicalFieldName(name), Value: string(bytes.TrimSpace(line[colon+1:]))})
	}
	flush()
	return groups
}

var fieldsCases = []string{
	"Final-Recipient: rfc822; a@b\nAction: failed\n\nFinal-Recipient: rfc822; c@d\nStatus: 5.1.1\n",
	"\n\n  \nReporting-MTA: dns; x\n folded\n\tagain\n\n\nX: y\n",
	"Diagnostic-Code: smtp; 550\nwrapped without indent\nbad name here: value\nBad Name: v\n:empty\n",
	"A: 1\r\n\r\nB: 2\r\n",
	"A: 1\n\u00a0\nB: 2\n",
	"lower-case-name: v\nX-ÄÖ: w\n\xff: bad\n",
	"",
}

func TestParseFieldsAsBefore(t *testing.T) {
	check := func(name string, b []byte) {
		t.Helper()
		for _, max := range []int{1, 2, 8, MaxRecipients + 1} {
			assert.Equal(t, refParseFields(b, max), ParseFields(b, max), "%s max %d", name, max)
			assert.Equal(t, refParseFields(b, max), ParseFieldsText(string(b), max), "%s max %d (text)", name, max)
		}
	}
	for i, c := range fieldsCases {
		check(strings.Repeat("#", i+1), []byte(c))
	}
	files, err := filepath.Glob("../testdata/corpus/bsd/*.eml")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		check(f, b)
		if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
			check(f+" body", b[i+2:])
		}
	}
}

func FuzzParseFieldsAsBefore(f *testing.F) {
	for _, c := range fieldsCases {
		f.Add([]byte(c), 2)
	}
	f.Fuzz(func(t *testing.T, b []byte, max int) {
		max = max%10 + 1
		if max < 1 {
			max = 1
		}
		require.Equal(t, refParseFields(b, max), ParseFields(b, max))
		require.Equal(t, refParseFields(b, max), ParseFieldsText(string(b), max))
	})
}
