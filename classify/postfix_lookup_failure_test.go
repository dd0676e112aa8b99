package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestPostfixLookupFailureTexts: Postfix smtpd's "Temporary lookup failure" (a lookup
// table of the receiver failed, classify/texts/postfix_lookup_failure.tsv) is a system
// error; near misses keep their own reasons.
func TestPostfixLookupFailureTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		// Mailu/Mailu#633 and docker-mailserver/docker-mailserver#1562 (smtpd logs).
		{"postfix dict retry", "4.3.0", "451 4.3.0 <admin@usrpro.io>: Temporary lookup failure", classify.SystemError},
		{"postfix dict retry, ldap", "4.3.0", "451 4.3.0 <mailtest@domain.tld>: Temporary lookup failure", classify.SystemError},
		// Near misses: Postfix's sibling text, Sendmail's DNSBL and DNS texts.
		{"postfix lookup error", "4.3.0", "451 4.3.0 <bob@example.org>: Temporary lookup error", classify.SystemError},
		{"sendmail dnsbl", "4.7.1", "451 4.7.1 Temporary lookup failure of 192.0.2.1 at bl.example.net", classify.NetworkError},
		{"sendmail host name lookup", "4.4.3", "Deferred: Name server: mx.example.org.: host name lookup failure", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: "bob@example.org",
				action: dsn.ActionDelayed, status: tc.status, diag: tc.diag})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
