package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// sfm10Cases are replies quoted in ActiveCampaign's SMTP field manual
// (data/codes/*.json) that the sfm10 rows read: ImprovMX's own codes,
// Google's "RFC-5321" wording with 5.1.2, and two filters' wordings that
// name their cause (texts/filtering_services.tsv); with near misses that must not fire.
var sfm10Cases = []struct {
	name, remote, status, command, diag string
	want                                Reason
	rule                                string // a prefix of the verdict's rule; "" = any
	not                                 bool   // a near miss: want must NOT be the reason
}{
	{"improvmx 5.9.4 anti-spam retry", "mx1.improvmx.com", "4.2.1", "DATA", "450 4.2.1 Please try again later. (#id-5.9.4)", SpamDetected, "improvmx/", false},
	{"improvmx 5.9.3 database", "mx2.improvmx.com", "5.7.1", "RCPT", "551 5.7.1 Our database returned invalid pieces of information about the requested recipient's domain (#id-5.9.3)", SystemError, "improvmx/", false},
	{"improvmx 5.9.5 forwarding recipient", "mx1.improvmx.com", "5.7.1", "RCPT", "551 5.7.1 Unable to correctly read the forwarding recipient (where to forward the email to) (#id-5.9.5)", SystemError, "improvmx/", false},
	{"google RFC-5321 recipient, 5.1.2", "gmail-smtp-in.l.google.com", "5.1.2", "RCPT", "553 5.1.2 The recipient address <.@gmail.com> is not a valid RFC-5321 address. - gsmtp", UserUnknown, "google/", false},
	{"zerospam not in recipient list", "mx.zerospam.ca", "5.7.1", "RCPT", "554 5.7.1 <a@example.com>: Recipient address rejected: Not in recipient list", UserUnknown, "", false},
	{"barracuda spoofed", "d1.ess.barracudanetworks.com", "5.0.0", "DATA", "550 rejecting spoofed message", PolicyViolation, "", false},
	// Near misses: another host's "try again later" with a 5.9.4-looking
	// number is not ImprovMX's anti-spam check; another host's 551 keeps
	// its own reading; Google's 5.1.2 domain reply stays hostunknown.
	{"other host, id-5.9.4", "mx.example.net", "4.2.1", "DATA", "450 4.2.1 Please try again later. (#id-5.9.4)", SpamDetected, "improvmx/", true},
	{"improvmx 5.9.2 domain not found", "mx1.improvmx.com", "5.7.1", "RCPT", "551 5.7.1 Domain not found (#id-5.9.2)", SystemError, "improvmx/", true},
	{"google 5.1.2 domain", "gmail-smtp-in.l.google.com", "5.1.2", "RCPT", "550 5.1.2 We weren't able to find the recipient domain. - gsmtp", UserUnknown, "", true},
	{"recipient list is full", "mx.example.net", "5.2.2", "RCPT", "552 5.2.2 <a@example.com>: mailbox full, not in recipient quota", UserUnknown, "", true},
	{"spoofed in a report of ours", "mx.example.net", "5.7.1", "DATA", "550 5.7.1 message not spoofed, but rejected by content filter", PolicyViolation, "text/policyviolation/rejecting spoofed", true},
}

func TestFilteringServicesReplies(t *testing.T) {
	for _, c := range sfm10Cases {
		t.Run(c.name, func(t *testing.T) {
			f := fact(c.remote, "neko@example.com", c.status, c.diag)
			f.Recipients[0].Command = c.command
			v := classifyOne(t, f)
			if c.not {
				if c.rule != "" {
					assert.False(t, strings.HasPrefix(v.Rule, c.rule), v.Rule)
				} else {
					assert.NotEqual(t, c.want, v.Reason, v.Rule)
				}
				return
			}
			assert.Equal(t, c.want, v.Reason, v.Rule)
			if c.rule != "" {
				assert.True(t, strings.HasPrefix(v.Rule, c.rule), v.Rule)
			}
		})
	}
}
