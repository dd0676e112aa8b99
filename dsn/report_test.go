package dsn

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddRecipient(t *testing.T) {
	tests := []struct {
		name  string
		in    Recipient
		added bool
		want  Recipient
	}{
		{"address taken out of brackets and quotes", Recipient{Recipient: `<"user@example.org">.`}, true,
			Recipient{Recipient: "user@example.org", Action: ActionFailed}},
		{"a quoted local part keeps its quotes", Recipient{Recipient: `<"jo smith"@example.org>`}, true,
			Recipient{Recipient: `"jo smith"@example.org`, Action: ActionFailed}},
		{"a quoted local part holding an at sign", Recipient{Recipient: `"ops@example.net"@relay.example.org.`}, true,
			Recipient{Recipient: `"ops@example.net"@relay.example.org`, Action: ActionFailed}},
		{"quotes around the whole address go", Recipient{Recipient: `'"kim@example.org"'`}, true,
			Recipient{Recipient: "kim@example.org", Action: ActionFailed}},
		{"a display name before the address goes", Recipient{Recipient: `<Jo Smith <jo@example.org>>`}, true,
			Recipient{Recipient: "jo@example.org", Action: ActionFailed}},
		{"a quoted display name with a comma goes", Recipient{Recipient: `"Lee, Kim" <kim.lee@example.net>`}, true,
			Recipient{Recipient: "kim.lee@example.net", Action: ActionFailed}},
		{"no address", Recipient{Recipient: " <> ", DiagnosticCode: "550 5.1.1 unknown"}, false, Recipient{}},
		{"status from the text", Recipient{Recipient: "a@example.org", DiagnosticCode: "550 5.1.1 <a@example.org>... User unknown"}, true,
			Recipient{Recipient: "a@example.org", Action: ActionFailed, Status: Status{5, 1, 1}, DiagnosticCode: "550 5.1.1 <a@example.org>... User unknown"}},
		{"the decoder's action and status stand", Recipient{Recipient: "a@example.org", Action: ActionDelayed, Status: Status{4, 4, 7}, DiagnosticCode: "5.1.1"}, true,
			Recipient{Recipient: "a@example.org", Action: ActionDelayed, Status: Status{4, 4, 7}, DiagnosticCode: "5.1.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Report
			assert.Equal(t, tt.added, r.AddRecipient(tt.in))
			if !tt.added {
				assert.Empty(t, r.Recipients)
				return
			}
			require.Len(t, r.Recipients, 1)
			got := r.Recipients[0]
			assert.Equal(t, FindStatus(got.DiagnosticCode), got.TextStatus(), "the status found in the text")
			got.textStatus, got.textStatusOf, got.textStatusSet = Status{}, "", false // TextStatus's memo
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestAddRecipientNoDelivery checks that a complaint's or a read
// receipt's recipient gets no action: neither reports a delivery.
func TestAddRecipientNoDelivery(t *testing.T) {
	for _, k := range []Kind{FeedbackReport, ReadReceipt} {
		r := Report{Kind: k}
		require.True(t, r.AddRecipient(Recipient{Recipient: "a@example.org", DiagnosticCode: "complaint"}))
		assert.Empty(t, r.Recipients[0].Action, "%s", k)
	}
}

func TestAddRecipientDuplicates(t *testing.T) {
	var r Report
	assert.True(t, r.AddRecipient(Recipient{Recipient: "a@example.org", DiagnosticCode: "mailbox full"}))
	assert.False(t, r.AddRecipient(Recipient{Recipient: "<A@Example.org>", DiagnosticCode: "mailbox full"}), "same address, same text")
	assert.True(t, r.AddRecipient(Recipient{Recipient: "a@example.org", DiagnosticCode: "user unknown"}), "same address, another text")
	assert.Len(t, r.Recipients, 2)
}

func TestAddRecipientLimits(t *testing.T) {
	var r Report
	for i := range MaxRecipients + 5 {
		r.AddRecipient(Recipient{Recipient: fmt.Sprintf("u%d@example.org", i)})
	}
	assert.Len(t, r.Recipients, MaxRecipients)
	assert.Contains(t, r.Notes, "more than the maximum number of recipients: the rest not read")

	// A text of 3-byte characters whose limit falls inside one.
	long := "a" + strings.Repeat("宛先不明", MaxDiagnosticBytes)
	r = Report{}
	require.True(t, r.AddRecipient(Recipient{Recipient: "a@example.org", DiagnosticCode: long}))
	d := r.Recipients[0].DiagnosticCode
	assert.LessOrEqual(t, len(d), MaxDiagnosticBytes)
	assert.Greater(t, len(d), MaxDiagnosticBytes-utf8.UTFMax)
	assert.True(t, utf8.ValidString(d), "cut on a character boundary")
	assert.Contains(t, r.Notes, "diagnostic text longer than the limit: truncated")
}

func TestIsMailerDaemon(t *testing.T) {
	for _, a := range []string{"MAILER-DAEMON@example.org", "postmaster@example.org", "post_master@example.org", "Mail.Delivery.System@example.org", "mailer-daemon", "mailer-daemon-2@example.org", "postmaster-out@example.org"} {
		assert.True(t, IsMailerDaemon(a), a)
	}
	for _, a := range []string{"user@example.org", "daemon-fan@example.org", "", "@example.org"} {
		assert.False(t, IsMailerDaemon(a), a)
	}
}

func TestDomainOf(t *testing.T) {
	assert.Equal(t, "example.org", DomainOf("user@Example.ORG"))
	assert.Equal(t, "example.org", DomainOf(`"a@b"@example.org`))
	assert.Equal(t, "", DomainOf("postmaster"))
	assert.Equal(t, "", DomainOf("user@"))
}

// TestAddFieldGroupFieldsIndependent: the fields AddFieldGroup keeps share
// the group's array, yet growing one list leaves the others as they were.
func TestAddFieldGroupFieldsIndependent(t *testing.T) {
	groups := ParseFields([]byte("Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; x@b.example\nAction: failed\nStatus: 5.1.1\n"+
		"Final-Recipient: rfc822; y@b.example\nAction: delayed\nStatus: 4.2.2\nX-Note: interleaved\nDiagnostic-Code: smtp; 452 full\n"), 4)
	var r Report
	for _, g := range groups {
		r.AddFieldGroup(g)
	}
	require.Len(t, r.Recipients, 2)
	r.Fields = append(r.Fields, Field{Name: "Added", Value: "1"})
	r.Recipients[0].Fields = append(r.Recipients[0].Fields, Field{Name: "Added", Value: "2"})
	assert.Equal(t, Fields{{"Reporting-Mta", "dns; a.example"}, {"X-Note", "interleaved"}, {"Added", "1"}}, r.Fields)
	assert.Equal(t, Fields{{"Final-Recipient", "rfc822; x@b.example"}, {"Action", "failed"}, {"Status", "5.1.1"}, {"Added", "2"}}, r.Recipients[0].Fields)
	assert.Equal(t, Fields{{"Final-Recipient", "rfc822; y@b.example"}, {"Action", "delayed"}, {"Status", "4.2.2"}, {"Diagnostic-Code", "smtp; 452 full"}}, r.Recipients[1].Fields)
}

// TestAddFieldGroupAnyOrder: a recipient's fields may come in any order
// (RFC 3464 gives none); a Final-Recipient after the X-Actual-Recipient,
// Action and Status of its group is the same recipient's, and a report
// that runs recipients together is still split at each Final-Recipient.
func TestAddFieldGroupAnyOrder(t *testing.T) {
	for name, c := range map[string]struct {
		report string
		want   []string
	}{
		"final last":  {"Status: 4.4.5\nAction: failed\nX-Actual-Recipient: rfc822; alias@a.example\nFinal-Recipient: rfc822; x@b.example\n", []string{"x@b.example"}},
		"final first": {"Final-Recipient: rfc822; x@b.example\nX-Actual-Recipient: rfc822; alias@a.example\nAction: failed\nStatus: 4.4.5\n", []string{"x@b.example"}},
		"run together": {"Final-Recipient: rfc822; x@b.example\nAction: failed\nStatus: 5.2.2\n" +
			"Final-Recipient: rfc822; y@b.example\nAction: failed\nStatus: 5.1.1\n", []string{"x@b.example", "y@b.example"}},
	} {
		var r Report
		for _, g := range ParseFields([]byte("Reporting-MTA: dns; a.example\n\n"+c.report), 4) {
			r.AddFieldGroup(g)
		}
		var got []string
		for _, rc := range r.Recipients {
			got = append(got, rc.Recipient)
			assert.Equal(t, ActionFailed, rc.Action, name)
		}
		assert.Equal(t, c.want, got, name)
	}
}
