package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestExchangeAttemptHost: the host of an attempt's line in Exchange's
// administrators' section, "" where the line names none.
func TestExchangeAttemptHost(t *testing.T) {
	cases := []struct{ line, want string }{
		{"11/30/2026 7:41:09 AM - Remote Server at mta7.am0.yahoodns.net (67.195.204.74) returned '421 4.7.0 [TSS04] ...'", "mta7.am0.yahoodns.net"},
		{"12/2/2026 1:58:21 PM - Remote Server at Mail.Remote.Example. (192.0.2.147) returned '441 4.4.1 ...'", "mail.remote.example"},
		{"Remote Server at 192.0.2.147 returned '451 4.4.0 DNS query failed'", "192.0.2.147"},
		// Near-misses: no host named, or "at" elsewhere in the line.
		{"Remote Server returned '550 4.4.7 QUEUE.Expired; message expired'", ""},
		{"Remote Server returned '451 4.4.0 Primary target IP address responded with: at mx.example.org (192.0.2.1)'", ""},
		{"Remote Server at localhost returned '451 4.4.0 ...'", ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, exchangeAttemptHost(c.line), c.line)
	}
}

// TestExchangeQueueRemoteHost: where the last attempt's reply is appended
// to Exchange's queue placeholder, the host that gave it becomes the
// recipient's remote MTA (a provider's reply is read with its table);
// a Remote-MTA the report gives is kept, and no host is taken from a
// line whose reply is not the one appended.
func TestExchangeQueueRemoteHost(t *testing.T) {
	tss04 := "11/30/2026 7:41:09 AM - Remote Server at mta7.am0.yahoodns.net (67.195.204.74) returned '451 4.4.0 Primary target IP address " +
		"responded with: \"421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints - " +
		"4.16.55.1; see https://postmaster.yahooinc.com/error-codes.\" Attempted failover to alternate host, but that did not succeed.'"
	delayed := "Remote Server at mx.relay.example (192.0.2.10) returned '400 4.4.7 Message delayed'"
	cases := []struct {
		name     string
		report   string
		wantHost string
	}{
		{"delay: host of the attempt appended", del12ExchangeReport("delayed", "400 4.4.7 Message delayed", delayed, tss04), "mta7.am0.yahoodns.net"},
		{"expired: host of the attempt appended", del12ExchangeReport("failed", "550 4.4.7 QUEUE.Expired; message expired", tss04), "mta7.am0.yahoodns.net"},
		{"no earlier attempt: no host", del12ExchangeReport("delayed", "400 4.4.7 Message delayed", delayed), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(c.report), Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, c.wantHost, r.Recipients[0].RemoteMTA)
		})
	}
	// A Remote-MTA field of the report is not replaced.
	withField := del12ExchangeReport("delayed", "400 4.4.7 Message delayed", tss04)
	withField = replaceOnce(withField, "Action: delayed\n", "Action: delayed\nRemote-MTA: dns;smtp.relay.example\n")
	r, err := dsn.ParseBytes([]byte(withField), Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "smtp.relay.example", r.Recipients[0].RemoteMTA)
}
