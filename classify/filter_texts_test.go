package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestFilterTexts reads the replies of the filters, milters and policy
// services in filters-more.tsv as the MTA in front of them sends them: a
// milter's text as it set it, a policy service's after Postfix's
// "Recipient address rejected:". The near misses are the same filters'
// other verdicts, which must keep their own reason.
func TestFilterTexts(t *testing.T) {
	const spfURL = " Please see http://www.openspf.net/Why?s=mfrom;id=sender@example.net;ip=192.0.2.25;r=<UNKNOWN>"
	const rcptRejected = "550 5.7.23 <user@example.org>: Recipient address rejected: "
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{AuthFailure, []reasonCase{
			// OpenDMARC
			{text: "550 5.7.1 rejected by DMARC policy for example.net", status: "5.7.1", command: dsn.CommandDATA},
			// OpenDKIM, On-BadSignature/On-NoSignature/On-DNSError reject
			{text: "550 5.7.0 bad DKIM signature data", status: "5.7.0", command: dsn.CommandDATA},
			{text: "550 5.7.0 no DKIM signature data", status: "5.7.0", command: dsn.CommandDATA},
			{text: "550 5.7.0 DKIM signature verification failed", status: "5.7.0", command: dsn.CommandDATA},
			{text: "550 5.7.0 DKIM signature syntax error", status: "5.7.0", command: dsn.CommandDATA},
			{text: "451 4.7.0 DKIM key retrieval failed", status: "4.7.0", command: dsn.CommandDATA, delayed: true},
			// pypolicyd-spf
			{text: rcptRejected + "Message rejected due to: SPF fail - not authorized." + spfURL, status: "5.7.23", command: dsn.CommandRCPT},
			{text: "550 5.7.24 <user@example.org>: Recipient address rejected: Message rejected due to: SPF Permanent Error: Unknown mechanism found: ip5:192.0.2.0/24." + spfURL, status: "5.7.24", command: dsn.CommandRCPT},
			{text: rcptRejected + "Message rejected due to: domain owner discourages use of this host." + spfURL, status: "5.7.23", command: dsn.CommandRCPT},
			{text: rcptRejected + "Message rejected due to: access neither permitted nor denied." + spfURL, status: "5.7.23", command: dsn.CommandRCPT},
			// postfix-policyd-spf-perl
			{text: "550 5.7.1 <user@example.org>: Recipient address rejected: Please see http://www.openspf.org/Why?s=mfrom;id=sender%40example.net;ip=192.0.2.25;r=mx.example.org", status: "5.7.1", command: dsn.CommandRCPT},
			// rspamd's dmarc module
			{text: "554 5.7.1 Action set by DMARC", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// pypolicyd-spf's deferral on a DNS failure ends with the same URL.
			{text: "450 4.7.1 <user@example.org>: Recipient address rejected: Message deferred due to: SPF Temporary Error: DNS Timeout." + spfURL, status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}},
		{NetworkError, []reasonCase{
			{text: "450 4.7.1 <user@example.org>: Recipient address rejected: Message deferred due to: SPF Temporary Error: DNS Timeout." + spfURL, status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}, nil},
		{VirusDetected, []reasonCase{
			{text: "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Signature", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Bounce, id=12345-01 - INFECTED: Win.Test.EICAR_HDB-1", status: "5.7.0", command: dsn.CommandDATA},
			{text: "450 4.7.0 Temporary failure, id=12345-01 - INFECTED: Eicar-Signature", status: "4.7.0", command: dsn.CommandDATA, delayed: true},
		}, []reasonCase{
			// MIMEDefang's scanner failing is the receiver's trouble.
			{text: "451 4.3.0 Problem running virus-scanner", status: "4.3.0", command: dsn.CommandDATA, delayed: true},
			{text: "554 5.7.0 Reject, id=12345-01 - CLEAN", status: "5.7.0", command: dsn.CommandDATA},
		}},
		{PolicyViolation, []reasonCase{
			{text: "554 5.7.0 Reject, id=12345-01 - BANNED: .exe,invoice.exe", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Bounce, id=12345-01 - BANNED: P=p003,L=1,M=multipart/mixed | P=p002,L=1/2,M=application/x-msdownload,T=exe,N=invoice.exe", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Reject, id=12345-01 - UNCHECKED: encrypted", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.1 Forbidden for policy reasons", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 MIME type message/partial not accepted here", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Message contained too many MIME parts.  We do not accept such complicated messages.", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "554 5.7.0 Reject, id=12345-01 - spam", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Bounce, id=12345-01 - spam", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Bounce, id=12345-01 - spammy (tag3)", status: "5.7.0", command: dsn.CommandDATA},
			{text: "550 5.7.1 Blocked by SpamAssassin", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Gtube pattern", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// amavisd-new's other categories, under the same "Reject, id=".
			{text: "554 5.7.0 Reject, id=12345-01 - BANNED: .exe,invoice.exe", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Signature", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 5.6.3 Reject, id=12345-01 - BAD HEADER: nonencoded 8-bit character", status: "5.6.3", command: dsn.CommandDATA},
			{text: "552 5.3.4 Reject, id=12345-01 - Message size exceeds recipient's size limit", status: "5.3.4", command: dsn.CommandDATA},
		}},
		{ContentError, []reasonCase{
			{text: "554 5.6.3 Reject, id=12345-01 - BAD HEADER: nonencoded 8-bit character", status: "5.6.3", command: dsn.CommandDATA},
			{text: "554 5.6.0 Bounce, id=12345-01 - BAD HEADER: syntax error", status: "5.6.0", command: dsn.CommandDATA},
		}, nil},
		{EmailTooLarge, []reasonCase{
			{text: "552 5.3.4 Reject, id=12345-01 - Message size exceeds recipient's size limit", status: "5.3.4", command: dsn.CommandDATA},
		}, nil},
		{SystemError, []reasonCase{
			{text: "550 5.7.0 internal DKIM error", status: "5.7.0", command: dsn.CommandDATA},
			{text: "451 4.5.0 Error in processing, id=12345-01, virus_scan FAILED: virus scanner failure", status: "4.5.0", command: dsn.CommandDATA, delayed: true},
			{text: "554 5.7.1 Unable to stream message", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{RateLimited, []reasonCase{
			{text: "450 4.7.1 <user@example.org>: Recipient address rejected: Throttling too many connections from new source - Try again later.", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}, nil},
		{Blocked, []reasonCase{
			{text: "551 5.7.1 Go away!", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "451 4.7.1 Greylisting in action, please come back in 00:25:00", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// TestGreylistingDecidesNothing: the greylisting deferrals of
// milter-greylist and sqlgrey are masks in filters-more.tsv: the text
// stage sees them and no text rule names a reason for them.
func TestGreylistingDecidesNothing(t *testing.T) {
	for _, c := range []reasonCase{
		{text: "451 4.7.1 Greylisting in action, please come back in 00:25:00", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		{text: "451 4.7.1 Greylisting in action, please come back later", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		{text: "450 4.7.1 Greylisted for 5 minutes", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
	} {
		r, rc := newFact(c.status, c.text, c.command, dsn.ActionDelayed)
		ex := Explain(r, rc)
		masked := false
		for _, cand := range ex.Candidates {
			if cand.Stage == StageText && cand.Outcome == OutcomeMask && strings.HasPrefix(cand.Where, "filters-more.tsv:") {
				masked = true
			}
		}
		assert.True(t, masked, "%q: no filters-more.tsv mask among %+v", c.text, ex.Candidates)
		assert.False(t, strings.HasPrefix(ex.Verdict.Rule, "text/"), "%q decided by %s (%s)", c.text, ex.Verdict.Rule, ex.Verdict.Reason)
	}
}
