package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasFieldSuffixValue(t *testing.T) {
	msg := "From: a@example.org\nX-Exemplo-MailScanner: generated\nX-Other-MailScanner-ID: 4A40AB6E.A1B2\nX-MailScanner: generated\n\nbody\n"
	m, err := ReadMessage([]byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		suffix, value string
		want          bool
	}{
		{"-MailScanner", "generated", true},
		{"-mailscanner", "GENERATED", true},
		{"-MailScanner", "Found to be clean", false},
		{"-MailScanner-ID", "generated", false},
		{"X-MailScanner", "generated", false}, // the whole name is no suffix
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, m.Header.HasFieldSuffixValue(tc.suffix, tc.value), tc.suffix+" "+tc.value)
	}
}
