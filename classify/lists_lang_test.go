package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsLang: Mailman 3's refusals of a post in the
// languages its catalogues translate them to (classify/texts/lists-lang.tsv)
// decide the reason their English rows do.
func TestListManagerTextsLang(t *testing.T) {
	cases := []struct {
		name, diag string
		want       Reason
	}{
		{"de, not a member", "Ihre Nachricht an die Mailingliste Walkers wurde\nmit folgender Begründung abgelehnt:\n\nDie Nachricht stammt nicht von einem Listenmitglied", Rejected},
		{"de, over the size limit", "Ihre Nachricht an die Mailingliste Walkers wurde mit folgender Begründung abgelehnt: Die Nachricht ist größer als die maximale Größe von 40 KB", EmailTooLarge},
		{"de, the moderator's refusal", "Ihre Anfrage an die Mailingliste Walkers Veröffentlichung Ihrer Nachricht mit dem Titel \"\" wurde von einer Moderator*in mit folgender Begründung abgelehnt: Bitte nicht.", Rejected},
		{"fr, a banned sender", "Votre message à destination de la liste de diffusion Walkers a été rejeté pour les raisons suivantes : L'expéditeur du message eva@example.com est banni de la liste", Rejected},
		{"fr, over the size limit", "Le message est plus lourd que la taille maximale de 40 Ko", EmailTooLarge},
		{"fr, the moderator's refusal", "Votre requête à la liste de diffusion Walkers Expédition de votre message intitulé « » a été rejetée par le modérateur de la liste.", Rejected},
		{"ja, a moderated member", "Walkers メーリングリストへのメッセージが下記の理由で\nモデレーターにより拒否されました。\n\nこのメッセージはモデレートされたメンバーから送信されました", Rejected},
		{"ja, over the size limit", "このメッセージは 40 kB (最大サイズ) を超えています", EmailTooLarge},
		{"ru, the DMARC rule", "Вам не разрешено отправлять сообщения в этот список рассылки \"От:\" домен, который публикует политику отклонения или карантина DMARC, и ваше сообщение было автоматически отклонено.", Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("5.0.0", tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestListManagerTextsLangNearMisses: texts that share words with the
// rows of lists-lang.tsv but are no list's refusal of a post.
func TestListManagerTextsLangNearMisses(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
	}{
		{"de, a full mailbox whose limit is stated", "5.2.2", "Das Postfach ist voll: die maximale Größe von 40 KB ist erreicht", MailboxFull},
		{"ru, a full mailbox refused", "5.2.2", "Сообщение отклонено: почтовый ящик переполнен", MailboxFull},
		{"fr, an unknown recipient of a list-like name", "5.1.1", "Destinataire inconnu: la liste de diffusion walkers n'existe pas, adresse inconnue", UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
