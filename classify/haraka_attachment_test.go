package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestHarakaAttachmentTexts reads the refusals of Haraka's attachment plugin
// (texts/haraka_attachment.tsv) as Haraka answers them after DATA (550, no
// enhanced code; the sender's MTA adds 5.0.0, or sendmail 5.2.0), with near
// misses that must not take the same reason.
func TestHarakaAttachmentTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{PolicyViolation, []reasonCase{
			{text: "550 Message contains encrypted archive", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Message contains encrypted archive", status: "5.2.0"},
			{text: "550 Message contains nested archives exceeding the maximum depth", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Message contains unacceptable content type (application/x-msdownload)", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Message contains unacceptable content type (application/x-msdownload)", status: "5.2.0"},
		}, []reasonCase{
			{text: "450 Error unpacking archive", status: "4.0.0", command: dsn.CommandDATA},
			{text: "550 Message contains archive", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Message contains nested quotes", status: "5.0.0", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
