package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// The refusal's text in Mailman 3.3.8's Turkish, Catalan and Hebrew
// templates (templates/<lang>/list:user:notice:refuse.txt, as wrap()
// fills them), with the request line and the default reason its .po
// files translate, our own list and post.
const (
	mm3RefuseTR = `walkers@lists.example.org posta listesine isteğiniz

    "Pazar rotası" başlıklı mesajınızın gönderilmesi

liste moderatörü tarafından reddedildi.  Moderatör, isteğinizi
reddetmek için aşağıdaki nedeni belirtti:

"[Neden belirtilmedi]"

Herhangi bir soru veya yorum aşağıdaki adresten liste yöneticisine
iletilmelidir:

    walkers-owner@lists.example.org
`
	// The Catalan template is one paragraph, which wrap() fills: the
	// request line runs on into the words.
	mm3RefuseCA = `La seva sol·licitud a la llista de correu walkers@lists.example.org
Publicació del missatge titulat «Ruta de diumenge» has estat
rebutjada pel moderador de la llista.  El moderador va donar el motiu
següent per rebutjar la seva petició: "[No s'ha donat cap raó]"
Qualsevol pregunta o comentari ha de dirigir-se a l'administrador de
la llista:    $owner _email
`
	mm3RefuseHE = `בקשתך לרשימת הדיוור walkers@lists.example.org

    פרסום ההודעה שלך עם הנושא „מסלול ליום ראשון”

נדחתה על ידי אחד ממפקחי הרשימה.  בקשתך נדחתה עם ההערה הבאה מצד הפיקוח:

„[לא סופקה סיבה]”
`
	// Ukrainian has a Subject and a request line but no refuse template.
	mm3RefuseUK = `Your request to the walkers@lists.example.org mailing list

    Публікація Вашого повідомлення з назвою "Маршрут на неділю"

has been rejected by the list moderator.  The moderator gave the
following reason for rejecting your request:

"[Причина не вказана]"
`
	// Slovak has a template but no catalogue: English Subject and request.
	mm3RefuseSK = `Vaša požiadavka pre konferenciu walkers@lists.example.org

    Posting of your message titled "Trasa na nedeľu"

bola odmietnutá moderátorom konferencie. Moderátor uviedol nasledujúci
dôvod zamietnutia vašej žiadosti:

"Mimo témy."
`
	// Czech's template writes $subject, which Mailman leaves as it is,
	// and no request line.
	mm3RefuseCS = `Váš příspěvek do mailing-listu 'walkers@lists.example.org' s
předmětem
    $subject

byl odmítnut moderátorem.  Jako odůvodnění tohoto zamítnutí uvedl:

"[Bez udání důvodu]"
`
)

var mailmanMoreLangSamples = []registrySample{
	{
		name: "Mailman 3's moderator refuses a held post, in Turkish",
		msg:  mailmanRefusalUTF8(`"Walkers" posta listesine istek reddedildi`, mm3RefuseTR),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "liste moderatörü tarafından reddedildi"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, in Catalan",
		msg:  mailmanRefusalUTF8(`=?utf-8?q?S=27ha_rebutjat_la_sol=C2=B7licitud_a_la_llista_de_correu_=C2=ABWalkers=C2=BB?=`, mm3RefuseCA),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "rebutjada pel moderador de la llista"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, in Hebrew",
		msg:  mailmanRefusalUTF8("הבקשה לרשימת הדיוור „Walkers” נדחתה", mm3RefuseHE),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "נדחתה על ידי אחד ממפקחי הרשימה"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, Ukrainian Subject and request, English text",
		msg:  mailmanRefusalUTF8(`Запит до списку розсилки "Walkers" відхилений`, mm3RefuseUK),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "has been rejected by the list moderator"},
		}},
	},
	{
		name: "Mailman 3's moderator refuses a held post, English Subject and request, Slovak text",
		msg:  mailmanRefusalUTF8(`Request to mailing list "Walkers" rejected`, mm3RefuseSK),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "bola odmietnutá moderátorom konferencie"},
		}},
	},
}

func TestMailmanDecoderMoreLanguages(t *testing.T) { checkRegistrySamples(t, mailmanMoreLangSamples) }

// TestMailmanRefusalTextMoreLanguages checks that the post's Subject the
// request line quotes leaves the diagnostic, also where the line runs on
// into the notice's words (Catalan).
func TestMailmanRefusalTextMoreLanguages(t *testing.T) {
	cases := []struct{ name, text, subject, keep string }{
		{"tr", mm3RefuseTR, "Pazar rotası", "başlıklı mesajınızın gönderilmesi"},
		{"ca", mm3RefuseCA, "Ruta de diumenge", "Publicació del missatge titulat «» has estat rebutjada"},
		{"he", mm3RefuseHE, "מסלול ליום ראשון", "פרסום ההודעה שלך עם הנושא"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diag := mailmanRefusalText(tc.text)
			assert.NotContains(t, diag, tc.subject)
			assert.Contains(t, diag, tc.keep)
		})
	}
}

// TestMailmanDecoderMoreLanguagesNotRefusals: near misses in the new
// languages.
func TestMailmanDecoderMoreLanguagesNotRefusals(t *testing.T) {
	msgs := map[string]string{
		// send_rejection refuses a subscription with the same notice and
		// the request line "Subscription request" (tr: "Abonelik isteği").
		"a refused subscription request, in Turkish": mailmanRefusalUTF8(`"Walkers" posta listesine istek reddedildi`,
			strings.Replace(mm3RefuseTR, `"Pazar rotası" başlıklı mesajınızın gönderilmesi`, "Abonelik isteği", 1)),
		"a refused subscription request, in Ukrainian": mailmanRefusalUTF8(`Запит до списку розсилки "Walkers" відхилений`,
			strings.Replace(mm3RefuseUK, `Публікація Вашого повідомлення з назвою "Маршрут на неділю"`, "Запит на підписку", 1)),
		// Czech: no request line, so a post's refusal cannot be told
		// from a subscription's.
		"Czech's template without a request line": mailmanRefusalUTF8(`Požadavek na mailing-list "Walkers" byl zamítnut`, mm3RefuseCS),
		"a person's message with the Turkish refusal's Subject": "From: eva@example.com\nTo: walkers-owner@lists.example.org\n" +
			"Subject: \"Walkers\" posta listesine istek reddedildi\nContent-Type: text/plain; charset=utf-8\n\n" + mm3RefuseTR,
		"the Hebrew Subject over a text with no refusal words": mailmanRefusalUTF8("הבקשה לרשימת הדיוור „Walkers” נדחתה",
			"    פרסום ההודעה שלך עם הנושא „מסלול”\n\nתודה.\n"),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mailman), r.Decoder)
		})
	}
}

// TestMailmanRefusalFormsMore checks each added form reads its own
// Subject, with the list's name quoted as its catalogue quotes it.
func TestMailmanRefusalFormsMore(t *testing.T) {
	subjects := map[string]string{
		"bg": "Заявката до пощенския списък „Walkers“ е отхвърлена",
		"ca": "S'ha rebutjat la sol·licitud a la llista de correu «Walkers»",
		"cs": `Požadavek na mailing-list "Walkers" byl zamítnut`,
		"he": "הבקשה לרשימת הדיוור „Walkers” נדחתה",
		"hu": `"Walkers" levelezőlistára küldött lekérdezés elutasítva`,
		"id": `Permintaan ke milis "Walkers" ditolak`,
		"oc": "Demanda a la lista de difusion « Walkers » regetada",
		"sk": `Request to mailing list "Walkers" rejected`,
		"tr": `"Walkers" posta listesine istek reddedildi`,
		"uk": `Запит до списку розсилки "Walkers" відхилений`,
	}
	for _, f := range mailmanRefusalFormsMore {
		t.Run(f.lang, func(t *testing.T) {
			assert.True(t, f.isRefusalSubject(subjects[f.lang]))
			assert.False(t, f.isRefusalSubject("Re: "+subjects[f.lang]+" ok"))
		})
	}
}

// mailmanRefusal21UTF8 builds Mailman 2.1's refusal (ListAdmin.__refuse)
// from the sender given, under the Subject given, with the text given.
func mailmanRefusal21UTF8(from, subject, text string) string {
	return "From: " + from + "\nTo: eva@example.com\nSubject: " + subject + `
X-BeenThere: walkers@lists.example.org
X-Mailman-Version: 2.1.39
Precedence: bulk
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

` + text
}

// Mailman 2.1's German and French refuse.txt with the request line and
// reasons of its own catalogues, our own list and post.
const (
	mm21RefuseDE = `Ihre Anfrage an die Mailingliste Walkers

    Veröffentlichung Ihrer Nachricht betreffend "Route für Sonntag"

wurde vom Listenmoderator mit folgender Begründung abgewiesen:

"Nichtmitgliedern ist es nicht gestattet, Nachrichten auf dieser Liste
zu veröffentlichen."

Fragen oder Kommentare richten Sie bitte an den Listenadministrator:

    walkers-owner@lists.example.org
`
	mm21RefuseFR = `Votre demande à la liste de diffusion Walkers

    Envoi de votre message ayant comme objet "Itinéraire de dimanche" 

a été rejetée par le modérateur de la liste. Le modérateur a
donné la justification suivante comme cause de ce rejet: 

    "[aucun motif fourni]" 
`
)

var mailman21LangSamples = []registrySample{
	{
		name: "Mailman 2.1's moderator refuses a held post, in German",
		msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "=?utf-8?q?Die_Aufforderung_an_die_Mailingliste_Walkers_wurde_zur=C3=BCckgewiesen?=", mm21RefuseDE),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "mit folgender Begründung abgewiesen"},
		}},
	},
	{
		name: "Mailman 2.1's moderator refuses a held post, in French, from -owner",
		msg:  mailmanRefusal21UTF8("walkers-owner@lists.example.org", "Requête à destination de la liste Walkers rejetée", mm21RefuseFR),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "a été rejetée par le modérateur de la liste"},
		}},
	},
}

func init() {
	mailman21LangSamples = append(mailman21LangSamples, registrySample{
		name: "Mailman 2.1's moderator refuses a held post, in Spanish",
		msg: mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "La peticion a la lista de distribucion Walkers ha sido rechazada",
			"Su petición a la lista de distribución Walkers:\n\n    El mensaje enviado tenía como asunto \"Ruta del domingo\"\n\n"+
				"ha sido rechazada por el moderador dando la siguiente razón:\n\n\"Tiene prohibido mandar mensajes a esta lista.\"\n"),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Tiene prohibido mandar mensajes a esta lista"},
		}},
	})
}

func init() {
	mailman21LangSamples = append(mailman21LangSamples, registrySample{
		name: "Mailman 2.1's moderator refuses a held post, in Italian",
		msg: mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Richiesta alla lista Walkers rifiutata",
			"La tua richiesta alla lista Walkers\n\n    Invio del tuo messaggio intitolato \"Percorso di domenica\"\n\n"+
				"è stata rifiutata dal moderatore.\nIl moderatore ha dato la seguente ragione per il rifiuto:\n\n\"[Nessuna motivazione fornita]\"\n"),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "è stata rifiutata dal moderatore"},
		}},
	})
}

func TestMailman21DecoderLanguages(t *testing.T) { checkRegistrySamples(t, mailman21LangSamples) }

// TestMailman21DecoderLanguagesNotRefusals: Mailman 2.1's refusal of a
// subscription, in its German and French, is no failed post.
func TestMailman21DecoderLanguagesNotRefusals(t *testing.T) {
	msgs := map[string]string{
		"a refused subscription, in German": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Die Aufforderung an die Mailingliste Walkers wurde zurückgewiesen",
			strings.Replace(mm21RefuseDE, `Veröffentlichung Ihrer Nachricht betreffend "Route für Sonntag"`, "Abonnementantrag", 1)),
		"a refused subscription, in French": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Requête à destination de la liste Walkers rejetée",
			strings.Replace(mm21RefuseFR, `Envoi de votre message ayant comme objet "Itinéraire de dimanche"`, "Requête d'abonnement", 1)),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mailman), r.Decoder)
		})
	}
}
