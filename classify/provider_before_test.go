package classify

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestProviderRowsBefore: every row limited to failures before a day
// names a day the matcher can read.
func TestProviderRowsBefore(t *testing.T) {
	for _, p := range Providers {
		for i, r := range p.Rules {
			if r.Before == "" {
				continue
			}
			_, err := time.Parse(time.DateOnly, r.Before)
			assert.NoError(t, err, "%s row %d: Before %q", p.Name, i+1, r.Before)
		}
	}
}

// TestProviderRowBeforeDate: NTT docomo's "550 Unknown user" after DATA
// was a reception filter's refusal until March 12, 2025 and is a missing
// mailbox since; the failure's own date decides, in the order
// Last-Attempt-Date, Arrival-Date, the bounce's Date, and an undated
// failure is taken as recent.
func TestProviderRowBeforeDate(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return d
	}
	tests := []struct {
		name                           string
		lastAttempt, arrival, bounceAt string
		command                        string
		want                           Reason
	}{
		{"last attempt before", "2022-11-02T01:09:18+09:00", "", "", dsn.CommandDATA, Rejected},
		{"arrival before", "", "2025-03-11T23:00:00+09:00", "", dsn.CommandDATA, Rejected},
		{"bounce date before", "", "", "2019-06-01T10:00:00Z", dsn.CommandDATA, Rejected},
		{"last attempt after, arrival before", "2025-03-12T00:00:01Z", "2025-03-11T00:00:00Z", "", dsn.CommandDATA, UserUnknown},
		{"after the change", "2026-01-05T08:00:00+09:00", "", "", dsn.CommandDATA, UserUnknown},
		{"undated", "", "", "", dsn.CommandDATA, UserUnknown},
		// At RCPT the reply was a missing mailbox before the change too.
		{"before, at RCPT", "2022-11-02T01:09:18+09:00", "", "", dsn.CommandRCPT, UserUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fact("mfsmax.docomo.ne.jp", "neko@docomo.ne.jp", "5.0.0", "550 Unknown user neko@docomo.ne.jp")
			rc := &r.Recipients[0]
			rc.Command = tt.command
			if tt.lastAttempt != "" {
				rc.LastAttemptDate = day(tt.lastAttempt)
			}
			if tt.arrival != "" {
				r.ArrivalDate = day(tt.arrival)
			}
			if tt.bounceAt != "" {
				r.Date = day(tt.bounceAt)
			}
			v := classifyOne(t, r)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.Contains(t, v.Rule, "nttdocomo/", v.Rule)
		})
	}
}
