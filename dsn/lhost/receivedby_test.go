package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// receivedByWords is receivedBy over the words of each lower-cased value.
func receivedByWords(m *dsn.Message, domains ...string) bool {
	vs := m.Header.Values("Received")
	if len(vs) > originHops {
		vs = vs[len(vs)-originHops:]
	}
	for _, v := range vs {
		for _, w := range strings.FieldsFunc(strings.ToLower(v), isHostSeparator) {
			if strings.IndexByte(w, '.') > 0 && strings.IndexByte(w, '@') < 0 && domainIn(w, domains...) {
				return true
			}
		}
	}
	return false
}

func TestReceivedByAsWords(t *testing.T) {
	for _, received := range []string{
		"from MX.Example.JP (mx.example.jp [192.0.2.1]) by a.b.c",
		"by relay.example.net; Thu, 29 Apr 2013",
		"from x (for <user@example.jp>) by host",
		"from [example.jp] by \"example.jp\"",
		"from example.jp.",
		"from .example.jp by example.jp@x",
		"by K\u212aexample.jp", // the Kelvin sign lower-cases to ASCII k
		"by m\u00fcller.example.jp",
		"by ;;;,,,  \t()",
	} {
		raw := "Received: " + received + "\nFrom: a@b.example\n\nbody\n"
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		for _, domains := range [][]string{{"example.jp"}, {"example.net", "kexample.jp"}, {"jp"}} {
			assert.Equal(t, receivedByWords(m, domains...), receivedBy(m, domains...), "%q %v", received, domains)
		}
	}
}
