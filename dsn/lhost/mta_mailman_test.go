package lhost

import (
	"strings"
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

// mailmanRefusalUTF8 builds Mailman 3's refusal from the list's -bounces
// address under the Subject given, with the text given, in UTF-8.
func mailmanRefusalUTF8(subject, text string) string {
	return "From: walkers-bounces@lists.example.org\nTo: eva@example.com\nSubject: " + subject + `
X-Mailman-Version: 3.3.10
Precedence: bulk
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

` + text
}

// The refusal's text in Mailman 3.3.10's German, French and Japanese
// templates (templates/<lang>/list:user:notice:refuse.txt), with the
// request line its .po files translate, our own list and post.
const (
	mm3RefuseDE = `Ihre Anfrage an die Mailingliste Walkers

    Veröffentlichung Ihrer Nachricht mit dem Titel "Route für Sonntag"

wurde von einer Moderator*in mit folgender Begründung abgelehnt:

Bitte Routen auf der Webseite veröffentlichen.

Für weitere Fragen oder Anmerkungen wenden Sie sich bitte an die
Administrator*in unter:

    walkers-owner@lists.example.org
`
	mm3RefuseFR = `Votre requête à la liste de diffusion Walkers

    Expédition de votre message intitulé « Itinéraire de dimanche »

a été rejetée par le modérateur de la liste.  Le modérateur a donné la raison
suivante :

« Le message est plus lourd que la taille maximale de 40 Ko »

Toute question ou commentaire doit être envoyé à l’administrateur de la liste
à l’adresse suivante :

    walkers-owner@lists.example.org
`
	mm3RefuseJA = `Walkers メーリングリストへの下記の申請がモデレーターにより拒否されました。

    あなたからの件名「日曜日のルート」の投稿

モデレーターは申請を拒否した理由を下記のように述べています:

「このメッセージはリストのメンバーからではありません」

ご質問やご意見はメーリングリスト管理者までご連絡ください:

    walkers-owner@lists.example.org
`
	// Polish has a Subject and a request line but no refuse template:
	// the text is English's.
	mm3RefusePL = `Your request to the Walkers mailing list

    Publikowanie wiadomości zatytułowanej „Trasa na niedzielę”

has been rejected by the list moderator.  The moderator gave the
following reason for rejecting your request:

"[No reason given]"
`
)

var mailmanLangSamples = []registrySample{
	{
		name: "Mailman 3's moderator refuses a held post, in German",
		msg:  mailmanRefusalUTF8(`=?utf-8?q?Anfrage_an_die_Mailingliste_=22Walkers=22_abgelehnt?=`, mm3RefuseDE),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "mit folgender Begründung abgelehnt: Bitte Routen"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, in French",
		msg:  mailmanRefusalUTF8("Demande à la liste de diffusion « Walkers » rejetée", mm3RefuseFR),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Le message est plus lourd que la taille maximale de 40 Ko"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, in Japanese",
		msg:  mailmanRefusalUTF8("Walkers メーリングリスト: 申請が拒否されました", mm3RefuseJA),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "このメッセージはリストのメンバーからではありません"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, Polish Subject and request, English text",
		msg:  mailmanRefusalUTF8("Żądanie na listę mailingową „Walkers” odrzucone", mm3RefusePL),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "has been rejected by the list moderator"},
		}},
	},
}

func TestMailmanDecoderLanguages(t *testing.T) { checkRegistrySamples(t, mailmanLangSamples) }

// TestMailmanRefusalTextLanguages checks that a translated refusal's
// diagnostic loses the post's Subject its request line quotes.
func TestMailmanRefusalTextLanguages(t *testing.T) {
	cases := []struct{ name, text, subject, keep string }{
		{"de", mm3RefuseDE, "Route für Sonntag", "Veröffentlichung Ihrer Nachricht mit dem Titel"},
		{"fr", mm3RefuseFR, "Itinéraire de dimanche", "Expédition de votre message intitulé"},
		{"ja", mm3RefuseJA, "日曜日のルート", "あなたからの件名「」の投稿"},
		{"pl", mm3RefusePL, "Trasa na niedzielę", "Publikowanie wiadomości zatytułowanej „”"},
		{"ru", "Ваш запрос в список рассылки Walkers\n\n    Публикация вашего сообщения под заголовком Маршрут  \n\nбыл отклонен модератором списка.",
			"Маршрут", "под заголовком был отклонен модератором списка"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diag := mailmanRefusalText(tc.text)
			assert.NotContains(t, diag, tc.subject)
			assert.Contains(t, diag, tc.keep)
		})
	}
}

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
		"a refused subscription request, in German": mailmanRefusalUTF8(`Anfrage an die Mailingliste "Walkers" abgelehnt`,
			strings.Replace(mm3RefuseDE, `Veröffentlichung Ihrer Nachricht mit dem Titel "Route für Sonntag"`, "Abonnement-Anfrage", 1)),
		"a refused subscription request, in Japanese": mailmanRefusalUTF8("Walkers メーリングリスト: 申請が拒否されました",
			strings.Replace(mm3RefuseJA, "あなたからの件名「日曜日のルート」の投稿", "入会申請", 1)),
		"a person's message with the German refusal's Subject": "From: eva@example.com\nTo: walkers-owner@lists.example.org\n" +
			"Subject: Anfrage an die Mailingliste Walkers abgelehnt\nContent-Type: text/plain; charset=utf-8\n\n" + mm3RefuseDE,
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
