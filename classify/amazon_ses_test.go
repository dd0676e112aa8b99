package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// sesSNSNotice is an SES notification as SNS's "email" protocol mails it:
// the notification's JSON itself as the body (no SNS envelope).
func sesSNSNotice(notification string) string {
	return "From: AWS Notifications <no-reply@sns.amazonaws.com>\n" +
		"To: ses-notices@example.org\n" +
		"Subject: AWS Notification Message\n" +
		"Date: Wed, 11 Mar 2026 09:14:23 +0000\n" +
		"Message-ID: <0100018e2b2c-sns@eu-west-1.amazonses.com>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=UTF-8\n" +
		"x-amz-sns-message-id: 5d1f0a52-8d1e-4f55-9f4a-2d7d2b1e6c11\n\n" +
		notification + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n" +
		"https://sns.eu-west-1.amazonaws.com/unsubscribe.html?SubscriptionArn=x\n"
}

const sesMailObject = `"mail":{"timestamp":"2026-03-11T09:14:22.512Z","source":"news@example.com","messageId":"0100018e-1","destination":["x@example.net"]}`

// TestAmazonSESSubtypes: an SES bounce without a remote reply is read by its
// bounceSubType, a DeliveryDelay event by its delayType (SES docs; Sisimai's
// AmazonSES map); a remote reply, where there is one, still decides, and a
// subtype named in an ordinary reply text is not SES's field.
func TestAmazonSESSubtypes(t *testing.T) {
	bounce := func(bt, sub, diag string) string {
		r := `{"emailAddress":"x@example.net","action":"failed"`
		if diag != "" {
			r += `,"status":"5.0.0","diagnosticCode":"` + diag + `"`
		}
		r += "}"
		return `{"notificationType":"Bounce","bounce":{"bounceType":"` + bt + `","bounceSubType":"` + sub +
			`","bouncedRecipients":[` + r + `],"timestamp":"2026-03-11T09:14:22.512Z","feedbackId":"0100-1"},` + sesMailObject + "}"
	}
	delay := func(dt string) string {
		return `{"eventType":"DeliveryDelay","deliveryDelay":{"timestamp":"2026-03-11T09:14:22.512Z","delayType":"` + dt +
			`","expirationTime":"2026-03-11T21:14:22.512Z","delayedRecipients":[{"emailAddress":"x@example.net"}]},` + sesMailObject + "}"
	}
	cases := []struct {
		name, json string
		want       classify.Reason
	}{
		{"content rejected", bounce("Transient", "ContentRejected", ""), classify.ContentError},
		{"attachment rejected", bounce("Transient", "AttachmentRejected", ""), classify.SecurityError},
		{"too large", bounce("Transient", "MessageTooLarge", ""), classify.EmailTooLarge},
		{"mailbox full", bounce("Transient", "MailboxFull", ""), classify.MailboxFull},
		{"delay mailbox full", delay("MailboxFull"), classify.MailboxFull},
		{"delay spam", delay("SpamDetected"), classify.SpamDetected},
		{"delay ip failure", delay("IPFailure"), classify.Blocked},
		{"delay communication", delay("TransientCommunicationFailure"), classify.NetworkError},
		{"delay recipient server", delay("RecipientServerError"), classify.SystemError},
		// Near misses: the remote's reply decides; an undetermined bounce stays on hold.
		{"remote reply wins", bounce("Transient", "ContentRejected", "smtp; 552 5.2.2 Mailbox full"), classify.MailboxFull},
		{"undetermined", bounce("Undetermined", "Undetermined", ""), classify.OnHold},
		{"general stays on hold", bounce("Transient", "General", ""), classify.OnHold},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, sesSNSNotice(tc.json))
			assertReason(t, got, "x@example.net", tc.want)
		})
	}
	// The delayType's words in another decoder's notice are not SES's field:
	// the @by=AmazonSES rows stay silent and the status decides.
	msg := sesForwardedDSN("x@example.net", "smtp; 550 5.1.1 recipient unknown (delivery delay: IPFailure)", "5.1.1")
	assertReason(t, verdicts(t, msg), "x@example.net", classify.UserUnknown)
}
