package classify

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestVendorStatusTable checks the vendor codes' shape: each has a real
// source and a failure's reason, a valid range, and none shadows or is
// shadowed by a registered code or another vendor row.
func TestVendorStatusTable(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range vendorStatusCodes {
		name := fmt.Sprintf("%d.%d.%d", v.Class, v.Subject, v.Detail)
		assert.True(t, v.Class == 4 || v.Class == 5, name)
		assert.NotEmpty(t, v.Vendor, name)
		assert.NotEmpty(t, v.Meaning, name)
		assert.True(t, v.Reason.IsFailure(), name)
		assert.Regexp(t, realSource, v.Source, name)
		last := v.Detail
		if v.DetailTo != 0 {
			assert.Greater(t, v.DetailTo, v.Detail, name)
			last = v.DetailTo
		}
		for d := v.Detail; d <= last; d++ {
			code := fmt.Sprintf("%d.%d.%d", v.Class, v.Subject, d)
			assert.False(t, seen[code], "%s in two vendor rows", code)
			seen[code] = true
			_, registered := statusIndex[v.Subject*1000+d]
			assert.False(t, registered, "%s is registered: the vendor row would never be read", code)
		}
	}
}

// TestVendorStatusCodes classifies replies carrying Exchange's own codes,
// worded as Microsoft's NDR reference words them or with no telling
// words at all, from hosts that bear no Microsoft name (a custom domain
// on Microsoft 365, an on-premises server): the code decides. A
// registered code keeps its registered meaning, and a text naming a
// reason of higher priority still outranks the code.
func TestVendorStatusCodes(t *testing.T) {
	cases := []struct {
		name, status, diag string
		action             dsn.Action
		want               Reason
		rule               string
	}{
		{"per-sender hourly receive limit, documented text: the text decides", "5.2.121", "554 5.2.121 Recipient's per hour message receive limit from specific sender exceeded", dsn.ActionFailed, RateLimited, "text/ratelimited/recipient s per hour message receive limit from specific sender exceeded"},
		{"per-sender hourly receive limit, other words", "5.2.121", "554 5.2.121 The sender has exceeded the limit for the number of messages they can send", dsn.ActionFailed, RateLimited, "status/5.2.121"},
		{"per-recipient hourly receive limit, code alone", "5.2.122", "554 5.2.122 <user@example.net>", dsn.ActionFailed, RateLimited, "status/5.2.122"},
		{"daily recipient limit, code alone", "5.1.90", "550 5.1.90 <user@example.net>", dsn.ActionFailed, RateLimited, "status/5.1.90"},
		{"connection refused, code alone", "4.4.316", "451 4.4.316 <mx.example.net>", dsn.ActionDelayed, NetworkError, "status/4.4.316"},
		{"message expired", "5.4.300", "550 5.4.300 Message expired", dsn.ActionFailed, Expired, "text/expired/message expired"},
		{"message expired, code alone", "5.4.300", "550 5.4.300 <user@example.net>", dsn.ActionFailed, Expired, "status/5.4.300"},
		{"relay denied to a tenant's connector, code alone", "5.7.64", "550 5.7.64 <user@example.net>", dsn.ActionFailed, NoRelaying, "status/5.7.64"},
		{"allowed-senders list", "5.7.124", "550 5.7.124 <user@example.net> not permitted", dsn.ActionFailed, Rejected, "status/5.7.124"},
		{"STARTTLS refused by the destination, code alone", "4.7.321", "451 4.7.321 <mx.example.net>", dsn.ActionDelayed, FailedSTARTTLS, "status/4.7.321"},
		{"DANE failure, inside the range", "5.7.323", "550 5.7.323 <mx.example.net>", dsn.ActionFailed, FailedSTARTTLS, "status/5.7.323"},
		{"throttled sending IP, temporary", "4.7.650", "451 4.7.650 <user@example.net>", dsn.ActionDelayed, RateLimited, "status/4.7.650"},
		{"bad HELO, code alone", "5.7.506", "550 5.7.506 <user@example.net>", dsn.ActionFailed, Blocked, "status/5.7.506"},
		{"bad HELO, documented text: the text decides", "5.7.506", "550 5.7.506 Access Denied, Bad HELO", dsn.ActionFailed, Blocked, "text/blocked/access denied bad helo"},
		{"IPv6 range over its limits", "5.7.508", "550 5.7.508 <user@example.net>", dsn.ActionFailed, RateLimited, "status/5.7.508"},
		{"banned sending IP, inside the range", "5.7.612", "550 5.7.612 <user@example.net>", dsn.ActionFailed, Blocked, "status/5.7.612"},
		{"tenant over its threshold", "5.7.705", "550 5.7.705 <user@example.net>", dsn.ActionFailed, RateLimited, "status/5.7.705"},
		// The same detail in the other class is not the documented code.
		{"5.7.650 is not the 4.7.500-699 throttle", "5.7.650", "550 5.7.650 <user@example.net>", dsn.ActionFailed, SecurityError, "status/5.7.x"},
		// Outside the documented range, the subject is all there is.
		{"5.7.700, between documented codes", "5.7.700", "550 5.7.700 <user@example.net>", dsn.ActionFailed, SecurityError, "status/5.7.x"},
		// A registered code is never read as a vendor's.
		{"5.2.2 keeps its registered meaning", "5.2.2", "554 5.2.2 <user@example.net>", dsn.ActionFailed, MailboxFull, "status/5.2.2"},
		// The code competes with the text by the reasons' priority.
		{"a blocklist text outranks the rate code", "5.2.121", "554 5.2.121 Service unavailable; client blocked using zen.spamhaus.org", dsn.ActionFailed, Blocked, "text/blocked/blocked using zen spamhaus org"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, "", tc.action, tc.want, tc.rule)
		})
	}
}
