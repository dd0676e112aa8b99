package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// mm21Refusal is Mailman 2.1's refusal of a held post in its German
// (templates/de/refuse.txt, Subject and request line from
// messages/de/LC_MESSAGES/mailman.po), quoting the reason given.
func mm21Refusal(reason string) string {
	return `From: walkers-bounces@lists.example.org
To: eva@example.com
Subject: =?utf-8?q?Die_Aufforderung_an_die_Mailingliste_Walkers_wurde_zur=C3=BCckgewiesen?=
X-Mailman-Version: 2.1.39
Precedence: bulk
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Ihre Anfrage an die Mailingliste Walkers

    Veröffentlichung Ihrer Nachricht betreffend "Route für Sonntag"

wurde vom Listenmoderator mit folgender Begründung abgewiesen:

"` + reason + `"

Fragen oder Kommentare richten Sie bitte an den Listenadministrator:

    walkers-owner@lists.example.org
`
}

// TestMailmanRefusalQuotedReason: the moderator's refusal is rejected
// (the Mailman vendor row) unless the reason it quotes names another
// one: Mailman 2.1's size hold text is emailtoolarge.
func TestMailmanRefusalQuotedReason(t *testing.T) {
	cases := []struct {
		name, reason string
		want         classify.Reason
	}{
		{"the size hold's reason", "Ihre Nachricht war zu umfangreich.  Die maximal zulässige Größe\nbeträgt 40 KB.", classify.EmailTooLarge},
		{"no reason given", "[Kein Grund angegeben]", classify.Rejected},
		{"the non-member hold's reason", "Nichtmitgliedern ist es nicht gestattet, Nachrichten auf dieser Liste\nzu veröffentlichen.", classify.Rejected},
		{"a moderator's own words", "Bitte keine Werbung auf dieser Liste.", classify.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(mm21Refusal(tc.reason)), lhost.Registry())
			require.NoError(t, err)
			require.Equal(t, "Mailman", r.Decoder)
			require.Len(t, r.Recipients, 1)
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// mm21RefusalEnglish is the same refusal in Mailman 2.1's English
// (templates/en/refuse.txt; Mailman/ListAdmin.py __refuse), whose fixed
// words "has been rejected by the list moderator" frame the reason quoted.
func mm21RefusalEnglish(reason string) string {
	return `From: walkers-bounces@lists.example.org
To: eva@example.com
Subject: Request to mailing list Walkers rejected
X-Mailman-Version: 2.1.39
Precedence: bulk
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"

Your request to the Walkers mailing list

    Posting of your message titled "Sunday's route"

has been rejected by the list moderator.  The moderator gave the
following reason for rejecting your request:

"` + reason + `"

Any questions or comments should be directed to the list administrator
at:

    walkers-owner@lists.example.org
`
}

// TestMailmanRefusalFrameEnglish: the English template's own words are a
// frame (@frame in texts/lists.tsv): the size hold's reason quoted below
// them decides, and they decide rejected only where nothing else speaks.
func TestMailmanRefusalFrameEnglish(t *testing.T) {
	cases := []struct {
		name, reason string
		want         classify.Reason
	}{
		{"the size hold's reason", "Your message was too big; please trim it to less than 40 KB in size.", classify.EmailTooLarge},
		{"no reason given", "[No reason given]", classify.Rejected},
		{"a moderator's own words", "Please keep advertising off this list.", classify.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(mm21RefusalEnglish(tc.reason)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
