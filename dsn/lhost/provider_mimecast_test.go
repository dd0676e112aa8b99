package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mimecastSamples are Mimecast failure alerts built from the layout the
// decoder's comment cites, with addresses and replies of our own: one
// recipient with the next hop's reply, two address items sharing one
// problem, and an alert whose reply carries no status code.
var mimecastSamples = []registrySample{
	{
		name: "one recipient with the next hop's reply",
		msg: `From: "postmaster" <postmaster@example.org>
To: <alice@example.com>
Subject: [Postmaster] Email Delivery Failure
Message-Id: <1234567890-1102117314000@eu-mta-3.eu.mimecast.lan>
Mime-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

This is an automated alert notification. Please do not reply.

An email that you attempted to send to the following address could not be d=
elivered:
-- bob@example.org

The problem appears to be :
-- Recipient email address is possibly incorrect

Additional information follows :
-- 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virt=
ual mailbox table

This condition occurred after 1 attempt(s) to deliver over
a period of 0 hour(s).
`,
		want: provWant{decoder: "Mimecast", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "bob@example.org", action: dsn.ActionFailed, status: "5.1.1", diag: "Recipient address rejected: User unknown in virtual mailbox table"},
		}},
	},
	{
		name: "two address items, a reply without a status",
		msg: `From: "postmaster" <postmaster@example.org>
To: <alice@example.com>
Subject: [Postmaster] Email Delivery Failure
Message-Id: <99-1@us-mta-12.us.mimecast.lan>

An email that you attempted to send to the following address could not be delivered:
-- carol@example.org
-- <dave@example.org>

The problem appears to be :
-- Message too large

Additional information follows :
-- 552 message size exceeds fixed maximum message size

This condition occurred after 3 attempt(s) to deliver over
a period of 2 hour(s).
`,
		want: provWant{decoder: "Mimecast", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "carol@example.org", action: dsn.ActionFailed, reply: 552, diag: "Message too large 552 message size exceeds"},
			{addr: "dave@example.org", action: dsn.ActionFailed, reply: 552, diag: "Message too large 552 message size exceeds"},
		}},
	},
	{
		name: "another sentence before the items",
		msg: `From: MAILER-DAEMON@example.net
To: <alice@example.com>
Subject: Email Delivery Failure
Mime-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Your message for the address below was returned.
-- erin@example.org

The problem appears to be :
-- Recipient email address is possibly incorrect

Additional information follows :
-- 5.1.1 <erin@example.org>: Recipient address rejected: no such mailbox
`,
		want: provWant{decoder: "Mimecast", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "erin@example.org", action: dsn.ActionFailed, status: "5.1.1", diag: "Recipient address rejected: no such mailbox"},
		}},
	},
}

func TestMimecastDecoder(t *testing.T) { checkRegistrySamples(t, mimecastSamples) }

// TestMimecastDecoderNotAlerts checks that mail sharing the alert's Subject
// or Message-ID host, but not its address list, is not read as an alert.
func TestMimecastDecoderNotAlerts(t *testing.T) {
	msgs := map[string]string{
		"a forwarded discussion of an alert": `From: alice@example.com
To: it@example.com
Subject: Fwd: [Postmaster] Email Delivery Failure

Why did this bounce?
-- alice
`,
		"items without the problem's heading": `From: alice@example.com
To: it@example.com
Subject: Re: Email Delivery Failure

-- carol@example.org
-- dave@example.org
`,
		"mail relayed by Mimecast": `From: carol@example.org
To: alice@example.com
Subject: Lunch
Message-Id: <abc-1@eu-mta-3.eu.mimecast.lan>

-- carol@example.org
`,
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(msg))
			require.NoError(t, err)
			assert.Nil(t, mimecastDecoder{}.Decode(m))
		})
	}
}

// FuzzMimecastDecoder feeds the alert's decoder variations of its layout:
// it must not panic and must report only recipients with an address.
func FuzzMimecastDecoder(f *testing.F) {
	for _, tc := range mimecastSamples {
		f.Add([]byte(tc.msg))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := dsn.ReadMessage(b)
		if err != nil {
			return
		}
		r := mimecastDecoder{}.Decode(m)
		if r == nil {
			return
		}
		if len(r.Recipients) == 0 || len(r.Recipients) > dsn.MaxRecipients {
			t.Fatalf("%d recipients", len(r.Recipients))
		}
		for _, rc := range r.Recipients {
			if rc.Recipient == "" {
				t.Fatal("recipient without an address")
			}
		}
	})
}
