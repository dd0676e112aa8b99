package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Mlmmj names the decoder of the mailing list manager mlmmj's notices.
const Mlmmj dsn.DecoderName = "mlmmj"

// mlmmjDecoder reads the notice mlmmj sends a poster whose post the list
// refused (mlmmj 1.3.0: src/mlmmj-process.c sends listtexts/<lang>/deny-post
// for a message over the list's size limit, a list address in neither To
// nor Cc, an access rule, a post from a non-subscriber or a non-moderator,
// and a moderator's refusal or a moderation that timed out). The post was
// not delivered to the list: the list's address is the failed recipient,
// as Google Groups' refusal of a post is its group's. The notice names the
// list in its Subject, in the list's language:
//
//	Subject: Post to dev@lists.example.org denied: <the post's Subject>
//
// then says why in its text part, and attaches the refused post as
// message/rfc822. The text is the recipient's diagnostic, without the
// post's Subject, which it quotes and which says nothing of the refusal.
type mlmmjDecoder struct{}

func (mlmmjDecoder) Name() dsn.DecoderName { return Mlmmj }

// mlmmjSubjects are the Subjects of listtexts/<lang>/deny-post in mlmmj
// 1.3.0, one a language (ast, cs, de, en, fi, fr, gr, it, pt, sk, zh-cn),
// the list's address in group 1, the post's Subject in group 2.
var mlmmjSubjects = lazyRegexp(`^(?:` +
	`Post to (\S+@\S+) denied: (.*)` +
	`|Ihre Nachricht an (\S+@\S+) wurde abgewiesen: (.*)` +
	`|Message à (\S+@\S+) refusé : (.*)` +
	`|Messaggio a (\S+@\S+) negato: (.*)` +
	`|Mensagem para (\S+@\S+) recusada: (.*)` +
	`|Mensaxe a (\S+@\S+) denegáu: (.*)` +
	`|Viesti listalle (\S+@\S+) hylättiin: (.*)` +
	`|Zaslat email do (\S+@\S+) není možné \((.*)\)` +
	`|发往 (\S+@\S+) 的邮件被拒绝：(.*)` +
	`|Odmietnutie príspevku\s+(.*) do (\S+@\S+)` +
	`|Το μήνυμα με θέμα (.*) απορρίφθηκε απο τη (\S+@\S+):` +
	`)$`)

// mlmmjSubjectWords are the fixed words of those Subjects, the decoder's
// marks.
var mlmmjSubjectWords = []string{
	" denied: ", " wurde abgewiesen: ", " refusé : ", " negato: ", " recusada: ", " denegáu: ",
	" hylättiin: ", " není možné (", " 的邮件被拒绝：", "Odmietnutie príspevku", " απορρίφθηκε απο τη ",
}

func (mlmmjDecoder) Marks() []dsn.Mark { return subjects(mlmmjSubjectWords...) }

func (mlmmjDecoder) Match(m *dsn.Message) bool {
	return subjectContains(m, mlmmjSubjectWords...) && m.FindPart("message/rfc822") != nil
}

// mlmmjSubject returns the list's address and the post's Subject a
// notice's Subject names, "" if it is no deny-post Subject.
func mlmmjSubject(s string) (list, post string) {
	sm := mlmmjSubjects().FindStringSubmatch(mailtext.FoldSpace(s))
	if sm == nil {
		return "", ""
	}
	// The groups come in pairs, one pair a language; Slovak and Greek
	// name the post's Subject first.
	for i := 1; i+1 < len(sm); i += 2 {
		a, b := sm[i], sm[i+1]
		if a == "" && b == "" {
			continue
		}
		if strings.Contains(a, "@") && dsn.Address(a) != "" {
			return dsn.Address(a), b
		}
		return dsn.Address(b), a
	}
	return "", ""
}

func (mlmmjDecoder) Decode(m *dsn.Message) *dsn.Report {
	list, post := mlmmjSubject(m.Header.Text("Subject"))
	if list == "" {
		return nil
	}
	text := m.FindPart("text/plain")
	if text == nil {
		return nil
	}
	diag := mailtext.FoldSpace(text.Text())
	if post = mailtext.FoldSpace(post); post != "" {
		diag = strings.ReplaceAll(diag, post, "")
	}
	return listRefusal(list, diag)
}
