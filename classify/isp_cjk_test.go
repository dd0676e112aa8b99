package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPCJKReplies: the rows of texts/isp_cjk.tsv decide the replies of
// Chinese, Korean and Taiwanese servers their sources quote.
func TestISPCJKReplies(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		want                       Reason
		rule                       string
	}{
		{"mx.example.cn", "neko@example.cn", "5.0.0", "550 black ip.", Blocked, "text/blocked/black ip"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "554 rbl deny.", Blocked, "text/blocked/rbl deny"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "554 attachment is too long.", EmailTooLarge, "text/emailtoolarge/attachment is too long"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "554 remote ip is forbidden", Blocked, "text/blocked/remote ip is forbidden"},
		{"mx.163.net", "neko@163.net", "5.0.0", "550 User neko@163.net is disabled", Suspend, "text/suspend/user * is disabled"},
		{"mail.example.kr", "neko@example.kr", "5.0.0", "554 Relay operation rejected", NoRelaying, "text/norelaying/relay operation rejected"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "552 mail from invalid.", Rejected, "text/rejected/mail from invalid"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "553 host denies relay.", NoRelaying, "text/norelaying/host denies relay"},
		{"mx.example.cn", "neko@example.cn", "5.0.0", "554 smtpport check error.", Blocked, "text/blocked/smtpport check error"},
		{"mail.example.kr", "neko@example.kr", "4.3.0", "451 4.3.0 Temporary system failure. Please try again later.", SystemError, "text/systemerror/temporary system failure"},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.rule), v.Rule)
		})
	}
}

// TestISPCJKNearMisses: replies that share words with the rows and must
// not be decided by them.
func TestISPCJKNearMisses(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		notRule                    string
	}{
		// The sender, not the recipient's account, is disabled.
		{"mx.example.cn", "neko@example.cn", "5.7.1", "550 5.7.1 sender account is disabled", "text/suspend/user * is disabled"},
		// An IP that is not forbidden.
		{"mx.example.cn", "neko@example.cn", "4.3.0", "451 4.3.0 remote ip check error, try again", "text/blocked/remote ip is forbidden"},
		// "operation rejected" without relaying.
		{"mail.example.kr", "neko@example.kr", "5.0.0", "554 Mail operation rejected by policy", "text/norelaying/"},
		// A line (not an attachment) too long.
		{"mx.example.cn", "neko@example.cn", "5.0.0", "500 5.5.2 Line is too long", "text/emailtoolarge/attachment is too long"},
		// A temporary failure of a lookup, not of the receiving system.
		{"mail.example.kr", "neko@example.kr", "4.4.3", "451 4.4.3 Temporary failure in name resolution", "text/systemerror/temporary system failure"},
		// The recipient's address, not the envelope sender's, is invalid.
		{"mx.example.cn", "neko@example.cn", "5.1.3", "553 5.1.3 rcpt to invalid", "text/rejected/mail from invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.False(t, strings.HasPrefix(v.Rule, tt.notRule), v.Rule)
		})
	}
}

// TestISPCJKYahooNoAccountStage: Yahoo's no-account reply without the
// apostrophe is a missing mailbox in answer to RCPT; after DATA the words
// are read as a filter's refusal, as Sisimai reads user-unknown words
// where RCPT was not answered.
func TestISPCJKYahooNoAccountStage(t *testing.T) {
	diag := "554 delivery error: This user doesnt have a yahoo.com account"
	f := fact("mx-apac.mail.gm0.yahoodns.net", "neko@yahoo.com.tw", "5.0.0", diag)
	f.Recipients[0].Command = dsn.CommandRCPT
	v := classifyOne(t, f)
	assert.Equal(t, UserUnknown, v.Reason, v.Rule)
	f = fact("mx-apac.mail.gm0.yahoodns.net", "neko@yahoo.com.tw", "5.0.0", diag)
	f.Recipients[0].Command = dsn.CommandDATA
	v = classifyOne(t, f)
	assert.Equal(t, Filtered, v.Reason, v.Rule)
}

// TestISPCJKDaumCHIC: Daum's CHIC reply ("Network is busy") in a delay
// notice is the network's trouble its page describes, not the queue
// running out; at another host the code is nobody's.
func TestISPCJKDaumCHIC(t *testing.T) {
	f := fact("mx1.hanmail.net", "neko@hanmail.net", "4.4.1", "421 4.4.1 CHIC 192.0.2.1: Network is busy.")
	f.Recipients[0].Action = dsn.ActionDelayed
	v := classifyOne(t, f)
	assert.Equal(t, NetworkError, v.Reason, v.Rule)
	assert.True(t, strings.HasPrefix(v.Rule, "daum/networkerror/"), v.Rule)
	f = fact("mx.example.kr", "neko@example.kr", "4.4.1", "421 4.4.1 CHIC 192.0.2.1: Network is busy.")
	f.Recipients[0].Action = dsn.ActionDelayed
	v = classifyOne(t, f)
	assert.False(t, strings.HasPrefix(v.Rule, "daum/"), v.Rule)
}
