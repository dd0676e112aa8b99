package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestESPAccountSuppressionTexts: the sending services' own sentences for an
// address on one of their suppression lists (SES's account-level list,
// Mailgun's dropped codes 605-607, Postmark's inactive recipients) name the
// list whatever the status says; the Mailgun sandbox refusal is a refusal of
// the sending account. Near misses keep the remote's reason.
func TestESPAccountSuppressionTexts(t *testing.T) {
	cases := []struct {
		name, diag, status string
		want               classify.Reason
	}{
		{"ses account-level list",
			"Amazon SES did not send the message to this address because it is on the suppression list for your account. " +
				"For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at " +
				"https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html", "5.1.1", classify.Suppressed},
		{"mailgun 605", "Not delivering to previously bounced address", "5.0.0", classify.Suppressed},
		{"mailgun 606", "Not delivering to unsubscribed address", "5.0.0", classify.Suppressed},
		{"mailgun 607", "Not delivering to a user who marked your messages as spam", "5.0.0", classify.Suppressed},
		{"postmark 406",
			"You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: x@example.net. " +
				"Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.", "5.0.0", classify.Suppressed},
		{"mailgun sandbox",
			"smtp; 554 Sandbox subdomains are for test purposes only. Please add your own domain or add the address to authorized recipients in Account Settings.",
			"5.0.0", classify.Rejected},
		// Near misses.
		{"gmail inactive account",
			"smtp; 550-5.2.1 The email account that you tried to reach is inactive. For more information, go to https://support.google.com/mail/?p=DisabledUser",
			"5.2.1", classify.Suspend},
		{"remote unknown user on a list of its own",
			"smtp; 550 5.1.1 <x@example.net>: Recipient address rejected: User unknown in virtual mailbox table", "5.1.1", classify.UserUnknown},
		{"delivering to a bounced address elsewhere",
			"smtp; 550 5.1.1 mailbox unavailable, not delivering", "5.1.1", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, sesForwardedDSN("x@example.net", tc.diag, tc.status))
			assertReason(t, got, "x@example.net", tc.want)
		})
	}
}
