package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDebianSourceTexts reads the texts in debian-sources.tsv (GNU
// Mailutils' Sieve reject notice, ClamSMTP, mailfront) as their sources
// write them, with near misses that must keep another reason.
func TestDebianSourceTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Filtered, []reasonCase{
			{text: "Message was refused by recipient's mail filtering program. Reason given was as follows: not wanted here"},
		}, []reasonCase{
			// A spam filter's refusal names its own reason.
			{text: "554 5.3.0 Spam detected, message refused", status: "5.3.0", command: dsn.CommandDATA},
		}},
		{VirusDetected, []reasonCase{
			{text: "550 Virus Detected; Content Rejected", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 5.1.1 Sorry, that recipient does not exist", status: "5.1.1", command: dsn.CommandRCPT},
		}},
		{UserUnknown, []reasonCase{
			{text: "553 5.1.1 Sorry, that recipient does not exist.", status: "5.1.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 5.1.0 Mail system is not configured to accept that sender", status: "5.1.0", command: dsn.CommandMAIL},
		}},
		{EmailTooLarge, []reasonCase{
			{text: "552 5.2.3 The message would exceed the maximum message size.", status: "5.2.3", command: dsn.CommandDATA},
			{text: "552 5.2.3 Sorry, that message exceeds the maximum message length.", status: "5.2.3", command: dsn.CommandDATA},
		}, nil},
		{NetworkError, []reasonCase{
			{text: "554 5.6.0 This message is looping, too many hops.", status: "5.6.0", command: dsn.CommandDATA},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "554 5.3.0 Spam detected, message refused", status: "5.3.0", command: dsn.CommandDATA},
		}, nil},
		{Rejected, []reasonCase{
			{text: "550 5.1.0 Mail system is not configured to accept that sender", status: "5.1.0", command: dsn.CommandMAIL},
		}, nil},
		{SecurityError, []reasonCase{
			{text: "530 5.7.1 You must authenticate first.", status: "5.7.1", command: dsn.CommandMAIL},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
