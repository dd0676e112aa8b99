package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Mailman 2.1's Polish and Brazilian Portuguese refuse.txt
// (jaredmauch/mailman2-python3 templates/pl, templates/pt_BR) with the
// request line and reasons of its own catalogues (jurov/gnu-mailman
// messages/pl, messages/pt_BR), our own list and post.
const (
	mm21RefusePL = `Prośba dotycząca listy Walkers

    Twoja wiadomość o tytule "Trasa na niedzielę"

została odrzucona przez moderatora.  Uzasadnienie decyzji:

"Tylko członkowie listy mogą wysyłać na nią wiadomości"

Pytania i komentarze proszę kierować do administratora na adres:

    walkers-owner@lists.example.org
`
	mm21RefusePT = `Sua requisição para a lista Walkers

    Envio da mensagem intitulada "Trilha de domingo"

foi rejeitada pelo moderador da lista.  O moderador deu a seguinte
razão para rejeitar sua mensagem:

"[Nenhuma razão fornecida]"
`
)

var mailman21MoreLangSamples = []registrySample{
	{
		name: "Mailman 2.1's moderator refuses a held post, in Polish",
		msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "=?utf-8?q?Odrzucona_pro=C5=9Bba_wys=C5=82ana_na_list=C4=99_Walkers?=", mm21RefusePL),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Tylko członkowie listy mogą wysyłać na nią wiadomości"},
		}},
	},
	{
		name: "Mailman 2.1's moderator refuses a held post, in Brazilian Portuguese, from -owner",
		msg:  mailmanRefusal21UTF8("walkers-owner@lists.example.org", "Requisição para a lista de discussão Walkers rejeitada.", mm21RefusePT),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "foi rejeitada pelo moderador da lista"},
		}},
	},
}

func TestMailman21DecoderMoreLanguages(t *testing.T) {
	checkRegistrySamples(t, mailman21MoreLangSamples)
}

// TestMailman21DecoderMoreLanguagesNotRefusals: near misses of the Polish
// and Portuguese forms that are no refused post: a refused subscription
// (no posting line), the notice that a post awaits approval, a Subject
// that only begins like the refusal's.
func TestMailman21DecoderMoreLanguagesNotRefusals(t *testing.T) {
	msgs := map[string]string{
		"a refused subscription, in Polish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Odrzucona prośba wysłana na listę Walkers",
			strings.Replace(mm21RefusePL, `Twoja wiadomość o tytule "Trasa na niedzielę"`, "Prośba o zapisanie", 1)),
		"a refused subscription, in Portuguese": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Requisição para a lista de discussão Walkers rejeitada.",
			strings.Replace(mm21RefusePT, `Envio da mensagem intitulada "Trilha de domingo"`, "Requisição de Inscrição", 1)),
		"a post awaiting approval, in Polish": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Wiadomość wysłana na listę walkers czeka na akceptację", mm21RefusePL),
		"a Portuguese Subject that is no refusal": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Requisição para a lista de discussão Walkers aprovada.", mm21RefusePT),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mailman), r.Decoder)
		})
	}
}
