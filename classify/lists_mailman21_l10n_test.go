package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsMailman21L10n: Mailman 2.1's hold reasons and
// automatic rejection in Polish and Brazilian Portuguese
// (classify/texts/lists_mailman21_l10n.tsv) decide the reason their
// English msgids do.
func TestListManagerTextsMailman21L10n(t *testing.T) {
	checkListLangCases(t, []listLangCase{
		{"pl, the size hold's reason", "", "Wiadomość jest zbyt duża.  Proszę ją zmniejszyć do 40 kB", EmailTooLarge},
		{"pl, a non-member", "", "Tylko członkowie listy mogą wysyłać na nią wiadomości", Rejected},
		{"pl, a forbidden poster", "", "Administrator zablokował możliwość wysłania przez Ciebie wiadomości na tę\nlistę.", Rejected},
		{"pl, a restricted list", "", "Ta lista ma ograniczenia. Twoja wiadomość nie została zaakceptowana.", Rejected},
		{"pl, a Bcc'd post", "", "Bcc: lub inne pośrednie adresowanie listy nie jest dozwolone.\nWyślij wiadomość ponownie", Rejected},
		{"pl, rejected automatically", "", "Nie masz uprawnień pozwalających na wysyłanie wiadomości na tę listę\nTwoje wiadomości są automatycznie odrzucane.  Skontaktuj się z opiekunen", Rejected},
		{"pl, the refusal's words around a size reason", "", "Prośba dotycząca listy Walkers została odrzucona przez moderatora.  Uzasadnienie decyzji: \"Wiadomość jest zbyt duża.  Proszę ją zmniejszyć do 40 kB\"", EmailTooLarge},
		{"pt_BR, the size hold's reason", "", "Sua mensagem foi muito grande; por favor a divida para menos que\n40 KB de tamanho.", EmailTooLarge},
		{"pt_BR, a restricted list", "", "Esta lista é restrita; sua mensagem não foi aprovada.", Rejected},
		{"pt_BR, a Bcc'd post", "", "Cópias BCC ou outros destinos implícitos não são permitidos.", Rejected},
		{"pt_BR, a non-member", "", "Pessoas não membras não tem permissão de postar mensagens para esta lista.", Rejected},
		{"nl, the size hold's reason", "", "Uw bericht was te groot; de omvang mag hooguit\n40 KB zijn.", EmailTooLarge},
		{"nl, a forbidden poster", "", "U is niet toegestaan berichten te versturen naar deze lijst.", Rejected},
		{"nl, a non-member", "", "Niet-leden mogen geen berichten versturen naar deze lijst.", Rejected},
		{"nl, a restricted list", "", "Deze lijst is besloten; uw bericht is niet goedgekeurd.", Rejected},
		{"nl, a Bcc'd post", "", "Het opnemen van geadresseerden in het Bcc: veld of\nandere 'blinde' bestemmingen zijn niet toegestaan.", Rejected},
		{"nl, rejected automatically", "", "Het is u niet toegestaan om berichten naar deze maillijst te verzenden, en\nuw bericht is automatisch geweigerd.", Rejected},
		{"ja, the size hold's reason", "", "メールが長すぎます; 40 KB 以下に短くしてください.", EmailTooLarge},
		{"ja, a restricted list", "", "このメーリングリストは投稿が制限されています.\n投稿されたメールは配送が承認されませんでした.", Rejected},
		{"ja, a Bcc'd post", "", "Bcc:(隠し同報)や宛先を明示しないメールの配送は受け付けていません.", Rejected},
		{"ja, rejected automatically", "", "このメーリングリストへの投稿が許されていません.\n投稿は自動的に拒否されました.", Rejected},
		{"zh_CN, the size hold's reason", "", "您的信件过大，请修改信件内容至小于 40 KB", EmailTooLarge},
		{"zh_CN, a forbidden poster", "", "您被禁止往该列表发送信息。", Rejected},
		{"zh_CN, a non-member", "", "不允许非成员往该列表发送信息。", Rejected},
		{"zh_CN, a restricted list", "", "该列表受限制；您的信息没有经过批准。", Rejected},
		{"zh_CN, rejected automatically", "", "您没有发送信件至该邮件列表的权限，您的信息被自动拒绝。", Rejected},
		{"ru, the size hold's reason", "", "Размер вашего сообщения слишком велик, пожалуйста, составьте его\nтак, чтобы его размер находился в пределах 40 Кб.", EmailTooLarge},
		{"ru, a non-member", "", "В этот список рассылки запрещено доставлять сообщения с посторонних адресов.", Rejected},
		{"ru, a restricted list", "", "Отправка сообщений в этот список рассылки разрешена только\nограниченному кругу лиц. Ваше сообщение не было одобрено.", Rejected},
		{"ru, a Bcc'd post", "", "Указание скрытых адресатов в сообщениях запрещено.", Rejected},
		{"ru, rejected automatically", "", "Вам не резрешено отправлять сообщения в этот список рассылки, и ваше сообщение\nбыло автоматически отклонено.", Rejected},
		{"pt_BR, rejected automatically", "", "Você não tem permissão de postar para esta lista de discussão e sua\nmensagem foi rejeitada automaticamente.", Rejected},
	})
}

// TestListManagerTextsMailman21L10nNearMisses: texts sharing words with
// the rows but saying neither a size limit nor a refusal.
func TestListManagerTextsMailman21L10nNearMisses(t *testing.T) {
	cases := []struct{ name, diag string }{
		{"pl, a delivered message", "Twoja wiadomość została dostarczona do listy"},
		{"pl, a list described", "Tylko członkowie listy otrzymują te wiadomości co tydzień"},
		{"nl, a welcome", "Uw bericht is goed aangekomen bij de lijst"},
		{"nl, a list described", "Deze lijst is besloten voor leden van de vereniging"},
		{"ja, a delivered message", "このメーリングリストへの投稿が配送されました"},
		{"zh_CN, a delivered message", "您的信件已经发送至该列表"},
		{"ru, a delivered message", "Ваше сообщение доставлено в этот список рассылки"},
		{"pt_BR, a welcome", "Sua mensagem foi muito bem recebida pela lista"},
		{"pt_BR, a list described", "Esta lista é restrita a assuntos do grupo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("", tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.NotEqual(t, EmailTooLarge, v.Reason, v.Rule)
			assert.NotEqual(t, Rejected, v.Reason, v.Rule)
		})
	}
}
