package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDragonFlyOwnTexts checks dma's own error texts (texts/mta_dma.tsv):
// they decide only in a DragonFly report; the same words from another
// decoder, or near wordings, must not take the reason.
func TestDragonFlyOwnTexts(t *testing.T) {
	cases := []struct {
		name, decoder, diag string
		want                classify.Reason
		not                 bool
	}{
		{"smtp login", "DragonFly", "SMTP login to smtp.provider.example.net failed", classify.SecurityError, false},
		{"corrupted queue", "DragonFly", "corrupted queue file", classify.SystemError, false},
		{"near: other decoder", "Postfix", "SMTP login to smtp.provider.example.net failed", classify.SecurityError, true},
		{"near: login succeeded", "DragonFly", "SMTP login to smtp.provider.example.net succeeded", classify.SecurityError, true},
		{"near: queue file fine", "DragonFly", "queue file written", classify.SystemError, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: tc.decoder, Recipients: []dsn.Recipient{{
				Recipient: "a@example.org", Action: dsn.ActionFailed, DiagnosticCode: tc.diag,
			}}}
			v := classify.Classify(r)[0]
			if tc.not {
				assert.NotEqual(t, tc.want, v.Reason, v.Rule)
			} else {
				assert.Equal(t, tc.want, v.Reason, v.Rule)
			}
		})
	}
}
