package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGoogleAddressNotFound: Google's own sentence in its "** Address
// not found **" notice when no remote server answered (Gmail's decoder
// makes it the diagnostic) is userunknown, as Sisimai's GoogleWorkspace
// reading says (lhost/via-googleworkspace.go). Near misses: the older
// sentence that adds "or is unable to receive mail" is not this row; the
// row is Gmail's wording, not read in another decoder's report.
func TestGoogleAddressNotFound(t *testing.T) {
	const found = "Your message wasn't delivered to x@far.example because the address couldn't be found. Check for typos or unnecessary spaces and try again."
	cases := []struct {
		name, decoder, diag string
		want                Reason
		hit                 bool
	}{
		{"Gmail's sentence", "Gmail", found, UserUnknown, true},
		{"older sentence", "Gmail", "Your message wasn't delivered to x@far.example because the address couldn't be found, or is unable to receive mail.", "", false},
		{"another decoder", "Generic", found, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, rc := newFact("", c.diag, "", dsn.ActionFailed)
			r.Decoder = c.decoder
			rc.DiagnosticType = ""
			rc.NoRemoteAnswer = true
			v := ClassifyRecipient(r, rc)
			if c.hit {
				assert.Equal(t, c.want, v.Reason, v.Rule)
			} else {
				assert.NotContains(t, v.Rule, "because the address couldn t be found check", v.Rule)
			}
		})
	}
}
