package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mailmanPost is the post our Mailman notices return, with our own list
// and poster.
const mailmanPost = `From: Eva Lind <eva@example.com>
To: walkers@lists.example.org
Subject: Route for Sunday
Message-ID: <route-1@example.com>

We meet at the station at nine.
`

// mailmanRejection builds Mailman's rejection of a post (bounce_message):
// from the sender given, under the Subject given, the notice's text, the
// post attached; version is the X-Mailman-Version field's value, "" for
// none.
func mailmanRejection(from, subject, version, text string) string {
	h := "From: " + from + "\nTo: eva@example.com\nSubject: " + subject + "\n"
	if version != "" {
		h += "X-Mailman-Version: " + version + "\n"
	}
	return h + `Precedence: bulk
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="===============0123=="

--===============0123==
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit

` + text + `
--===============0123==
Content-Type: message/rfc822
MIME-Version: 1.0

` + mailmanPost + `
--===============0123==--
`
}

// mailmanRefusal builds the moderator's refusal (refuse.txt) from the
// sender given, under the Subject given, with the request line given.
func mailmanRefusal(from, subject, request string) string {
	return "From: " + from + "\nTo: eva@example.com\nSubject: " + subject + `
X-Mailman-Version: 2.1.39
Precedence: bulk
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"

Your request to the Walkers mailing list

    ` + request + `

has been rejected by the list moderator.  The moderator gave the
following reason for rejecting your request:

"Please post routes on the web site."

Any questions or comments should be directed to the list administrator
at:

    walkers-owner@lists.example.org

`
}

const (
	mm3Rejected = "Your message to the Walkers mailing-list was rejected for the following\nreasons:\n\nThe message is not from a list member\n\nThe original message as received by Mailman is attached."
	mm2Rejected = "You are not allowed to post to this mailing list, and your message has been\nautomatically rejected.  If you think that your messages are being rejected in\nerror, contact the mailing list owner at walkers-owner@lists.example.org."
)

var mailmanSamples = []registrySample{
	{
		name: "Mailman 3 rejects a non-member's post",
		msg:  mailmanRejection("walkers-owner@lists.example.org", "Route for Sunday", "3.3.10", mm3Rejected),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "The message is not from a list member"},
		}},
	},
	{
		name: "Mailman 2.1 rejects a non-member's post",
		msg:  mailmanRejection(`"Walkers" <walkers-owner@lists.example.org>`, "Route  for\n Sunday", "2.1.39", mm2Rejected),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "automatically rejected"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post",
		msg:  mailmanRefusal("walkers-bounces@lists.example.org", `Request to mailing list "Walkers" rejected`, `Posting of your message titled "Route for Sunday"`),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "has been rejected by the list moderator"},
		}},
	},
	{
		name: "Mailman 2.1's moderator refuses a held post, from -owner, the post appended",
		msg: mailmanRefusal("walkers-owner@lists.example.org", "Request to mailing list Walkers rejected", `Posting of your message titled "Route for Sunday"`) +
			"---------- Original Message ----------\n" + mailmanPost,
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Please post routes on the web site."},
		}},
	},
}

func TestMailmanDecoder(t *testing.T) { checkRegistrySamples(t, mailmanSamples) }

// TestMailmanRefusalText checks that the refusal's diagnostic keeps the
// notice's words but neither the post's Subject its request line quotes
// nor the copy of the post Mailman 2.1 appends.
func TestMailmanRefusalText(t *testing.T) {
	msg := mailmanRefusal("walkers-bounces@lists.example.org", `Request to mailing list "Walkers" rejected`, `Posting of your message titled "mailbox full again"`) +
		"---------- Original Message ----------\nSubject: mailbox full again\n\nuser unknown\n"
	m, err := dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	r := mailmanDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	diag := r.Recipients[0].DiagnosticCode
	assert.NotContains(t, diag, "mailbox full")
	assert.NotContains(t, diag, "user unknown")
	assert.Contains(t, diag, "has been rejected by the list moderator")
}

// TestMailmanDecoderNotRefusals checks mail that looks like Mailman's
// notices but refuses no post.
func TestMailmanDecoderNotRefusals(t *testing.T) {
	msgs := map[string]string{
		"the notice that a post is held for the moderator": `From: walkers-bounces@lists.example.org
To: eva@example.com
Subject: Your message to walkers@lists.example.org awaits moderator approval
X-Mailman-Version: 3.3.10

Your mail to 'Walkers' with the subject

    Route for Sunday

Is being held until the list moderator can review it for approval.

The message is being held because:

The message is not from a list member
`,
		"a refused subscription request": mailmanRefusal("walkers-bounces@lists.example.org", `Request to mailing list "Walkers" rejected`, "Subscription request"),
		"a person's message with the refusal's Subject": `From: eva@example.com
To: walkers-owner@lists.example.org
Subject: Request to mailing list Walkers rejected

Your request to the Walkers mailing list
    Posting of your message titled "Route for Sunday"
has been rejected by the list moderator. Why?
`,
		"the rejection's layout without Mailman's field": mailmanRejection("walkers-owner@lists.example.org", "Route for Sunday", "", mm3Rejected),
		"an owner forwarding another post":               mailmanRejection("walkers-owner@lists.example.org", "Fwd: see below", "3.3.10", "Have a look at this one."),
		"the rejection's layout from a person":           mailmanRejection("eva@example.com", "Route for Sunday", "3.3.10", mm3Rejected),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mailman), r.Decoder)
			for _, rc := range r.Recipients {
				assert.NotEqual(t, dsn.ActionFailed, rc.Action, rc.Recipient)
			}
		})
	}
}

func TestListOfSender(t *testing.T) {
	cases := []struct{ from, want string }{
		{"walkers-owner@lists.example.org", "walkers@lists.example.org"},
		{"Walkers-Owner@Lists.Example.org", "Walkers@Lists.Example.org"},
		{"walkers-bounces@lists.example.org", "walkers@lists.example.org"},
		{"-owner@lists.example.org", ""},
		{"walkers@lists.example.org", ""},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, listOfSender(tc.from, mailmanSenderSuffixes...), tc.from)
	}
}
