package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// TestSieveRejectNotice reads the notice GNU Mailutils' Sieve reject sends
// (mailutils 3.19: libmu_sieve/actions.c): multipart/mixed, not
// multipart/report, with a delivery-status part that has Reporting-UA,
// "Action: deleted" and no Status. The recipient failed, and the reason is
// the recipient's filter.
func TestSieveRejectNotice(t *testing.T) {
	tests := []struct {
		name, action string
		want         dsn.Action
	}{
		{"deleted", "deleted", dsn.ActionFailed},
		{"standard failed", "failed", dsn.ActionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := strings.ReplaceAll(`To: ann@example.com
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="zz"

--zz
Content-Type: text/plain;charset=UTF-8

The original message was received at Mon, Mar 03 09:00:00 2025 UTC from ann@example.com.
Message was refused by recipient's mail filtering program.
Reason given was as follows:

No thanks.

--zz
Content-Type: message/delivery-status

Reporting-UA: sieve; GNU Mailutils 3.19
Final-Recipient: RFC822; bob@example.net
Action: `+tt.action+`
Disposition: automatic-action/MDN-sent-automatically;deleted

--zz
Content-Type: message/rfc822

From: ann@example.com
To: bob@example.net
Subject: hello

hi
--zz--
`, "\n", "\r\n")
			r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
			require.NoError(t, err)
			require.True(t, r.IsBounce())
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "bob@example.net", r.Recipients[0].Recipient)
			assert.Equal(t, tt.want, r.Recipients[0].Action)
			v := classify.Classify(r)
			require.Len(t, v, 1)
			assert.Equal(t, classify.Filtered, v[0].Reason, "rule %s", v[0].Rule)
		})
	}
}
