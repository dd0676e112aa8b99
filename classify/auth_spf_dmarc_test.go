package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSPFPermerror: an SPF permerror refusal (the sender's record cannot
// be interpreted, RFC 7208 section 2.6.7; RFC 7372 X.7.24) is authfailure,
// also at MAIL FROM, where the command alone would say rejected. The temperror
// twin stays networkerror (exim.tsv).
func TestSPFPermerror(t *testing.T) {
	for _, tc := range []struct {
		name, diag, cmd string
		want            Reason
	}{
		{"permerror at MAIL", "550 5.7.0 Permanent DNS error while checking SPF record.", "MAIL", AuthFailure},
		{"permerror at RCPT", "550 5.7.0 Permanent DNS error while checking SPF record.", "RCPT", AuthFailure},
		// Near misses.
		{"temperror", "451 4.5.1 Temporary DNS error while checking SPF record.  Try again later.", "RCPT", NetworkError},
		{"other permanent DNS error", "550 5.0.0 Permanent DNS error while checking the sender domain", "MAIL", Rejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx.example.ro", "admin@example.ro", tc.diag[4:9], tc.diag)
			f.Recipients[0].Command = tc.cmd
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestDMARCFailure: XS4ALL's "DMARC failure for domain X, policy
// reject" is authfailure; the same words without DMARC keep the status's
// catch-all.
func TestDMARCFailure(t *testing.T) {
	for _, tc := range []struct {
		name, diag string
		want       Reason
	}{
		{"xs4all", "550 5.7.1  DMARC failure for domain yahoo.com, policy reject", AuthFailure},
		{"no DMARC", "550 5.7.1 failure for domain yahoo.com", SecurityError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx1.xs4all.nl", "jan@xs4all.nl", tc.diag[4:9], tc.diag)
			f.Recipients[0].Command = "DATA"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
