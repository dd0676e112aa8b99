package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.False(t, strings.HasPrefix(v.Rule, tt.notRule), v.Rule)
		})
	}
}
