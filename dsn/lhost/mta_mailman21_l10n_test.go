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

// Mailman 2.1's Dutch template (jurov/gnu-mailman templates/nl) and
// Japanese one (jaredmauch/mailman2-python3 templates/ja), whose request
// line quotes the post's Subject without quotes.
const (
	mm21RefuseNL = `Uw verzoek aan de Walkers mailinglijst

    Verzending van uw bericht met de titel "Route voor zondag"

is geweigerd door de lijst moderator. De moderator gaf de volgende reden
voor het weigeren van je verzoek:

"[Geen reden opgegeven]"
`
	mm21RefuseJA = `Walkers メーリングリストに送られた以下の申請は、 リスト司会者により拒否されました。

    件名 日曜日のルート で投稿されたメール

司会者による拒否の理由は以下の通りです。

"メールが長すぎます; 40 KB 以下に短くしてください."
`
)

func init() {
	mailman21MoreLangSamples = append(mailman21MoreLangSamples,
		registrySample{
			name: "Mailman 2.1's moderator refuses a held post, in Dutch",
			msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Verzoek aan maillijst Walkers geweigerd", mm21RefuseNL),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "is geweigerd door de lijst moderator"},
			}},
		},
		registrySample{
			name: "Mailman 2.1's moderator refuses a held post, in Japanese",
			msg:  mailmanRefusal21UTF8("walkers-owner@lists.example.org", "=?utf-8?b?V2Fsa2VycyDjg6Hjg7zjg6rjg7PjgrDjg6rjgrnjg4jjgbjjga7nlLPoq4vjga/ljbTkuIvjgZXjgozjgb7jgZfjgZ8=?=", mm21RefuseJA),
			want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "メールが長すぎます"},
			}},
		},
	)
}

// Mailman 2.1's Simplified Chinese template (jurov/gnu-mailman
// templates/zh_CN/refuse.txt), tab-indented request line.
const mm21RefuseZH = "您发往邮件列表 Walkers 的请求\n\n\t您以标题 \"周日路线\" 发布的信件\n\n" +
	"已经被列表管理员拒绝。下面是管理员拒绝您请求的原因：\n\n\"不允许非成员往该列表发送信息。\"\n"

func init() {
	mailman21MoreLangSamples = append(mailman21MoreLangSamples, registrySample{
		name: "Mailman 2.1's moderator refuses a held post, in Simplified Chinese",
		msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "对于 Walkers 邮件列表的请求被拒绝", mm21RefuseZH),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "不允许非成员往该列表发送信息"},
		}},
	})
}

// Mailman 2.1's Russian template (jaredmauch/mailman2-python3
// templates/ru/refuse.txt), whose Subject differs from Mailman 3's.
const mm21RefuseRU = `Ваш запрос, отправленный в список рассылки Walkers

    Ваше сообщение с заголовком "Маршрут на воскресенье"

был отклонен модератором списка рассылки. Причина отказа
приведена ниже:

"Вам запрещено отправлять сообщения в этот список рассылки."
`

func init() {
	mailman21MoreLangSamples = append(mailman21MoreLangSamples, registrySample{
		name: "Mailman 2.1's moderator refuses a held post, in Russian",
		msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Запрос в список рассылки Walkers отклонен", mm21RefuseRU),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Вам запрещено отправлять сообщения в этот список рассылки"},
		}},
	})
}

// Mailman 2.1's Korean template (jaredmauch/mailman2-python3
// templates/ko/refuse.txt) with the default reason.
const mm21RefuseKO = ` Walkers 메일링 리스트에 대한 다음의 요청이

    "일요일 코스" 제목의 보낸글

리스트 관리자에 의해 거부되었습니다.

요청 거부이유는 다음과 같습니다 :

"[이유가 없습니다]"
`

func init() {
	mailman21MoreLangSamples = append(mailman21MoreLangSamples, registrySample{
		name: "Mailman 2.1's moderator refuses a held post, in Korean",
		msg:  mailmanRefusal21UTF8("walkers-bounces@lists.example.org", "Walkers 메일링 리스트에 대한 요청이 거절되었습니다.", mm21RefuseKO),
		want: provWant{decoder: "Mailman", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "리스트 관리자에 의해 거부되었습니다"},
		}},
	})
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
		"a refused subscription, in Dutch": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Verzoek aan maillijst Walkers geweigerd",
			strings.Replace(mm21RefuseNL, `Verzending van uw bericht met de titel "Route voor zondag"`, "Aanmeldingsverzoek", 1)),
		"a refused subscription, in Japanese": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Walkers メーリングリストへの申請は却下されました",
			strings.Replace(mm21RefuseJA, "件名 日曜日のルート で投稿されたメール", "入会申請", 1)),
		"a Japanese post awaiting approval": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Walkers に投稿されたメールは, 司会者の承認待ちです", mm21RefuseJA),
		"a refused subscription, in Simplified Chinese": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"对于 Walkers 邮件列表的请求被拒绝",
			strings.Replace(mm21RefuseZH, `您以标题 "周日路线" 发布的信件`, "订阅请求", 1)),
		"a refused subscription, in Russian": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Запрос в список рассылки Walkers отклонен",
			strings.Replace(mm21RefuseRU, `Ваше сообщение с заголовком "Маршрут на воскресенье"`, "Запрос на подписку", 1)),
		"a refused subscription, in Korean": mailmanRefusal21UTF8("walkers-bounces@lists.example.org",
			"Walkers 메일링 리스트에 대한 요청이 거절되었습니다.",
			strings.Replace(mm21RefuseKO, `"일요일 코스" 제목의 보낸글`, "가입 요청", 1)),
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
