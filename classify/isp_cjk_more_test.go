package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCJKOpenRelayCheck: "554 openrelay check." refuses a sending server
// taken for an open relay (blog.sina.com.cn reply list), at whatever
// command it comes; a relay refusal of the recipient keeps its reading.
func TestCJKOpenRelayCheck(t *testing.T) {
	cases := []struct {
		name, cmd, diag string
		want            classify.Reason
	}{
		{"openrelay at MAIL", dsn.CommandMAIL, "554 openrelay check.", classify.Blocked},
		{"openrelay at RCPT", dsn.CommandRCPT, "554 openrelay check.", classify.Blocked},
		{"near: host denies relay", dsn.CommandRCPT, "553 host denies relay.", classify.NoRelaying},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Exim", rcpt: "a@example.cn", mta: "mail.example.cn", status: "5.0.0", command: tc.cmd, diag: tc.diag, action: dsn.ActionFailed})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
