package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestBongoTexts reads the lines Bongo's queue agent writes under each
// failed address (texts/mta_bongo.tsv) as its notices carry them: the
// delivery-status part gives Status 5.0.0 and no diagnostic, so the text
// part's line is the diagnostic (user-unknown words decide userunknown in
// answer to RCPT, as Sisimai reads them; the notice itself, naming no
// remote host, is read that way too). Near misses must not take the reason.
func TestBongoTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{UserUnknown, []reasonCase{
			{text: "(unrecoverable error) The recipient 'a.becker' is unknown at host 'saarpost-mail.example'", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "(unrecoverable error) The mail system encountered a delivery failure, code 7.", status: "5.0.0"},
			{text: "The host is unknown to us", status: "5.0.0"},
		}},
		{HostUnknown, []reasonCase{
			{text: "(unrecoverable error) The host 'huette-am-see.example' is unknown or could not be looked up", status: "5.0.0"},
		}, []reasonCase{
			{text: "The message could not be looked at", status: "5.0.0"},
		}},
		{Expired, []reasonCase{
			{text: "(unrecoverable error) The mail system tried to deliver the message for the last 4 days, but was not able to successfully do so.", status: "5.0.0"},
		}, []reasonCase{
			{text: "The mail system delivered the message", status: "5.0.0"},
		}},
		{NetworkError, []reasonCase{
			{text: "(unrecoverable error) The mail exchanger for domain 'example.org' was not reachable.", status: "5.0.0"},
			{text: "(unrecoverable error) The message was routed through too many hosts. This usually indicates a mail loop.", status: "5.0.0"},
		}, []reasonCase{
			{text: "The message was routed to the right host", status: "5.0.0"},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
