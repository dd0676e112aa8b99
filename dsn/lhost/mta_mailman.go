package lhost

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Mailman names the decoder of GNU Mailman's notices that a list refused
// a post.
const Mailman dsn.DecoderName = "Mailman"

// mailmanDecoder reads the two notices GNU Mailman (2.1 and 3) sends a
// poster whose post the list did not take. The post was not delivered
// to the list: the list's address is the failed recipient, as in
// Google Groups' and mlmmj's refusals, and the notice's words are its
// diagnostic.
//
// The rejection, when the list's rules refuse a post (a non-member's on
// a list set to reject them, a moderated member's, one over the size
// limit, a DMARC policy; Mailman 3.3.10: src/mailman/chains/reject.py and
// app/bounces.py bounce_message, Mailman 2.1: Mailman/Bouncer.py
// BounceMessage), comes from the list's -owner address under the post's
// own Subject, with the reasons in a text part (Mailman 3's template
// src/mailman/templates/en/list:user:notice:rejected.txt, Mailman 2.1's
// RejectMessage notice) and the post attached:
//
//	From: walkers-owner@lists.example.org
//	Subject: <the post's Subject>
//	X-Mailman-Version: 3.3.10
//	Content-Type: multipart/mixed
//	  text/plain: Your message to the Walkers mailing-list was rejected ...
//	  message/rfc822: the post
//
// Its Subject says nothing of a refusal; what tells it from a member's
// message is that the attached post carries the same Subject, with the
// sender Mailman's -owner address and the X-Mailman-Version field its
// outgoing pipeline adds (handlers/cook_headers.py).
//
// The moderator's refusal of a held post (Mailman 3.3.10:
// src/mailman/app/moderator.py send_rejection and
// templates/en/list:user:notice:refuse.txt; Mailman 2.1:
// Mailman/ListAdmin.py __refuse and templates/en/refuse.txt) has a
// Subject of its own and comes from the list's -bounces address (-owner
// or -admin in older 2.1 releases):
//
//	Subject: Request to mailing list "Walkers" rejected
//
//	Your request to the walkers@lists.example.org mailing list
//	    Posting of your message titled "Route for Sunday"
//	has been rejected by the list moderator. ...
//
// The same notice refuses a subscription request ("Subscription
// request"), which is no failed delivery: only a refused posting is
// read. Mailman 3 writes the notice in the member's (or the list's)
// language: the Subject and the request line from its translations, the
// text from the language's refuse template; the three may differ in
// language (the request line is translated where the moderator acts), so
// each is looked for in every language known (mailmanRefusalForms). A
// notice that a post is held for the moderator ("... awaits moderator
// approval") is no refusal: the post may still go out, and it is not
// read.
type mailmanDecoder struct{}

func (mailmanDecoder) Name() dsn.DecoderName { return Mailman }

// mailmanVersionField is the field Mailman's outgoing pipeline adds to
// every message it sends.
const mailmanVersionField = "X-Mailman-Version"

// mailmanRefusalForm is one language's wording of the moderator's
// refusal of a post.
type mailmanRefusalForm struct {
	lang string
	// subjectBefore and subjectAfter surround the list's name in the
	// Subject (send_rejection: 'Request to mailing list "${display_name}"
	// rejected'); the quotes are left out, Mailman 2.1 has none.
	subjectBefore, subjectAfter string
	// postingBefore and postingAfter surround the post's Subject in the
	// request line (handle_message: 'Posting of your message titled
	// "${subject}"'); postingAfter is "" where the Subject runs to the
	// line's end.
	postingBefore, postingAfter string
	// words are the fixed words of the language's refuse template
	// (templates/<lang>/list:user:notice:refuse.txt) that say the
	// moderator refused the request; "" where the language has no
	// template of its own and Mailman sends the English one.
	words string
}

// mailmanRefusalForms are the moderator's refusal in every language
// known: those below, Mailman 3.3.8's further translations and Mailman
// 2.1's own (mta_mailman_l10n.go).
var mailmanRefusalForms = slices.Concat(mailmanRefusalForms3, mailmanRefusalFormsMore, mailmanRefusalForms21)

// mailmanRefusalForms3 are the moderator's refusal in English (Mailman 2.1
// and 3) and in the languages Mailman 3.3.10 translates it to: the
// Subject and the request line from
// src/mailman/messages/<lang>/LC_MESSAGES/mailman.po, the words from
// src/mailman/templates/<lang>/list:user:notice:refuse.txt (pt and pt_BR
// read the same; zh_Hans is zh; pl has no refuse template, zh_Hant no
// translation of these).
var mailmanRefusalForms3 = []mailmanRefusalForm{
	{"en", "Request to mailing list ", " rejected", `Posting of your message titled "`, `"`, "has been rejected by the list moderator"},
	{"de", "Anfrage an die Mailingliste ", " abgelehnt", `Veröffentlichung Ihrer Nachricht mit dem Titel "`, `"`, "mit folgender Begründung abgelehnt"},
	{"fr", "Demande à la liste de diffusion ", " rejetée", "Expédition de votre message intitulé « ", " »", "a été rejetée par le modérateur de la liste"},
	{"es", "Solicitud a lista de correo ", " rechazada", `Publicación de su mensaje titulado "`, `"`, "ha sido rechazada por el moderador de la lista"},
	{"pt", "Solicitação para a lista de discussão ", " rejeitada", `Publicação da sua mensagem com o título "`, `"`, "foi rejeitada pelo moderador da lista"},
	{"it", "La richiesta alla lista ", " è stata rifiutata", `Pubblicazione del messaggio intitolato "`, `"`, "è stata rifiutata dal moderatore della lista"},
	{"nl", "Verzoek aan maillijst ", " geweigerd", `Verzending van uw bericht met de titel "`, `"`, "is afgekeurd door de lijstmoderator"},
	{"pl", "Żądanie na listę mailingową ", " odrzucone", "Publikowanie wiadomości zatytułowanej „", "”", ""},
	{"ru", "Запрос к списку рассылки ", " отклонен", "Публикация вашего сообщения под заголовком ", "", "был отклонен модератором списка"},
	{"ja", "", " メーリングリスト: 申請が拒否されました", "あなたからの件名「", "」の投稿", "モデレーターにより拒否されました"},
	{"zh", "对邮件列表", "的请求已被拒绝", "以“", "“为标题发布你的消息", "已被列表版主拒绝"},
	{"ko", "메일 링리스트 ", "에 대한 요청이 거부되었습니다", `"`, `"라는 제목의 메시지 게시`, "목록 중재자에 의해 거부되었습니다"},
}

// isRefusalSubject reports whether a Subject is the refusal's in form f.
func (f mailmanRefusalForm) isRefusalSubject(subject string) bool {
	s := mailtext.TrimSpace(subject)
	n := len(s) - len(f.subjectAfter)
	return n > len(f.subjectBefore) && mailtext.HasPrefixFold(s, f.subjectBefore) &&
		strings.EqualFold(s[n:], f.subjectAfter)
}

// postedSubject returns the span of the post's Subject in line when the
// line is a refused posting's request in form f.
func (f mailmanRefusalForm) postedSubject(line string) (start, end int, ok bool) {
	i := strings.Index(line, f.postingBefore)
	if i < 0 {
		return 0, 0, false
	}
	start = i + len(f.postingBefore)
	if f.postingAfter == "" {
		return start, len(strings.TrimRight(line, " \t\r")), true
	}
	j := strings.LastIndex(line[start:], f.postingAfter)
	if j < 0 {
		return 0, 0, false
	}
	return start, start + j, true
}

// mailmanSubjectMarks are the fixed parts of the refusal's Subjects, one
// a language.
func mailmanSubjectMarks() []dsn.Mark {
	ms := make([]dsn.Mark, 0, len(mailmanRefusalForms))
	for _, f := range mailmanRefusalForms {
		s := f.subjectBefore
		if s == "" {
			s = f.subjectAfter
		}
		ms = append(ms, holding("Subject", strings.TrimSpace(s)))
	}
	return ms
}

// mailmanOriginalMark starts the line before the copy of the post the
// refusal may append ('---------- ' + _('Original Message') + '
// ----------', in the member's language).
const mailmanOriginalMark = "---------- "

// mailmanSenderSuffixes are the local-part suffixes of the list
// addresses Mailman sends its notices from.
var mailmanSenderSuffixes = []string{"-owner", "-bounces", "-admin"}

func (mailmanDecoder) Marks() []dsn.Mark {
	return append([]dsn.Mark{holding("From", "-owner@")}, mailmanSubjectMarks()...)
}

func (d mailmanDecoder) Match(m *dsn.Message) bool {
	if !m.Header.Has(mailmanVersionField) {
		return false
	}
	return isMailmanRefusal(m) || isMailmanRejection(m)
}

// isMailmanRejection reports whether m has the layout of Mailman's
// rejection of a post: from the list's -owner address, a text part and
// the post attached under the notice's own Subject.
func isMailmanRejection(m *dsn.Message) bool {
	if m.MediaType() != "multipart/mixed" || len(m.Parts) < 2 || m.Parts[0].MediaType != "text/plain" {
		return false
	}
	if listOfSender(m.Header.Address("From"), "-owner") == "" || m.FindPart("message/rfc822") == nil {
		return false
	}
	orig, _ := m.Original()
	subject := mailtext.FoldSpace(m.Header.Text("Subject"))
	if orig.Subject == "" {
		// bounce_message's stand-in for a post without one.
		return strings.EqualFold(subject, "(no subject)")
	}
	return strings.EqualFold(subject, mailtext.FoldSpace(orig.Subject))
}

// isMailmanRefusal reports whether m is the moderator's refusal of a
// post (refuse.txt under its Subject, with the posting request line), in
// any language of mailmanRefusalForms.
func isMailmanRefusal(m *dsn.Message) bool {
	subject := m.Header.Text("Subject")
	if !slices.ContainsFunc(mailmanRefusalForms, func(f mailmanRefusalForm) bool { return f.isRefusalSubject(subject) }) {
		return false
	}
	if listOfSender(m.Header.Address("From"), mailmanSenderSuffixes...) == "" {
		return false
	}
	part := m.FindPart("text/plain")
	if part == nil {
		return false
	}
	text := part.Text()
	if _, _, ok := mailmanPostingLine(text); !ok {
		return false
	}
	folded := mailtext.FoldSpace(text)
	return slices.ContainsFunc(mailmanRefusalForms, func(f mailmanRefusalForm) bool {
		return f.words != "" && mailtext.ContainsFold(folded, f.words)
	})
}

// mailmanPostingLine returns the span in text of the post's Subject that
// the refusal's request line quotes, in any language of
// mailmanRefusalForms; ok is false when text has no such line.
func mailmanPostingLine(text string) (start, end int, ok bool) {
	for off := 0; off < len(text); {
		line := text[off:]
		if i := strings.IndexAny(line, "\r\n"); i >= 0 {
			line = line[:i]
		}
		for _, f := range mailmanRefusalForms {
			if s, e, ok := f.postedSubject(line); ok {
				return off + s, off + e, true
			}
		}
		off += len(line) + 1
	}
	return 0, 0, false
}

func (mailmanDecoder) Decode(m *dsn.Message) *dsn.Report {
	var list, diag string
	switch {
	case isMailmanRefusal(m):
		list = listOfSender(m.Header.Address("From"), mailmanSenderSuffixes...)
		diag = mailmanRefusalText(m.FindPart("text/plain").Text())
	case isMailmanRejection(m):
		list = listOfSender(m.Header.Address("From"), "-owner")
		diag = mailtext.FoldSpace(m.Parts[0].Text())
	default:
		return nil
	}
	return listRefusal(list, diag)
}

// mailmanRefusalText returns the words of a moderator's refusal: the
// notice without the copy of the post that may follow it and without
// the post's Subject, which the request line quotes and which says
// nothing of the refusal.
func mailmanRefusalText(s string) string {
	if i, _ := mailtext.IndexFoldAny(s, "\n"+mailmanOriginalMark, "\r"+mailmanOriginalMark); i >= 0 {
		s = s[:i]
	}
	if start, end, ok := mailmanPostingLine(s); ok {
		s = s[:start] + s[end:]
	}
	return mailtext.FoldSpace(s)
}
