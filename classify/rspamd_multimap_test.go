package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestRspamdMultimapTexts reads rspamd multimap's default refusal ("Matched
// map: <SYMBOL>", texts/rspamd_multimap.tsv) for NethServer's forbidden
// attachment-extension map, with near misses: the bare default prefix and
// other map symbols name no reason.
func TestRspamdMultimapTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{PolicyViolation, []reasonCase{
			{text: "554 5.7.1 Matched map: FORBIDDEN_FILE_EXTENSION", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Matched map: FORBIDDEN_FILE_EXTENSION", status: "5.7.1"},
		}, []reasonCase{
			{text: "554 5.7.1 Matched map: LOCAL_BL_FROM", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Matched map:", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Matched map: FORBIDDEN_FILE", status: "5.7.1", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
