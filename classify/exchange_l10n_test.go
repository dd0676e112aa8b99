package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExchangeRestrictedSenderL10n: Exchange Online's NDR user text for a
// sender on its Restricted Users list (550 5.1.8), in English and in the
// languages Microsoft's localized documentation quotes it, decides when
// the text stands without its reply code (classify/texts/exchange_l10n.tsv).
func TestExchangeRestrictedSenderL10n(t *testing.T) {
	tests := []struct{ lang, diag string }{
		{"en", "Your message couldn't be delivered because you weren't recognized as a valid sender. The most common reason for this is that your email address is suspected of sending spam and it's no longer allowed to send email."},
		{"de", "Ihre Nachricht konnte nicht übermittelt werden, weil Sie nicht als gültiger Absender erkannt wurden. Der häufigste Grund dafür ist, dass der Verdacht besteht, dass von Ihrer E-Mail-Adresse Spam versandt wurde"},
		{"fr", "Votre message n’a pas pu être remis parce que vous n’avez pas été reconnu comme expéditeur valide."},
		{"es", "No se pudo entregar el mensaje porque el remitente no es válido. La razón más común para este caso es que la dirección de correo electrónico sea sospechosa"},
		{"nl", "Uw bericht kan niet worden bezorgd omdat u niet als een geldige afzender bent herkend."},
		{"pl", "Nie można dostarczyć wiadomości, ponieważ nie zostałeś rozpoznany jako prawidłowy nadawca."},
		{"ru", "Не удалось доставить сообщение, так как система не распознала вас как допустимого отправителя."},
		{"ja", "有効な送信者として認識されなかったため、メッセージを配信できませんでした。"},
		{"ko", "유효한 보낸 사람으로 인식되지 않았기 때문에 메시지를 배달할 수 없습니다."},
		{"zh", "你的邮件无法送达，因为系统认为你不是有效的发件人。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			v := classifyOne(t, fact("", "a@example.org", "5.0.0", tt.diag))
			assert.Equal(t, Rejected, v.Reason, v.Rule)
			assert.Contains(t, v.Rule, "text/rejected/")
		})
	}
}

// TestExchangeRestrictedSenderL10nNearMisses: words the new rows share
// with other refusals keep their own reading.
func TestExchangeRestrictedSenderL10nNearMisses(t *testing.T) {
	tests := []struct {
		status, diag string
		want         Reason
	}{
		// The recipient, not the sender, is unknown.
		{"5.1.1", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", UserUnknown},
		// The localized mailbox-full text stays a full mailbox.
		{"5.2.2", "554 5.2.2 Das Postfach des Empfängers ist voll", MailboxFull},
		// A recipient address that is not valid is no refused sender.
		{"5.1.1", "550 5.1.1 Le destinataire n'est pas valide", UserUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact("", "a@example.org", tt.status, tt.diag))
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
