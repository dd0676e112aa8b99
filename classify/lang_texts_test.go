package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestLocalisedTexts: a sentence built from each documented localised
// text decides its reason under a status code that names no cause. The
// sentences follow the texts the rows of classify/texts/lang-*.tsv,
// ezmlm.tsv, mlmmj.tsv, mailutils.tsv and schleuder.tsv cite
// (MailScanner's SpamAssassin notices, Exchange Online's NDRs, Tencent
// Exmail's bounce notices, the list texts of ezmlm-idx, mlmmj and
// Schleuder, GNU Mailutils' mda errors, Aruba PEC's non-delivery
// receipts, the French NDR texts in Sympa's bounce table).
func TestLocalisedTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
		rule               string
	}{
		{"de: MailScanner SpamAssassin notice", "5.0.0",
			"Der Inhalt Ihrer Nachricht deutet darauf hin, dass sie wahrscheinlich eine Spam-Mail ist, weswegen sie gelöscht wurde.",
			SpamDetected, "text/spamdetected/deutet darauf hin dass sie wahrscheinlich eine spam mail ist"},
		{"es: MailScanner SpamAssassin notice", "5.0.0",
			"El contenido de su mensaje indica que probablemente es spam, razón por la cual ha sido rechazado.",
			SpamDetected, "text/spamdetected/el contenido de su mensaje indica que probablemente es spam"},
		{"es: Exchange Online, recipient domain does not exist", "5.0.0",
			"El mensaje no se pudo entregar. El sistema de nombres de dominio (DNS) ha informado que el dominio del destinatario no existe.",
			HostUnknown, "text/hostunknown/el sistema de nombres de dominio dns ha informado que el dominio del destinatario no existe"},
		{"fr: MailScanner SpamAssassin notice", "5.0.0",
			"Le contenu de votre courriel indique qu'il s'agit probablement d'un polluriel (spam). C'est pourquoi il a été rejeté.",
			SpamDetected, "text/spamdetected/le contenu de votre courriel indique qu il s agit probablement d un polluriel"},
		{"nl: MailScanner SpamAssassin notice", "5.0.0",
			"De inhoud van uw bericht bevat zeer duidelijke kenmerken die normaal\ngesproken alleen bij spam voorkomen. Vandaar dat het bericht is geweigerd.",
			SpamDetected, "text/spamdetected/kenmerken die normaal gesproken alleen bij spam voorkomen"},
		{"pt: MailScanner SpamAssassin notice", "5.0.0",
			"O conteúdo desta mensagem indica que provavelmente se trata de SPAM, e\né por este motivo que ela foi rejeitada.",
			SpamDetected, "text/spamdetected/o conteudo desta mensagem indica que provavelmente se trata de spam"},
		{"zh: Tencent Exmail, domain unresolvable", "5.0.0",
			"退信原因：主机或者对方域名有错误，无法被系统解析。",
			HostUnknown, "text/hostunknown/主 机 或 者 对 方 域 名 有 错 误 无 法 被 系 统 解 析"},
		{"zh: Tencent Exmail, judged spam", "5.0.0",
			"退信原因：邮件被反垃圾系统认定为垃圾邮件，无法继续发送。",
			SpamDetected, "text/spamdetected/邮 件 被 反 垃 圾 系 统 认 定 为 垃 圾 邮 件"},
		{"zh: Tencent Exmail, dormant account", "5.0.0",
			"退信原因：用户由于长时间未登录处于休眠状态。",
			Suspend, "text/suspend/用 户 由 于 长 时 间 未 登 录 处 于 休 眠 状 态"},
		{"de: MailScanner, message over the size limit", "5.0.0",
			"Report: Nachricht ist zu groß",
			EmailTooLarge, "text/emailtoolarge/nachricht ist zu groß"},
		{"de: Web.de, too many messages in the mailbox", "5.0.0",
			"550 Benutzer hat zuviele Mails auf dem Server.",
			MailboxFull, "text/mailboxfull/benutzer hat zuviele mails auf dem server"},
		{"es: MailScanner, message over the size limit", "5.0.0",
			"Informe: El mensaje es demasiado grande",
			EmailTooLarge, "text/emailtoolarge/el mensaje es demasiado grande"},
		{"es: Exchange Online, domain not registered", "5.0.0",
			"Póngase en contacto con el destinatario por algún otro medio (por teléfono, por ejemplo) y pídale que le diga a su administrador de correo electrónico que parece que su dominio no está registrado correctamente en el registrador de dominios.",
			HostUnknown, "text/hostunknown/su dominio no esta registrado correctamente en el registrador de dominios"},
		{"es: mailbox closed for lack of use", "5.0.0",
			"550 Esta casilla ha expirado por falta de uso",
			Suspend, "text/suspend/esta casilla ha expirado por falta de uso"},
		{"fr: MailScanner, message over the size limit", "5.0.0",
			"Report: Taille de message trop grand",
			EmailTooLarge, "text/emailtoolarge/taille de message trop grand"},
		{"it: MailScanner, message over the size limit", "5.0.0",
			"Report: Il messaggio è troppo grande",
			EmailTooLarge, "text/emailtoolarge/il messaggio e troppo grande"},
		{"nl: MailScanner, message over the size limit", "5.0.0",
			"Bericht: Bericht is te groot",
			EmailTooLarge, "text/emailtoolarge/bericht is te groot"},
		{"pt: MailScanner, message over the size limit", "5.0.0",
			"Reporte: A mensagem é muito grande",
			EmailTooLarge, "text/emailtoolarge/a mensagem e muito grande"},
		{"zh: Coremail (163.com), judged spam", "5.0.0",
			"退信原因：垃圾邮件让邮箱小易很烦心，现在您发送的邮件被怀疑为是垃圾邮件，拒绝接收。 英文说明:rejected by system",
			SpamDetected, "text/spamdetected/您 发 送 的 邮 件 被 怀 疑 为 是 垃 圾 邮 件"},
		{"pl: Sympa, virus found", "5.0.0",
			"Nasz wykrywacz wirusów znalazł wirusa o nazwie Eicar-Test-Signature w wiadomości adresowanej do news@lists.example.pl i wydaje się ona być Twoja (od: jan@example.pl).",
			VirusDetected, "text/virusdetected/nasz wykrywacz wirusow znalazł wirusa o nazwie"},
		{"ru: Sympa, virus found", "5.0.0",
			"Антивирусная программа обнаружила вирус Eicar-Test-Signature в сообщении, адресованном news@lists.example.ru и возможно, что оно ваше (От: ivan@example.ru).",
			VirusDetected, "text/virusdetected/антивирусная программа обнаружила вирус"},
		{"ja: Sympa, virus found", "5.0.0",
			"ウイルス チェッカーが、news@lists.example.jp 宛てのメッセージ中に Eicar-Test-Signature という名前のウイルスを発見しました。",
			VirusDetected, "text/virusdetected/と い う 名 前 の ウ イ ル ス を 発 見 し ま し た"},
		{"de: MailScanner, virus notice", "5.0.0",
			"Unser Virenscanner wurde durch eine Nachricht von Ihnen ausgelöst:",
			VirusDetected, "text/virusdetected/unser virenscanner wurde durch eine nachricht von ihnen ausgelost"},
		{"es: MailScanner, virus notice", "5.0.0",
			"Nuestro detector de virus ha sido activado por un mensaje enviado por Usted:",
			VirusDetected, "text/virusdetected/nuestro detector de virus ha sido activado por un mensaje enviado por usted"},
		{"pt: MailScanner, virus notice", "5.0.0",
			"Nosso sistema de detecção de vírus foi acionado ao analisar uma mensagem que\nvocê enviou:-",
			VirusDetected, "text/virusdetected/nosso sistema de deteccao de virus foi acionado"},
		{"de: ezmlm-reject, message over the list's size limit", "5.0.0",
			"Tut mir leid, ich akzeptiere keine Nachrichten, die größer sind, als 40000 Bytes (#5.2.3)",
			EmailTooLarge, "text/emailtoolarge/ich akzeptiere keine nachrichten die großer sind als * bytes"},
		{"it: ezmlm-reject, message over the list's size limit", "5.0.0",
			"Mi dispiace, non accetto messaggi con più di 40000 caratteri",
			EmailTooLarge, "text/emailtoolarge/non accetto messaggi con piu di * caratteri"},
		{"de: ezmlm, the list's traffic limit", "4.0.0",
			"überhöhter Verkehr: zurückgestellt",
			RateLimited, "text/ratelimited/uberhohter verkehr zuruckgestellt"},
		{"it: ezmlm, the list's traffic limit", "4.0.0",
			"troppo traffico: pospongo",
			RateLimited, "text/ratelimited/troppo traffico pospongo"},
		{"de: Exchange Online, mailbox full (Microsoft's German article)", "5.0.0",
			"Das Postfach des Empfängers ist voll und kann nachrichten jetzt nicht annehmen. Versuchen Sie, diese Nachricht später erneut zu senden, oder wenden Sie sich direkt an den Empfänger.",
			MailboxFull, "text/mailboxfull/das postfach des empfangers ist voll"},
		{"zh: Tencent Exmail, recipient's storage full", "5.0.0",
			"退信原因：收信人收件箱已满，无法收信。",
			MailboxFull, "text/mailboxfull/收 信 人 收 件 箱 已 满"},
		{"zh: Tencent Exmail, folder message count limit", "5.0.0",
			"退信原因：收信人邮箱文件夹邮件数量限制，无法收信。",
			MailboxFull, "text/mailboxfull/收 信 人 邮 箱 文 件 夹 邮 件 数 量 限 制"},
		{"it: Aruba PEC, not delivered within 24 hours (5.4.1)", "5.4.1",
			"5.4.1 - Aruba Pec S.p.A. - il messaggio non è stato consegnato nelle prime ventiquattro ore dal suo invio",
			Expired, "text/expired/il messaggio non e stato consegnato nelle prime ventiquattro ore dal suo invio"},
		{"pt: mlmmj, post over the list's size limit", "5.0.0",
			"A mensagem de <ana@example.com.br> com o assunto \"Fotos\" não pôde ser entregue à lista porque excedia o tamanho máximo permitido de 40000 bytes.",
			EmailTooLarge, "text/emailtoolarge/porque excedia o tamanho maximo permitido de * bytes"},
		{"de: GNU Mailutils mda over quota, as a transcript quotes its error", "5.0.0",
			"mda: anna: Postfachgrößenkontingent wurde für diesen Empfänger überschritten",
			MailboxFull, "text/mailboxfull/postfachgroßenkontingent wurde fur diesen empfanger uberschritten"},
		{"pl: GNU Mailutils mda, message over the mailbox's room", "5.0.0",
			"mda: jan: wiadomość przekroczyłaby dozwolony rozmiar skrzynki dla tego odbiorcy",
			MailboxFull, "text/mailboxfull/wiadomosc przekroczyłaby dozwolony rozmiar skrzynki dla tego odbiorcy"},
		{"ru: GNU Mailutils mda over quota", "5.0.0",
			"mda: ivan: пользователь превысил квоту на размер почтового ящика",
			MailboxFull, "text/mailboxfull/пользователь превысил квоту на размер почтового ящика"},
		{"de: Schleuder, post over the list's size limit", "5.0.0",
			"Deine Email war zu groß. Erlaubt sind für diese Liste 10240KB.",
			EmailTooLarge, "text/emailtoolarge/deine email war zu groß erlaubt sind fur diese liste"},
		{"zh: mlmmj, post over the list's size limit", "5.0.0",
			"因为超出了所允许的最大邮件尺寸 40000 字节。",
			EmailTooLarge, "text/emailtoolarge/超 出 了 所 允 许 的 最 大 邮 件 尺 寸"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, "", dsn.ActionFailed, tc.want, tc.rule)
		})
	}

	// The userunknown texts come at RCPT, where a text names the recipient.
	atRCPT := []struct{ name, diag, rule string }{
		{"fr: Domino, user not in the public address book", "Utilisateur non recensé dans le carnet d'adresses public",
			"text/userunknown/utilisateur non recense dans le carnet d adresses public"},
		{"fr: Exchange 5.5, recipient name not recognised", "Le nom du destinataire n'est pas reconnu",
			"text/userunknown/le nom du destinataire n est pas reconnu"},
		{"zh: Tencent Exmail, recipient address does not exist", "退信原因：收件人邮件地址不存在，邮件无法送达。",
			"text/userunknown/收 件 人 邮 件 地 址 不 存 在"},
		{"ru: GNU Mailutils mda, no such user", "mda: ivan: нет такого пользователя",
			"text/userunknown/нет такого пользователя"},
		{"pt: GNU Mailutils mda, no such user", "mda: joao: usuário inexistente",
			"text/userunknown/usuario inexistente"},
		{"de: Schleuder, no such list", "Fehler: Keine Liste zu dieser Adresse gefunden: 'team@lists.example.de'.",
			"text/userunknown/keine liste zu dieser adresse gefunden"},
		{"it: Aruba PEC, invalid address", "è stato rilevato un errore 5.1.1 - ARUBA PEC S.p.A. - indirizzo non valido.",
			"text/userunknown/aruba pec s p a indirizzo non valido"},
	}
	for _, tc := range atRCPT {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact("5.0.0", tc.diag, dsn.CommandRCPT, dsn.ActionFailed)
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, UserUnknown, v.Reason)
			assert.Equal(t, tc.rule, v.Rule)
		})
	}
}

// TestLocalisedNearMisses: the localised phrases do not decide inside
// the same software's other lines that share their words. The texts are
// MailScanner's own (languages.conf: a message too large for the spam
// check, an attachment too large, its "not spam" header words), ezmlm-idx's
// (a message under the minimum size, the traffic limit holding posts for a
// moderator) and mlmmj's (a post no moderator released in time): the same
// words about something other than the recipient's message.
func TestLocalisedNearMisses(t *testing.T) {
	cases := []struct {
		name, text string
		not        Reason
	}{
		{"de: too large for the spam check (SATooLarge)", "Nachricht ist läger als die maximal für den Test konfiguriert", EmailTooLarge},
		{"de: not spam, too large to check (skippedastoobig)", "kein Spam (zu groß)", EmailTooLarge},
		{"es: too large for the spam check (SATooLarge)", "El mensaje sobrepasa el tamaño máximo establecido para ser analizado", EmailTooLarge},
		{"es: an attachment too large (AttachmentTooLarge)", "El adjunto es demasiado grande", EmailTooLarge},
		{"es: not spam, too large to check (skippedastoobig)", "no es spam (demasiado grande)", SpamDetected},
		{"fr: an attachment too large (AttachmentTooLarge)", "Pièce jointe trop volumineuse", EmailTooLarge},
		{"fr: not spam (NotSpam)", "n'est pas un polluriel", SpamDetected},
		{"it: an attachment too large (AttachmentTooLarge)", "Allegato troppo grande", EmailTooLarge},
		{"nl: an attachment too large (AttachmentTooLarge)", "Bijlage is te groot", EmailTooLarge},
		{"nl: not spam (NotSpam)", "geen spam", SpamDetected},
		{"pt: an attachment too large (AttachmentTooLarge)", "O anexo é muito grande", EmailTooLarge},
		{"pt: too large for the spam check (SATooLarge)", "A mensagem é maior do que o tamanho de teste permitido", EmailTooLarge},
		{"pt: the virus notice is not the spam notice", "Nosso sistema de detecção de vírus foi acionado ao analisar uma mensagem que você enviou", SpamDetected},
		{"nl: the virus notice is not the spam notice", "Onze virusscanner reageerde op een bericht dat u verstuurde", SpamDetected},
		{"pt: not spam (NotSpam)", "não spam", SpamDetected},
		// ezmlm-idx lang/<ll>/messages: the lower size limit and the traffic
		// limit's other action (the post is held for moderation, not deferred).
		{"de: ezmlm, message under the minimum size (ERR_MIN_SIZE)", "Tut mir leid, ich akzeptiere keine Nachrichten, die kleiner sind, als 300 Bytes", EmailTooLarge},
		{"it: ezmlm, message under the minimum size (ERR_MIN_SIZE)", "Mi dispiace, non accetto messaggi più corti di 300 caratteri", EmailTooLarge},
		{"de: ezmlm, traffic limit moderates (ERR_EXCESS_MOD)", "überhöhter Verkehr: moderiert", RateLimited},
		{"it: ezmlm, traffic limit moderates (ERR_EXCESS_MOD)", "troppo traffico: modero", RateLimited},
		{"en: ezmlm, traffic limit moderates (ERR_EXCESS_MOD)", "excess traffic: moderating", RateLimited},
		// GNU Mailutils' own login error shares the words of its "no such user".
		{"de: Mailutils, no such user name (a login error)", "Kein solcher Benutzername", UserUnknown},
		// A mailbox that is nearly full still takes mail.
		{"de: mailbox almost full", "Das Postfach des Empfängers ist fast voll", MailboxFull},
		// mlmmj's deny-post "expired" branch is a moderation timeout, not a delivery expiry.
		{"en: mlmmj, moderation timed out", "because too much time passed without any moderator releasing it.", Expired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := reasonCase{text: tc.text, status: "5.0.0"}.verdict()
			assert.NotEqual(t, tc.not, v.Reason, "rule %s", v.Rule)
			assert.NotContains(t, v.Rule, "text/"+string(tc.not)+"/")
		})
	}
}
