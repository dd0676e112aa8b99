package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Mailman 2.1's Swedish refuse.txt (jaredmauch/mailman2-python3
// templates/sv) with the request line and reason of its catalogue
// (jurov/gnu-mailman messages/sv), our own list and post.
const mm21RefuseSV = `Din förfrågan till listan Walkers:

    Ditt meddelande med titel "Rutt på söndag"

avslogs av listmoderatorn. Moderatorn har följande bevekelsegrund
för detta beslut:

"[Ingen orsak given]"

Frågor, kommentarer eller klagomål som rör detta beslut ska skickas
till listadministratören på följande e-postadress:

    walkers-owner@lists.example.org
`

// The Danish template (jaredmauch/mailman2-python3 templates/da) and
// catalogue (jurov/gnu-mailman messages/da).
const mm21RefuseDA = `Din anmodning til listen Walkers:

    Din meddelelse med emnet "Rute på søndag"

blev afvist af listemoderator. Moderator har følgende begrundelse
for afgørelsen:

"[Ingen begrundelse]"
`

// The Czech template (jaredmauch/mailman2-python3 templates/cs) and
// catalogue (jurov/gnu-mailman messages/cs), whose request line has a
// closing quote only.
const mm21RefuseCS = `Váš požadavek pro konferenci  Walkers

    Vaše zpráva ve věci Trasa na neděli"

byl zamítnut správcem konference. Správce uvedl následující důvod zamítnutí
požadavku:

"Do této konference smí přispívat jen její účastníci."
`

// The Hungarian and Finnish templates (jaredmauch/mailman2-python3
// templates/hu, templates/fi) and catalogues (jurov/gnu-mailman
// messages/hu, messages/fi).
const (
	mm21RefuseHU = `A(z) 'Walkers' listára történő alábbi kérelmedet

    A leveled tárgya: "Vasárnapi túra"

a lista szerkesztője nem fogadta el. A visszautasítás indoka a
következő:

"[Nincs indok megadva]"
`
	mm21RefuseFI = `Postituslistan Walkers ylläpitäjä on hylännyt
pyyntösi

    Viestisi, jonka otsikko on "Sunnuntain reitti"

Ylläpitäjän syy pyyntösi hylkäämiseen oli:

"[Syytä ei annettu]"
`
)

// The Turkish template (jaredmauch/mailman2-python3 templates/tr) and
// catalogue (jurov/gnu-mailman messages/tr).
const mm21RefuseTR = `Walkers mesaj listesine yaptığınız istek,

    "Pazar rotası" başlıklı mesajınızın gönderimi

liste moderatörü tarafından reddedildi. Moderatör isteğinizi
reddetme nedeni olarak şunu verdi:

"[Neden belirtilmedi]"
`

func TestMailman21DecoderEurope(t *testing.T) {
	checkRegistrySamples(t, []registrySample{
		{
			name: "Mailman 2.1's moderator refuses a held post, in Swedish",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Fråga till e-postlistan Walkers inte godkänd", mm21RefuseSV),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "avslogs av listmoderatorn"},
			}},
		},
		{
			name: "Mailman 2.1's moderator refuses a held post, in Danish, from -owner",
			msg:  mailmanRefusal21UTF8("walkers-owner@lists.example.org", "Anmodning til maillisten Walkers ikke godkendt", mm21RefuseDA),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "blev afvist af listemoderator"},
			}},
		},
		{
			name: "Mailman 2.1's moderator refuses a held post, in Czech",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Požadavek do konference Walkers byl zamítnut.", mm21RefuseCS),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Do této konference smí přispívat jen její účastníci"},
			}},
		},
		{
			name: "Mailman 2.1's moderator refuses a held post, in Hungarian",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "A(z) Walkers levelezőlistára való feliratkozásod vissza lett utasítva", mm21RefuseHU),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "a lista szerkesztője nem fogadta el"},
			}},
		},
		{
			name: "Mailman 2.1's moderator refuses a held post, in Finnish",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Pyyntö listalle Walkers on hylätty", mm21RefuseFI),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "ylläpitäjä on hylännyt"},
			}},
		},
		{
			name: "Mailman 2.1's moderator refuses a held post, in Turkish",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Walkers mesaj listesine istek reddedildi", mm21RefuseTR),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "liste moderatörü tarafından reddedildi"},
			}},
		},
	})
}

// TestMailman21DecoderEuropeNotRefusals: near misses of the Swedish, Danish, Czech, Hungarian, Finnish and Turkish forms
// that are no refused post: a refused subscription (no posting line), the
// notice that a post awaits approval, a Subject that only begins like the
// refusal's.
func TestMailman21DecoderEuropeNotRefusals(t *testing.T) {
	msgs := map[string]string{
		"a refused subscription, in Swedish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Fråga till e-postlistan Walkers inte godkänd",
			strings.Replace(mm21RefuseSV, `Ditt meddelande med titel "Rutt på söndag"`, "Ansökan om medlemskap", 1)),
		"a Swedish post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Meddelandet som du skickade till listan Walkers väntar på godkännande av moderatorn.", mm21RefuseSV),
		"a Swedish Subject that is no refusal": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Fråga till e-postlistan Walkers godkänd", mm21RefuseSV),
		"a refused subscription, in Danish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Anmodning til maillisten Walkers ikke godkendt",
			strings.Replace(mm21RefuseDA, `Din meddelelse med emnet "Rute på søndag"`, "Anmodning om tilmelding", 1)),
		"a Danish post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Meddelelsen du sendte til listen Walkers venter på godkendelse fra moderator.", mm21RefuseDA),
		"a refused subscription, in Czech": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Požadavek do konference Walkers byl zamítnut.",
			strings.Replace(mm21RefuseCS, `Vaše zpráva ve věci Trasa na neděli"`, "Žádost o přihlášení", 1)),
		"a Czech post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Váš příspěvek do konference walkers čeká na schválení moderátorem", mm21RefuseCS),
		"a refused subscription, in Hungarian": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"A(z) Walkers levelezőlistára való feliratkozásod vissza lett utasítva",
			strings.Replace(mm21RefuseHU, `A leveled tárgya: "Vasárnapi túra"`, "Feliratkozási kérelem", 1)),
		"a refused subscription, in Finnish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Pyyntö listalle Walkers on hylätty",
			strings.Replace(mm21RefuseFI, `Viestisi, jonka otsikko on "Sunnuntain reitti"`, "Liittymispyyntö", 1)),
		"a Finnish post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Viestisi  walkers odottaa pääkäyttäjän hyväksyntää", mm21RefuseFI),
		"a Finnish Subject that is no refusal": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Pyyntö listalle Walkers on hyväksytty", mm21RefuseFI),
		"a refused subscription, in Turkish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Walkers mesaj listesine istek reddedildi",
			strings.Replace(mm21RefuseTR, `"Pazar rotası" başlıklı mesajınızın gönderimi`, "Üyelik isteği", 1)),
		"a Turkish post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"walkers listesine gönderdiğiniz mesaj moderatör onayı bekliyor", mm21RefuseTR),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mailman), r.Decoder)
		})
	}
}
